/// One direction of SRTP and SRTCP: an outbound session protects, an inbound
/// session unprotects, every SSRC under one master key (as libsrtp's
/// `ssrc_any_outbound` / `ssrc_any_inbound` templates and mediasoup's
/// `RTC::SrtpSession`). Packets are transformed in place in the caller's buffer.
///
/// The transforms are this module's own (RFC 3711, RFC 7714) on OpenSSL's
/// EVP ciphers: key derivation (``SRTPKeyDerivation``), the packet index and
/// rollover counter (``SRTPPacketIndex``), replay windows
/// (``SRTPReplayWindow``) and a bounded table of per-SSRC streams
/// (``SRTPStreamTable``). They agree with libsrtp 2.5 byte for byte and
/// decision for decision (the tests compare them packet by packet), but for
/// one case: an SRTCP packet with its E flag clear (authenticated, not
/// encrypted) is accepted on AES-CM too, where libsrtp refuses it.
///
/// The SRTP replay window is 1,024 packets by default (mediasoup's value;
/// libsrtp's own default is 128; RFC 3711 §3.3.2 asks for at least 64), the
/// SRTCP one 128. An outbound session may protect the same sequence number
/// twice, so a packet can be retransmitted without RTX (libsrtp's
/// `allow_repeat_tx`, as mediasoup sets it).
///
/// The packet path allocates nothing: the OpenSSL contexts are made with
/// the session and reused; memory is allocated only when a new SSRC's
/// stream is added.
///
/// - Important: A session is not thread-safe and is deliberately not
///   `Sendable`: every call mutates per-SSRC replay and rollover state and
///   reuses the cipher contexts, without locks. It belongs to the one event
///   loop of the transport that owns it; create, use and release it there.
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
    /// Packets the SRTP replay window of each stream covers.
    public var replayWindowSize: Int { streams.windowSize }
    /// Streams (SSRCs) the session keeps at most.
    public var maxStreams: Int { streams.maxStreams }
    /// Streams (SSRCs) the session keeps now.
    public var streamCount: Int { streams.count }

    /// The SRTP replay window when none is given: mediasoup's 1,024 packets.
    public static let defaultReplayWindowSize = 1024
    /// The stream table's bound when none is given. Each stream costs about
    /// 200 bytes with the default window.
    public static let defaultMaxStreams = 4096

    private let rtpCipher: any SRTPPacketCipher
    private let rtcpCipher: any SRTPPacketCipher
    private let streams: SRTPStreamTable

    /// Creates a session from the suite's master key followed by its master salt.
    ///
    /// - Parameters:
    ///   - replayWindowSize: packets of each SSRC's SRTP replay window,
    ///     rounded up to a multiple of 64 between 64 and 32,768.
    ///   - maxStreams: SSRCs kept at most (at least 1); a new SSRC beyond
    ///     them evicts the least recently used one.
    /// - Throws: ``SRTPError/invalidKeyLength(expected:actual:)`` unless
    ///   `masterKey` has ``SRTPCryptoSuite/masterKeyLength`` bytes;
    ///   ``SRTPError/library(status:)`` when OpenSSL refuses to set up a cipher.
    public convenience init(
        suite: SRTPCryptoSuite, direction: Direction, masterKey: [UInt8],
        replayWindowSize: Int = SRTPSession.defaultReplayWindowSize,
        maxStreams: Int = SRTPSession.defaultMaxStreams
    ) throws(SRTPError) {
        guard masterKey.count == suite.masterKeyLength else {
            throw .invalidKeyLength(expected: suite.masterKeyLength, actual: masterKey.count)
        }
        var keys = try SRTPKeyDerivation.sessionKeys(suite: suite, masterKeyAndSalt: masterKey)
        defer { keys.erase() }
        try self.init(
            suite: suite, direction: direction, sessionKeys: keys, replayWindowSize: replayWindowSize,
            maxStreams: maxStreams)
    }

    /// Creates a session from already derived session keys (the RFC test
    /// vectors give those rather than master keys).
    init(
        suite: SRTPCryptoSuite, direction: Direction, sessionKeys keys: SRTPSessionKeys,
        replayWindowSize: Int = SRTPSession.defaultReplayWindowSize,
        maxStreams: Int = SRTPSession.defaultMaxStreams
    ) throws(SRTPError) {
        if suite.isAEAD {
            rtpCipher = try SRTPCipherGCM(key: keys.rtpKey, salt: keys.rtpSalt)
            rtcpCipher = try SRTPCipherGCM(key: keys.rtcpKey, salt: keys.rtcpSalt)
        } else {
            rtpCipher = try SRTPCipherAESCM(
                key: keys.rtpKey, salt: keys.rtpSalt, authKey: keys.rtpAuthKey, tagLength: suite.rtpTagLength)
            rtcpCipher = try SRTPCipherAESCM(
                key: keys.rtcpKey, salt: keys.rtcpSalt, authKey: keys.rtcpAuthKey, tagLength: suite.rtcpTagLength)
        }
        self.suite = suite
        self.direction = direction
        let window = min(32_768, max(64, (replayWindowSize + 63) / 64 * 64))
        streams = SRTPStreamTable(maxStreams: maxStreams, windowSize: window)
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
    /// The packet index comes from the sequence number and the SSRC's
    /// highest index so far (``SRTPPacketIndex``); the first packet of an
    /// SSRC adds its stream.
    ///
    /// - Parameters:
    ///   - buffer: holds the packet from offset 0 and has at least
    ///     ``maxTrailerLength`` bytes of room after it.
    ///   - length: the RTP packet's length.
    /// - Throws: ``SRTPError/wrongDirection`` on an inbound session,
    ///   ``SRTPError/bufferTooSmall(needed:available:)``,
    ///   ``SRTPError/truncated(length:needed:)`` when the header (CSRCs,
    ///   extension) does not fit in `length`, ``SRTPError/replayed`` for a
    ///   sequence number further behind the stream's newest than the replay
    ///   window (libsrtp refuses it too), or ``SRTPError/library(status:)``.
    public func protectRTP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(SRTPError) -> Int {
        guard direction == .outbound else { throw .wrongDirection }
        try Self.check(buffer, length: length, room: maxTrailerLength)
        let headerLength = Self.rtpHeaderLength(buffer, length: length)
        guard length >= headerLength, let packet = buffer.baseAddress else {
            throw .truncated(length: length, needed: headerLength)
        }
        let ssrc = packet.loadBigEndianUInt32(at: 8)
        let sequence = packet.loadBigEndianUInt16(at: 2)
        let slot = streams.find(ssrc) ?? streams.insert(ssrc)
        let stream = streams.stream(at: slot)
        let estimate = SRTPPacketIndex.estimate(sequence: sequence, highest: stream.pointee.rtpHighest)
        let window = streams.window(at: slot)
        // A repeated index is allowed (retransmission); one behind the window is not.
        guard window.check(estimate) != .tooOld else { throw .replayed }
        stream.pointee.rtpHighest = window.add(estimate, highest: stream.pointee.rtpHighest)
        streams.touch(slot)
        return try rtpCipher.protectRTP(
            packet, length: length, headerLength: headerLength, ssrc: ssrc, index: estimate.index)
    }

    /// Verifies and decrypts the SRTP packet in `buffer[0..<length]` in place
    /// and returns the RTP packet's length (the tag removed).
    ///
    /// The replay window is checked before the tag, and the index recorded
    /// only once the tag verified; the stream of a new SSRC is added then.
    ///
    /// - Throws: ``SRTPError/authenticationFailed`` for tampered bytes or a
    ///   wrong key, ``SRTPError/replayed`` for an index already seen or behind
    ///   the window, ``SRTPError/truncated(length:needed:)`` for a packet
    ///   shorter than its header plus tag, ``SRTPError/wrongDirection`` on an
    ///   outbound session. After a failure the packet's bytes are undefined: drop it.
    public func unprotectRTP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(SRTPError) -> Int {
        guard direction == .inbound else { throw .wrongDirection }
        try Self.check(buffer, length: length, room: 0)
        let headerLength = Self.rtpHeaderLength(buffer, length: length)
        let needed = headerLength + suite.rtpTagLength
        guard length >= needed, let packet = buffer.baseAddress else {
            throw .truncated(length: length, needed: needed)
        }
        let ssrc = packet.loadBigEndianUInt32(at: 8)
        let sequence = packet.loadBigEndianUInt16(at: 2)
        let known = streams.find(ssrc)
        let estimate: SRTPPacketIndex
        if let known {
            let highest = streams.stream(at: known).pointee.rtpHighest
            estimate = SRTPPacketIndex.estimate(sequence: sequence, highest: highest)
            guard streams.window(at: known).check(estimate) == .fresh else { throw .replayed }
        } else {
            // A new SSRC: ROC 0, its index is its sequence number.
            estimate = SRTPPacketIndex.estimate(sequence: sequence, highest: 0)
        }
        let plainLength = try rtpCipher.unprotectRTP(
            packet, length: length, headerLength: headerLength, ssrc: ssrc, index: estimate.index)
        let slot = known ?? streams.insert(ssrc)
        let stream = streams.stream(at: slot)
        stream.pointee.rtpHighest = streams.window(at: slot).add(estimate, highest: stream.pointee.rtpHighest)
        streams.touch(slot)
        return plainLength
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
    /// ciphertext and the E flag and index come last (RFC 7714 §9). The E
    /// flag is always set (the compound packet is encrypted); the index of
    /// the sender SSRC's stream counts from 1.
    ///
    /// - Throws: as ``protectRTP(_:length:)``; `truncated` below 8 bytes;
    ///   ``SRTPError/keyExhausted`` after 2^31 - 1 packets of one SSRC.
    public func protectRTCP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(SRTPError) -> Int {
        guard direction == .outbound else { throw .wrongDirection }
        try Self.check(buffer, length: length, room: maxTrailerLength)
        guard length >= Self.rtcpHeaderLength, let packet = buffer.baseAddress else {
            throw .truncated(length: length, needed: Self.rtcpHeaderLength)
        }
        let ssrc = packet.loadBigEndianUInt32(at: 4)
        let slot = streams.find(ssrc) ?? streams.insert(ssrc)
        guard let index = streams.stream(at: slot).pointee.rtcp.nextOutboundIndex() else { throw .keyExhausted }
        streams.touch(slot)
        return try rtcpCipher.protectRTCP(packet, length: length, ssrc: ssrc, index: index)
    }

    /// Verifies and decrypts the SRTCP packet in `buffer[0..<length]` in place
    /// and returns the RTCP compound packet's length.
    ///
    /// A packet whose E flag is clear is verified and returned as it is
    /// (RFC 3711 §3.4, RFC 7714 §9.3). libsrtp refuses such a packet on an
    /// AES-CM session (its policy asks for encryption); both accept it on GCM.
    ///
    /// - Throws: as ``unprotectRTP(_:length:)``; `truncated` below the 8-byte
    ///   header plus the SRTCP index and tag.
    public func unprotectRTCP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(SRTPError) -> Int {
        guard direction == .inbound else { throw .wrongDirection }
        try Self.check(buffer, length: length, room: 0)
        let needed = Self.rtcpHeaderLength + SRTPCryptoSuite.srtcpIndexLength + suite.rtcpTagLength
        guard length >= needed, let packet = buffer.baseAddress else {
            throw .truncated(length: length, needed: needed)
        }
        let ssrc = packet.loadBigEndianUInt32(at: 4)
        let trailer = packet.loadBigEndianUInt32(at: rtcpCipher.srtcpTrailerOffset(length: length))
        let index = trailer & SRTCPReplayWindow.maximumIndex
        let known = streams.find(ssrc)
        if let known {
            guard streams.stream(at: known).pointee.rtcp.check(index) == .fresh else { throw .replayed }
        }
        let plainLength = try rtcpCipher.unprotectRTCP(
            packet, length: length, ssrc: ssrc, index: index, encrypted: trailer & srtcpEncryptedFlag != 0)
        let slot = known ?? streams.insert(ssrc)
        streams.stream(at: slot).pointee.rtcp.add(index)
        streams.touch(slot)
        return plainLength
    }

    // MARK: Streams

    /// Forgets the per-SSRC state (rollover counter, replay windows, SRTCP
    /// index) of `ssrc`, as when the producer or consumer sending it closes.
    /// An unknown SSRC is no error.
    public func removeStream(ssrc: UInt32) {
        streams.remove(ssrc)
    }

    /// The rollover counter of `ssrc`'s stream (its highest index's), or nil
    /// when the session keeps no stream for it.
    func rolloverCounter(ssrc: UInt32) -> UInt32? {
        guard let slot = streams.find(ssrc) else { return nil }
        return UInt32(truncatingIfNeeded: streams.stream(at: slot).pointee.rtpHighest >> 16)
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
        guard length >= 12, length <= buffer.count else { return 12 }
        let first = buffer[0]
        var headerLength = 12 + 4 * Int(first & 0x0F)
        guard first & 0x10 != 0 else { return headerLength }
        guard length >= headerLength + 4 else { return headerLength + 4 }
        let words = Int(buffer[headerLength + 2]) << 8 | Int(buffer[headerLength + 3])
        headerLength += 4 + 4 * words
        return headerLength
    }
}

@available(*, unavailable, message: "an SRTPSession belongs to one event loop; its per-SSRC state is not thread-safe")
extension SRTPSession: Sendable {}
