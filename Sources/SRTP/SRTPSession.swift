import CSRTP

/// One direction of SRTP and SRTCP on libsrtp2: an outbound session protects,
/// an inbound session unprotects, every SSRC under one master key (libsrtp's
/// `ssrc_any_outbound` / `ssrc_any_inbound` templates, as mediasoup's
/// `RTC::SrtpSession`). Packets are transformed in place in the caller's buffer.
///
/// The replay window is 1,024 packets (RFC 3711 §3.3.2 asks for at least 64);
/// an outbound session may protect the same sequence number twice, so a
/// packet can be retransmitted without RTX (`allow_repeat_tx`, as mediasoup).
///
/// - Important: A session is not thread-safe and is deliberately not
///   `Sendable`: libsrtp mutates its per-SSRC replay and rollover state on
///   every call without locks. It belongs to the one event loop of the
///   transport that owns it; create, use and release it there.
/// - Important: libsrtp reads the packet's 32-bit words in place and documents
///   that it expects the packet to start on a 4-byte boundary. Buffers from
///   `malloc`, arrays and NIO's `ByteBuffer` storage are aligned; do not hand
///   in an odd offset into one.
public final class SRTPSession {
    /// Whether a session protects what we send or unprotects what we receive.
    public enum Direction: Sendable, Hashable {
        /// Unprotects received SRTP and SRTCP.
        case inbound
        /// Protects RTP and RTCP to send.
        case outbound
    }

    /// The crypto suite both SRTP and SRTCP use.
    public let suite: SRTPCryptoSuite
    /// Which of protect or unprotect this session does.
    public let direction: Direction
    /// The most bytes ``protectRTP(_:length:)`` or ``protectRTCP(_:length:)``
    /// append: a protect buffer must have this much room after the packet.
    public var maxTrailerLength: Int { suite.maxTrailerLength }

    private let context: srtp_t

    /// Creates a session from the suite's master key followed by its master salt.
    ///
    /// - Throws: ``SRTPError/invalidKeyLength(expected:actual:)`` unless
    ///   `masterKey` has ``SRTPCryptoSuite/masterKeyLength`` bytes;
    ///   ``SRTPError/library(status:)`` when libsrtp refuses to initialise.
    public init(suite: SRTPCryptoSuite, direction: Direction, masterKey: [UInt8]) throws(SRTPError) {
        guard masterKey.count == suite.masterKeyLength else {
            throw .invalidKeyLength(expected: suite.masterKeyLength, actual: masterKey.count)
        }
        guard SRTPLibrary.initialized else {
            throw .library(status: Int32(srtp_err_status_init_fail.rawValue))
        }
        var policy = srtp_policy_t()
        suite.apply(rtp: &policy.rtp, rtcp: &policy.rtcp)
        policy.ssrc.type = direction == .inbound ? ssrc_any_inbound : ssrc_any_outbound
        policy.ssrc.value = 0
        policy.window_size = 1024
        policy.allow_repeat_tx = 1
        policy.next = nil
        var key = masterKey
        var created: srtp_t? = nil
        // libsrtp derives the session keys inside srtp_create and keeps no
        // pointer to the master key.
        let status = key.withUnsafeMutableBufferPointer { keyBytes in
            policy.key = keyBytes.baseAddress
            return srtp_create(&created, &policy)
        }
        for index in key.indices { key[index] = 0 }
        guard status == srtp_err_status_ok, let created else { throw SRTPError(status: status) }
        self.suite = suite
        self.direction = direction
        self.context = created
    }

    deinit {
        srtp_dealloc(context)
    }

    // MARK: SRTP

    /// Protects the RTP packet in `buffer[0..<length]` in place and returns the
    /// SRTP packet's length.
    ///
    /// ```
    ///  0                   1                   2                   3
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+<+
    /// |V=2|P|X|  CC   |M|     PT      |       sequence number         | |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
    /// |                           timestamp                           | |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
    /// |           synchronization source (SSRC) identifier            | |
    /// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+ |
    /// |            contributing source (CSRC) identifiers             | |
    /// |                               ....                            | |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
    /// |                   RTP extension (OPTIONAL)                    | |
    /// +>+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
    /// | |                          payload  ...                       | |
    /// | |                               +-------------------------------+ |
    /// | |                               | RTP padding   | RTP pad count | |
    /// +>+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+<+
    /// | ~                authentication tag (10, 4 or 16 bytes)         ~ |
    /// | +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
    /// |                                                                   |
    /// +- encrypted portion                       authenticated portion ---+
    /// ```
    /// RFC 3711 §3.1; with the AEAD suites the header is associated data and
    /// the tag is GCM's (RFC 7714 §8). Header extensions stay in the clear.
    ///
    /// - Parameters:
    ///   - buffer: holds the packet from offset 0 and has at least
    ///     ``maxTrailerLength`` bytes of room after it.
    ///   - length: the RTP packet's length.
    /// - Throws: ``SRTPError/wrongDirection`` on an inbound session,
    ///   ``SRTPError/bufferTooSmall(needed:available:)``,
    ///   ``SRTPError/truncated(length:needed:)`` when the header (CSRCs,
    ///   extension) does not fit in `length`, or a libsrtp failure.
    public func protectRTP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(SRTPError) -> Int {
        guard direction == .outbound else { throw .wrongDirection }
        try Self.check(buffer, length: length, room: maxTrailerLength)
        let needed = Self.rtpHeaderLength(buffer, length: length)
        guard length >= needed else { throw .truncated(length: length, needed: needed) }
        return try transform(buffer, length: length, srtp_protect)
    }

