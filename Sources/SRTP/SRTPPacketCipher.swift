/// The packet transforms of one crypto suite under one set of session keys
/// (SRTP's or SRTCP's): in place over a caller's buffer, with the index the
/// session estimated or counted. They check no lengths and keep no
/// per-stream state: ``SRTPSession`` parses, bounds-checks and keeps the
/// replay and rollover state, then calls these.
///
/// - Important: Implementations allocate nothing and are not thread-safe
///   (their OpenSSL contexts and scratch bytes are reused on every call).
protocol SRTPPacketCipher: AnyObject {
    /// Encrypts the payload of the RTP packet `packet[0..<length]` (after its
    /// `headerLength`-byte header) and writes the tag after it; returns the
    /// SRTP packet's length.
    func protectRTP(
        _ packet: UnsafeMutableRawPointer, length: Int, headerLength: Int, ssrc: UInt32, index: UInt64
    ) throws(SRTPError) -> Int

    /// Verifies the tag of the SRTP packet `packet[0..<length]` and decrypts
    /// its payload; returns the RTP packet's length.
    ///
    /// - Throws: ``SRTPError/authenticationFailed`` when the tag does not verify.
    func unprotectRTP(
        _ packet: UnsafeMutableRawPointer, length: Int, headerLength: Int, ssrc: UInt32, index: UInt64
    ) throws(SRTPError) -> Int

    /// Encrypts the RTCP compound packet `packet[0..<length]` after its
    /// 8-byte header, appends the E flag with `index` and the tag (in the
    /// order of the suite); returns the SRTCP packet's length.
    func protectRTCP(
        _ packet: UnsafeMutableRawPointer, length: Int, ssrc: UInt32, index: UInt32
    ) throws(SRTPError) -> Int

    /// Verifies the SRTCP packet `packet[0..<length]` (trailer and tag
    /// included) and, when `encrypted` (its E flag), decrypts it; returns the
    /// RTCP compound packet's length.
    ///
    /// - Throws: ``SRTPError/authenticationFailed`` when the tag does not verify.
    func unprotectRTCP(
        _ packet: UnsafeMutableRawPointer, length: Int, ssrc: UInt32, index: UInt32, encrypted: Bool
    ) throws(SRTPError) -> Int

    /// The offset of the 4-byte E flag and SRTCP index in an SRTCP packet of
    /// `length` bytes: before the tag (AES-CM, RFC 3711 §3.4) or after it
    /// (GCM, RFC 7714 §9.2).
    func srtcpTrailerOffset(length: Int) -> Int
}

/// The E flag of the SRTCP trailer's first bit (RFC 3711 §3.4).
let srtcpEncryptedFlag: UInt32 = 0x8000_0000

extension UnsafeMutableRawPointer {
    /// The big-endian `UInt32` at `offset` (any alignment).
    @inline(__always)
    func loadBigEndianUInt32(at offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The big-endian `UInt16` at `offset` (any alignment).
    @inline(__always)
    func loadBigEndianUInt16(at offset: Int) -> UInt16 {
        UInt16(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// Writes `value` big-endian at `offset` (any alignment).
    @inline(__always)
    func storeBigEndian<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        storeBytes(of: value.bigEndian, toByteOffset: offset, as: T.self)
    }

    /// The same address as bytes, for OpenSSL's `unsigned char *` parameters.
    @inline(__always)
    var bytes: UnsafeMutablePointer<UInt8> {
        assumingMemoryBound(to: UInt8.self)
    }
}
