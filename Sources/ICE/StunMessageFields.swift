// A STUN message read in place (RFC 8489 §5, §14): the header, then
// attributes, each a type-length-value padded to 32 bits:
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |         Type                  |            Length             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                         Value (variable)                ....
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Length counts the value before padding. MESSAGE-INTEGRITY protects what
// precedes it; only FINGERPRINT may follow it (others after it are ignored,
// §14.5), and nothing may follow FINGERPRINT (§14.7).

import RTP

/// The header and ICE attributes of a STUN message, read from a borrowed
/// datagram without copying or allocating. Ranges index that datagram.
///
/// The parser checks the framing and the FINGERPRINT (when present);
/// MESSAGE-INTEGRITY needs a key: see ``verifyMessageIntegrity(key:in:)``.
/// Of an attribute present more than once, the first counts (RFC 8489 §14).
public struct StunMessageFields: Sendable, Equatable {
    /// The class and method.
    public let type: StunMessageType
    /// The transaction id.
    public let transactionID: StunTransactionID
    /// The message's size, header included (the datagram's count).
    public let size: Int
    /// The USERNAME value (UTF-8), when present.
    public let usernameRange: Range<Int>?
    /// PRIORITY (RFC 8445 §7.1.1), when present.
    public let priority: UInt32?
    /// The tie-breaker of ICE-CONTROLLING, when present.
    public let iceControlling: UInt64?
    /// The tie-breaker of ICE-CONTROLLED, when present.
    public let iceControlled: UInt64?
    /// Whether USE-CANDIDATE is present.
    public let useCandidate: Bool
    /// NOMINATION (draft-thatcher-ice-renomination), when present.
    public let nomination: UInt32?
    /// ERROR-CODE's code (300–699), when present.
    public let errorCode: UInt16?
    /// ERROR-CODE's reason phrase (UTF-8), when ERROR-CODE is present.
    public let errorReasonRange: Range<Int>?
    /// XOR-MAPPED-ADDRESS, decoded, when present.
    public let xorMappedAddress: IceAddress?
    /// Where the MESSAGE-INTEGRITY attribute starts (its type field), when present.
    public let messageIntegrityOffset: Int?
    /// Where the FINGERPRINT attribute starts, when present (its value was checked).
    public let fingerprintOffset: Int?

    /// Parses the STUN message that fills `bytes`.
    ///
    /// - Throws: ``StunParseError`` for anything but one well-formed STUN
    ///   message with a right FINGERPRINT (when it has one).
    public init(parsing bytes: UnsafeRawBufferPointer) throws(StunParseError) {
        guard bytes.count >= Stun.headerSize else { throw .truncated(needed: Stun.headerSize, had: bytes.count) }
        guard bytes[0] & 0xC0 == 0, bytes.u32(4) == Stun.magicCookie else { throw .notStun }
        let length = Int(bytes.u16(2))
        guard length & 3 == 0, length == bytes.count - Stun.headerSize else {
            throw .badLength(field: length, had: bytes.count - Stun.headerSize)
        }
        let transactionID = StunTransactionID(high: bytes.u32(8), low: bytes.u64(12))
        self.type = StunMessageType(rawValue: bytes.u16(0))
        self.transactionID = transactionID
        self.size = bytes.count

        var username: Range<Int>?
        var priority: UInt32?
        var iceControlling: UInt64?
        var iceControlled: UInt64?
        var useCandidate = false
        var nomination: UInt32?
        var errorCode: UInt16?
        var errorReason: Range<Int>?
        var xorMappedAddress: IceAddress?
        var integrity: Int?
        var fingerprint: Int?

        var offset = Stun.headerSize
        while offset < bytes.count {
            guard fingerprint == nil else { throw .attributeAfterFingerprint }
            // The length is a multiple of 4, so 4 bytes of attribute header remain.
            let type = bytes.u16(offset)
            let valueLength = Int(bytes.u16(offset + 2))
            let value = (offset + 4)..<(offset + 4 + valueLength)
            guard offset + 4 + roundUp4(valueLength) <= bytes.count else {
                throw .badAttribute(type: type, length: valueLength)
            }
            let view = UnsafeRawBufferPointer(rebasing: bytes[value])
            func require(_ condition: Bool) throws(StunParseError) {
                if !condition { throw .badAttribute(type: type, length: valueLength) }
            }
            // After MESSAGE-INTEGRITY, only FINGERPRINT counts (RFC 8489 §14.5).
            let protected = integrity == nil
            switch type {
            case StunAttributeType.fingerprint:
                try require(valueLength == 4)
                let crc = StunCrypto.crc32(UnsafeRawBufferPointer(rebasing: bytes[..<offset]))
                guard view.u32(0) == crc ^ Stun.fingerprintXor else { throw .badFingerprint }
                fingerprint = offset
            case StunAttributeType.messageIntegrity where protected:
                try require(valueLength == Stun.integritySize)
                integrity = offset
            case StunAttributeType.username where protected:
                try require(valueLength <= Stun.maximumUsernameLength && isValidUTF8(view))
                if username == nil { username = value }
            case StunAttributeType.priority where protected:
                try require(valueLength == 4)
                if priority == nil { priority = view.u32(0) }
            case StunAttributeType.iceControlling where protected:
                try require(valueLength == 8)
                if iceControlling == nil { iceControlling = view.u64(0) }
            case StunAttributeType.iceControlled where protected:
                try require(valueLength == 8)
                if iceControlled == nil { iceControlled = view.u64(0) }
            case StunAttributeType.useCandidate where protected:
                try require(valueLength == 0)
                useCandidate = true
            case StunAttributeType.nomination where protected:
                try require(valueLength == 4)
                if nomination == nil { nomination = view.u32(0) }
            case StunAttributeType.errorCode where protected:
                try require(valueLength >= 4 && valueLength <= 4 + StunErrorCode.maximumReasonLength)
                let code = StunErrorCode.code(of: view)
                try require(code != nil && isValidUTF8(UnsafeRawBufferPointer(rebasing: view[4...])))
                if errorCode == nil {
                    errorCode = code
                    errorReason = (value.lowerBound + 4)..<value.upperBound
                }
            case StunAttributeType.xorMappedAddress where protected:
                let address = IceAddress(xorMapped: view, transactionID: transactionID)
                try require(address != nil)
                if xorMappedAddress == nil { xorMappedAddress = address }
            default:
                break  // Unknown, or ignored after MESSAGE-INTEGRITY.
            }
            offset += 4 + roundUp4(valueLength)
        }
        self.usernameRange = username
        self.priority = priority
        self.iceControlling = iceControlling
        self.iceControlled = iceControlled
        self.useCandidate = useCandidate
        self.nomination = nomination
        self.errorCode = errorCode
        self.errorReasonRange = errorReason
        self.xorMappedAddress = xorMappedAddress
        self.messageIntegrityOffset = integrity
        self.fingerprintOffset = fingerprint
    }

