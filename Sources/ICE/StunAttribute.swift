// The attributes an owned `StunMessage` holds, and ERROR-CODE's layout
// (RFC 8489 §14.8):
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |           Reserved, should be 0         |Class|     Number    |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |      Reason Phrase (variable)                                ..
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The code is Class × 100 + Number: class 3 to 6, number 0 to 99.

import RTP

/// One attribute of a ``StunMessage``. MESSAGE-INTEGRITY and FINGERPRINT
/// are not attributes here: the message adds them when it is serialized.
public enum StunAttribute: Sendable, Hashable {
    /// USERNAME (0x0006): for ICE, "RFRAG:LFRAG" as the receiver reads it.
    case username(String)
    /// SOFTWARE (0x8022): the agent's description.
    case software(String)
    /// PRIORITY (0x0024): the priority a peer-reflexive candidate would get.
    case priority(UInt32)
    /// USE-CANDIDATE (0x0025): the controlling agent nominates this pair.
    case useCandidate
    /// ICE-CONTROLLING (0x802A) and its tie-breaker.
    case iceControlling(UInt64)
    /// ICE-CONTROLLED (0x8029) and its tie-breaker.
    case iceControlled(UInt64)
    /// NOMINATION (0xC001, draft-thatcher-ice-renomination).
    case nomination(UInt32)
    /// XOR-MAPPED-ADDRESS (0x0020): the request's source as the server saw it.
    case xorMappedAddress(IceAddress)
    /// ERROR-CODE (0x0009): a code from 300 to 699 and a reason phrase.
    case errorCode(UInt16, reason: String)
    /// Any other attribute, its value as is (not a type listed above, nor
    /// MESSAGE-INTEGRITY or FINGERPRINT).
    case other(type: UInt16, value: [UInt8])

    /// The attribute's type number.
    public var type: UInt16 {
        switch self {
        case .username: StunAttributeType.username
        case .software: StunAttributeType.software
        case .priority: StunAttributeType.priority
        case .useCandidate: StunAttributeType.useCandidate
        case .iceControlling: StunAttributeType.iceControlling
        case .iceControlled: StunAttributeType.iceControlled
        case .nomination: StunAttributeType.nomination
        case .xorMappedAddress: StunAttributeType.xorMappedAddress
        case .errorCode: StunAttributeType.errorCode
        case .other(let type, _): type
        }
    }

    /// The value's length before padding.
    var valueLength: Int {
        switch self {
        case .username(let text), .software(let text): text.utf8.count
        case .priority, .nomination: 4
        case .useCandidate: 0
        case .iceControlling, .iceControlled: 8
        case .xorMappedAddress(let address): address.xorMappedSize
        case .errorCode(_, let reason): 4 + reason.utf8.count
        case .other(_, let value): value.count
        }
    }

    /// Writes the value (``valueLength`` bytes) into `value`.
    func writeValue(into value: UnsafeMutableRawBufferPointer, transactionID: StunTransactionID) {
        switch self {
        case .username(let text), .software(let text):
            value.put(text.utf8, at: 0)
        case .priority(let number), .nomination(let number):
            value.put32(number, at: 0)
        case .useCandidate:
            break
        case .iceControlling(let tieBreaker), .iceControlled(let tieBreaker):
            value.put64(tieBreaker, at: 0)
        case .xorMappedAddress(let address):
            address.writeXorMapped(into: value, at: 0, transactionID: transactionID)
        case .errorCode(let code, let reason):
            StunErrorCode.write(code, into: value)
            value.put(reason.utf8, at: 4)
        case .other(_, let bytes):
            value.put(bytes, at: 0)
        }
    }
}

/// ERROR-CODE's fixed part.
enum StunErrorCode {
    /// The longest reason phrase in bytes (RFC 8489 §14.8: 128 characters, 509 bytes;
    /// RFC 5389 allowed 763).
    static let maximumReasonLength = 763

    /// The code of an ERROR-CODE value; nil when its class or number is out of range.
    static func code(of value: UnsafeRawBufferPointer) -> UInt16? {
        guard value.count >= 4 else { return nil }
        let errorClass = UInt16(value[2] & 0x07)
        let number = UInt16(value[3])
        guard (3...6).contains(errorClass), number < 100 else { return nil }
        return errorClass * 100 + number
    }

    /// Writes the 4 fixed bytes of `code`.
    static func write(_ code: UInt16, into value: UnsafeMutableRawBufferPointer) {
        value.put16(0, at: 0)
        value[2] = UInt8(truncatingIfNeeded: code / 100) & 0x07
        value[3] = UInt8(truncatingIfNeeded: code % 100)
    }

    /// The reason phrases of the codes an ICE-lite agent answers (RFC 8489 §14.8, RFC 8445 §7.3.1.1).
    static func reason(_ code: UInt16) -> StaticString {
        switch code {
        case 400: "Bad Request"
        case 401: "Unauthenticated"
        case 420: "Unknown Attribute"
        case 487: "Role Conflict"
        case 500: "Server Error"
        default: ""
        }
    }
}