    /// Verifies and decrypts the SRTP packet in `buffer[0..<length]` in place
    /// and returns the RTP packet's length (the tag removed).
    ///
    /// - Throws: ``SRTPError/authenticationFailed`` for tampered bytes or a
    ///   wrong key, ``SRTPError/replayed`` for an index already seen or behind
    ///   the window, ``SRTPError/truncated(length:needed:)`` for a packet
    ///   shorter than its header plus tag, ``SRTPError/wrongDirection`` on an
    ///   outbound session. After a failure the packet's bytes are undefined: drop it.
    public func unprotectRTP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(SRTPError) -> Int {
        guard direction == .inbound else { throw .wrongDirection }
        try Self.check(buffer, length: length, room: 0)
        let needed = Self.rtpHeaderLength(buffer, length: length) + suite.rtpTagLength
        guard length >= needed else { throw .truncated(length: length, needed: needed) }
        return try transform(buffer, length: length, srtp_unprotect)
    }

    // MARK: SRTCP

    /// Protects the RTCP compound packet in `buffer[0..<length]` in place and
    /// returns the SRTCP packet's length.
    ///
    /// ```
    ///  0                   1                   2                   3
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+<+
    /// |V=2|P|    RC   |   PT=SR or RR   |             length          | |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
    /// |                         SSRC of sender                        | |
    /// +>+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
    /// | ~                rest of the compound RTCP packet               ~ |
    /// +>+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
    /// |E|                         SRTCP index                         | |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+<+
    /// ~                authentication tag (10 bytes)                  ~ |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
    ///  encrypted portion: after the first 8 bytes    authenticated ----+
    /// ```
    /// RFC 3711 §3.4. With the AEAD suites the 16-byte GCM tag follows the
    /// ciphertext and the E flag and index come last (RFC 7714 §9).
    ///
    /// - Throws: as ``protectRTP(_:length:)``; `truncated` below 8 bytes.
    public func protectRTCP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(SRTPError) -> Int {
        guard direction == .outbound else { throw .wrongDirection }
        try Self.check(buffer, length: length, room: maxTrailerLength)
        guard length >= Self.rtcpHeaderLength else { throw .truncated(length: length, needed: Self.rtcpHeaderLength) }
        return try transform(buffer, length: length, srtp_protect_rtcp)
    }

    /// Verifies and decrypts the SRTCP packet in `buffer[0..<length]` in place
    /// and returns the RTCP compound packet's length.
    ///
    /// - Throws: as ``unprotectRTP(_:length:)``; `truncated` below the 8-byte
    ///   header plus the SRTCP index and tag.
    public func unprotectRTCP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(SRTPError) -> Int {
        guard direction == .inbound else { throw .wrongDirection }
        try Self.check(buffer, length: length, room: 0)
        let needed = Self.rtcpHeaderLength + SRTPCryptoSuite.srtcpIndexLength + suite.rtcpTagLength
        guard length >= needed else { throw .truncated(length: length, needed: needed) }
        return try transform(buffer, length: length, srtp_unprotect_rtcp)
    }

    // MARK: Streams

    /// Forgets the per-SSRC state (rollover counter, replay window, SRTCP
    /// index) of `ssrc`, as when the producer or consumer sending it closes.
    /// libsrtp allocates that state on the first packet of each SSRC.
    public func removeStream(ssrc: UInt32) {
        // libsrtp takes the SSRC in network byte order; an unknown SSRC is no error here.
        _ = srtp_remove_stream(context, ssrc.bigEndian)
    }

    // MARK: Internals

    /// An RTCP packet's fixed header: V/P/RC, PT, length and the sender's SSRC.
    static let rtcpHeaderLength = 8
    /// Longest packet accepted: a UDP datagram carries at most 65,535 bytes.
    static let maxPacketLength = 65_535

    private static func check(_ buffer: UnsafeMutableRawBufferPointer, length: Int, room: Int) throws(SRTPError) {
        guard length >= 0 else { throw .truncated(length: length, needed: 0) }
        guard length <= maxPacketLength else { throw .oversized(length: length, maximum: maxPacketLength) }
        guard length + room <= buffer.count else {
            throw .bufferTooSmall(needed: length + room, available: buffer.count)
        }
    }

    /// The length the RTP header claims: 12 bytes, 4 per CSRC, and the header
    /// extension's 4-byte head plus its words when X is set (RFC 3550 §5.1, §5.3.1).
    /// Reads only bytes below `length`; when they run out it answers how many it needed.
    static func rtpHeaderLength(_ buffer: UnsafeMutableRawBufferPointer, length: Int) -> Int {
        guard length >= 12 else { return 12 }
        let first = buffer[0]
        var headerLength = 12 + 4 * Int(first & 0x0F)
        guard first & 0x10 != 0 else { return headerLength }
        guard length >= headerLength + 4 else { return headerLength + 4 }
        let words = Int(buffer[headerLength + 2]) << 8 | Int(buffer[headerLength + 3])
        headerLength += 4 + 4 * words
        return headerLength
    }

    private typealias Transform = (srtp_t?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int32>?) -> srtp_err_status_t

    private func transform(
        _ buffer: UnsafeMutableRawBufferPointer, length: Int, _ operation: Transform
    ) throws(SRTPError) -> Int {
        var octets = Int32(length)
        let status = operation(context, buffer.baseAddress, &octets)
        guard status == srtp_err_status_ok else { throw SRTPError(status: status) }
        return Int(octets)
    }
}

@available(*, unavailable, message: "an SRTPSession belongs to one event loop; libsrtp state is not thread-safe")
extension SRTPSession: Sendable {}