    /// Whether the message ends with a FINGERPRINT (which the parser checked).
    public var hasFingerprint: Bool { fingerprintOffset != nil }

    /// Whether the message carries MESSAGE-INTEGRITY and it is the HMAC-SHA1,
    /// keyed with `key`, of the message up to it, with the header's length
    /// counting up to the end of MESSAGE-INTEGRITY (RFC 8489 §14.5). For
    /// short-term credentials (ICE) the key is the password's UTF-8 bytes.
    ///
    /// - Parameter bytes: the datagram these fields were parsed from.
    public func verifyMessageIntegrity(key: UnsafeRawBufferPointer, in bytes: UnsafeRawBufferPointer) -> Bool {
        guard let offset = messageIntegrityOffset, bytes.count == size else { return false }
        return withUnsafeTemporaryAllocation(byteCount: offset + 2 * Stun.integritySize, alignment: 8) { scratch in
            let copy = UnsafeMutableRawBufferPointer(rebasing: scratch[..<offset])
            copy.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[..<offset]))
            copy.put16(UInt16(offset - Stun.headerSize + 4 + Stun.integritySize), at: 2)
            let digest = UnsafeMutableRawBufferPointer(rebasing: scratch[offset..<(offset + Stun.integritySize)])
            guard StunCrypto.hmacSHA1(key: key, message: UnsafeRawBufferPointer(copy), into: digest) else {
                return false
            }
            let received = UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<(offset + 4 + Stun.integritySize)])
            return StunCrypto.digestsEqual(UnsafeRawBufferPointer(digest), received)
        }
    }

    /// ``verifyMessageIntegrity(key:in:)`` with the key as an array.
    public func verifyMessageIntegrity(key: [UInt8], in bytes: UnsafeRawBufferPointer) -> Bool {
        key.withUnsafeBytes { verifyMessageIntegrity(key: $0, in: bytes) }
    }

    /// The USERNAME's part before its first colon: the receiver's own username
    /// fragment (RFC 8445 §7.2.2: the sender writes the receiver's fragment
    /// first), by which a socket shared by many agents finds the one addressed.
    /// Nil without USERNAME or colon.
    public func localUsernameFragmentRange(in bytes: UnsafeRawBufferPointer) -> Range<Int>? {
        guard let range = usernameRange, bytes.count == size,
            let colon = range.first(where: { bytes[$0] == UInt8(ascii: ":") })
        else {
            return nil
        }
        return range.lowerBound..<colon
    }

    /// Whether USERNAME is `localUsernameFragment`, a colon, then at least
    /// one more byte (RFC 8445 §7.2.2: the sender writes the receiver's
    /// fragment first). mediasoup also accepts nothing after the colon.
    public func usernameStarts(with localUsernameFragment: [UInt8], in bytes: UnsafeRawBufferPointer) -> Bool {
        guard let range = usernameRange, range.count > localUsernameFragment.count + 1, bytes.count == size else {
            return false
        }
        let fragmentEnd = range.lowerBound + localUsernameFragment.count
        return bytes[fragmentEnd] == UInt8(ascii: ":")
            && bytes.bytes(range.lowerBound..<fragmentEnd, equal: localUsernameFragment)
    }
}

/// Whether `bytes` are well-formed UTF-8, without allocating.
func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    while true {
        switch parser.parseScalar(from: &iterator) {
        case .valid: continue
        case .emptyInput: return true
        case .error: return false
        }
    }
}
