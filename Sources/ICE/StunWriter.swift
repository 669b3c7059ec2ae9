// Writes a STUN message into a caller's buffer: the header, attributes with
// zeroed padding, then MESSAGE-INTEGRITY and FINGERPRINT, each computed with
// the header's length counting up to the end of that attribute (RFC 8489
// §14.5, §14.7). Shared by `StunMessage` and `IceLiteServer`.

import RTP

struct StunWriter {
    let buffer: UnsafeMutableRawBufferPointer
    private(set) var offset = Stun.headerSize

    /// The size of an attribute with a value of `valueLength` bytes, padding included.
    static func attributeSize(valueLength: Int) -> Int {
        4 + roundUp4(valueLength)
    }

    /// The size MESSAGE-INTEGRITY adds.
    static let integritySize = 4 + Stun.integritySize
    /// The size FINGERPRINT adds.
    static let fingerprintSize = 8

    /// Starts a message of `type` and `transactionID` in `buffer`.
    ///
    /// - Precondition: `buffer` holds the whole message (callers size it first).
    init(into buffer: UnsafeMutableRawBufferPointer, type: StunMessageType, transactionID: StunTransactionID) {
        precondition(buffer.count >= Stun.headerSize, "buffer too small for a STUN header")
        self.buffer = buffer
        buffer.put16(type.rawValue, at: 0)
        buffer.put16(0, at: 2)
        buffer.put32(Stun.magicCookie, at: 4)
        buffer.put32(transactionID.high, at: 8)
        buffer.put64(transactionID.low, at: 12)
    }

    /// Appends an attribute of `type` whose value `write` fills (`length`
    /// bytes); the padding is zeroed.
    mutating func append(_ type: UInt16, length: Int, _ write: (UnsafeMutableRawBufferPointer) -> Void) {
        let end = offset + Self.attributeSize(valueLength: length)
        precondition(end <= buffer.count && length <= 0xFFFF, "buffer too small for the STUN attribute")
        buffer.put16(type, at: offset)
        buffer.put16(UInt16(length), at: offset + 2)
        write(UnsafeMutableRawBufferPointer(rebasing: buffer[(offset + 4)..<(offset + 4 + length)]))
        for index in (offset + 4 + length)..<end { buffer[index] = 0 }
        offset = end
    }

    /// Appends MESSAGE-INTEGRITY keyed with `key`.
    mutating func appendIntegrity(key: UnsafeRawBufferPointer) {
        setLength(offset - Stun.headerSize + Self.integritySize)
        let message = UnsafeRawBufferPointer(rebasing: buffer[..<offset])
        append(StunAttributeType.messageIntegrity, length: Stun.integritySize) { value in
            // A failure of OpenSSL leaves zeros: the peer rejects the message.
            if !StunCrypto.hmacSHA1(key: key, message: message, into: value) {
                for index in value.indices { value[index] = 0 }
            }
        }
    }

    /// Appends MESSAGE-INTEGRITY with the 20 bytes of `value`, as received.
    mutating func appendIntegrity(value: [UInt8]) {
        setLength(offset - Stun.headerSize + Self.integritySize)
        append(StunAttributeType.messageIntegrity, length: Stun.integritySize) { field in
            for index in field.indices { field[index] = 0 }
            field.put(value.prefix(Stun.integritySize), at: 0)
        }
    }

    /// Appends FINGERPRINT.
    mutating func appendFingerprint() {
        setLength(offset - Stun.headerSize + Self.fingerprintSize)
        let crc = StunCrypto.crc32(UnsafeRawBufferPointer(rebasing: buffer[..<offset])) ^ Stun.fingerprintXor
        append(StunAttributeType.fingerprint, length: 4) { $0.put32(crc, at: 0) }
    }

    /// Sets the header's length to the attributes written and answers the message's size.
    func finish() -> Int {
        setLength(offset - Stun.headerSize)
        return offset
    }

    private func setLength(_ length: Int) {
        buffer.put16(UInt16(truncatingIfNeeded: length), at: 2)
    }
}
