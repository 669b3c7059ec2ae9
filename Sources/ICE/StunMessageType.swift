// The STUN header (RFC 8489 §5) and its message type field (§5, figure 3).
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |0 0|     STUN Message Type     |         Message Length        |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                         Magic Cookie                          |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                                                               |
//  |                     Transaction ID (96 bits)                  |
//  |                                                               |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The message type interleaves a 12-bit method (M11–M0) and a 2-bit class
// (C1 C0):
//
//   0                 1
//   2  3  4 5 6 7 8 9 0 1 2 3 4 5
//  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
//  |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
//  |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
//  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+

import RTP

/// The class of a STUN message (RFC 8489 §5).
public enum StunClass: UInt8, Sendable, Hashable {
    /// A request, answered by a response.
    case request = 0b00
    /// An indication: no response.
    case indication = 0b01
    /// A success response.
    case successResponse = 0b10
    /// An error response, with ERROR-CODE.
    case errorResponse = 0b11
}

/// A STUN method: 12 bits (RFC 8489 §18.2). Only Binding is defined for ICE.
public struct StunMethod: RawRepresentable, Sendable, Hashable {
    /// The method's 12-bit number (higher bits are dropped).
    public let rawValue: UInt16

    /// The method numbered `rawValue & 0xFFF`.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue & 0x0FFF
    }

    /// Binding (0x001), the method of ICE connectivity checks.
    public static let binding = StunMethod(rawValue: 0x001)
}

/// The 14-bit message type of a STUN header: class and method.
public struct StunMessageType: Sendable, Hashable {
    /// Request, indication, success or error response.
    public var messageClass: StunClass
    /// The method (Binding for ICE).
    public var method: StunMethod

    /// A type of `messageClass` and `method`.
    public init(_ messageClass: StunClass, _ method: StunMethod = .binding) {
        self.messageClass = messageClass
        self.method = method
    }

    /// The type encoded in the header's first 16 bits (the top two must be 0,
    /// which the parser checks; here they are ignored).
    public init(rawValue: UInt16) {
        let method = (rawValue & 0x000F) | (rawValue & 0x00E0) >> 1 | (rawValue & 0x3E00) >> 2
        let classBits = UInt8(truncatingIfNeeded: (rawValue & 0x0100) >> 7 | (rawValue & 0x0010) >> 4)
        self.messageClass = StunClass(rawValue: classBits) ?? .request
        self.method = StunMethod(rawValue: method)
    }

    /// The header's first 16 bits.
    public var rawValue: UInt16 {
        let method = self.method.rawValue
        let classBits = UInt16(messageClass.rawValue)
        return (method & 0x0F80) << 2 | (method & 0x0070) << 1 | (method & 0x000F)
            | (classBits & 0b10) << 7 | (classBits & 0b01) << 4
    }
}

/// A STUN transaction id: 96 bits (RFC 8489 §5).
public struct StunTransactionID: Sendable, Hashable {
    /// The first 32 bits.
    public var high: UInt32
    /// The last 64 bits.
    public var low: UInt64

    /// The id whose 12 bytes are `high` then `low`, big-endian.
    public init(high: UInt32, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The id of 12 `bytes`; nil for another count.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 12 else { return nil }
        var value: (UInt32, UInt64) = (0, 0)
        for (index, byte) in bytes.enumerated() {
            if index < 4 {
                value.0 = value.0 << 8 | UInt32(byte)
            } else {
                value.1 = value.1 << 8 | UInt64(byte)
            }
        }
        self.init(high: value.0, low: value.1)
    }

    /// A random id from `generator` (RFC 8489 §6: uniformly random).
    public static func random(using generator: inout some RandomNumberGenerator) -> StunTransactionID {
        StunTransactionID(high: generator.next(), low: generator.next())
    }

    /// The 12 bytes.
    public var bytes: [UInt8] {
        makeBytes(size: 12) { buffer in
            buffer.put32(high, at: 0)
            buffer.put64(low, at: 4)
            return 12
        }
    }
}

/// The STUN constants of the header and attribute types.
enum Stun {
    /// The fixed header's size.
    static let headerSize = 20
    /// The magic cookie (RFC 8489 §5).
    static let magicCookie: UInt32 = 0x2112_A442
    /// Xored into the CRC-32 of FINGERPRINT (RFC 8489 §14.7).
    static let fingerprintXor: UInt32 = 0x5354_554E
    /// The HMAC-SHA1 size of MESSAGE-INTEGRITY.
    static let integritySize = 20
    /// USERNAME must be fewer than 513 bytes (RFC 5389 §15.3; RFC 8489 says 509).
    static let maximumUsernameLength = 512
}

/// The attribute types this module reads or writes (RFC 8489 §18.3, RFC 8445 §20.1).
enum StunAttributeType {
    static let mappedAddress: UInt16 = 0x0001
    static let username: UInt16 = 0x0006
    static let messageIntegrity: UInt16 = 0x0008
    static let errorCode: UInt16 = 0x0009
    static let xorMappedAddress: UInt16 = 0x0020
    static let priority: UInt16 = 0x0024
    static let useCandidate: UInt16 = 0x0025
    static let software: UInt16 = 0x8022
    static let fingerprint: UInt16 = 0x8028
    static let iceControlled: UInt16 = 0x8029
    static let iceControlling: UInt16 = 0x802A
    /// draft-thatcher-ice-renomination: a 32-bit nomination value.
    static let nomination: UInt16 = 0xC001
}
