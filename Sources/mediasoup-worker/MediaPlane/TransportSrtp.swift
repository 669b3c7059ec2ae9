import Mediasoup
import NIOCore
import MediaEngine
import RTP
import SRTP

// SRTP on Plain and Pipe transports (SDES keys) and WebRTC transports (keys
// from the DTLS handshake), RFC 3711 and RFC 7714, as mediasoup's
// RTC::SrtpSession pair: once `connect` (or DTLS) gives the remote key, an inbound
// session with the REMOTE key unprotects what arrives and an outbound session
// with the LOCAL key protects what is sent. Before that, an SRTP-enabled
// transport neither takes nor sends media.
//
//   datagram ──> demux (RTP/RTCP header is in the clear) ──> unprotect in place
//                  │ fails (tag, replay, truncated): counted, dropped
//                  └──> receiveRTP / receiveRTCP (the RTP listener)
//
//   consumer copy ──> written into a send-queue slot with maxTrailerLength
//                     spare bytes ──> protect in place ──> sendmmsg
//   sendRTCP ──> copied into the scratch slot ──> protect in place ──> sendto

/// The two SRTP sessions of a connected Plain or Pipe transport, and what
/// they refused.
///
/// - Important: Lives on the worker's event loop, as the transport that owns it
///   (``SRTPSession`` is not `Sendable`).
final class TransportSrtp {
    /// Unprotects received SRTP and SRTCP with the remote's master key.
    private let inbound: SRTPSession
    /// Protects sent RTP and RTCP with our master key.
    private let outbound: SRTPSession
    /// Received packets that did not authenticate, were replayed or were too
    /// short for their suite's tag: each one dropped.
    private(set) var discarded = 0
    /// Packets to send that could not be protected (a header longer than the packet).
    private(set) var protectFailures = 0

    /// Bytes protect may append; the write buffer keeps them spare.
    var maxTrailerLength: Int { outbound.maxTrailerLength }

    /// Both sessions of one crypto suite: the local key protects, the remote key unprotects.
    ///
    /// - Throws: ``MediasoupError`` when the SRTP module refuses a key (the
    ///   keys were validated before, so this means OpenSSL itself failed).
    init(suite: SrtpCryptoSuite, localKey: [UInt8], remoteKey: [UInt8]) throws(MediasoupError) {
        guard let srtpSuite = SRTPCryptoSuite(rawValue: suite.rawValue) else {
            throw MediasoupError("unsupported SRTP crypto suite \(suite.rawValue)")
        }
        do {
            inbound = try SRTPSession(suite: srtpSuite, direction: .inbound, masterKey: remoteKey)
            outbound = try SRTPSession(suite: srtpSuite, direction: .outbound, masterKey: localKey)
        } catch {
            throw MediasoupError("cannot create SRTP sessions: \(error)")
        }
    }

    // MARK: Inbound

    /// Unprotects the SRTP (or, for `.rtcp`, SRTCP) packet that fills
    /// `buffer` in place: its length without the tag, or the reason it does
    /// not unprotect, counted in ``discarded`` (the bytes are then undefined:
    /// drop them).
    func unprotect(_ buffer: UnsafeMutableRawBufferPointer, kind: PacketKind) -> Result<Int, SRTPError> {
        do throws(SRTPError) {
            let length =
                kind == .rtcp
                ? try inbound.unprotectRTCP(buffer, length: buffer.count)
                : try inbound.unprotectRTP(buffer, length: buffer.count)
            return .success(length)
        } catch {
            discarded += 1
            return .failure(error)
        }
    }

    /// Drops the inbound state of `ssrc` (its replay window, made at its
    /// first authentic packet): for SSRCs of no producer, and of producers
    /// that closed, so a peer cannot grow it without bound.
    func forgetInbound(ssrc: UInt32) {
        inbound.removeStream(ssrc: ssrc)
    }

    // MARK: Outbound

    /// Protects the RTP packet of `length` bytes at the start of `buffer` in
    /// place (the tag goes after it, within `buffer`): the protected length,
    /// or nil when it cannot be protected (counted in ``protectFailures``).
    func protectRTP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) -> Int? {
        do throws(SRTPError) {
            return try outbound.protectRTP(buffer, length: length)
        } catch {
            protectFailures += 1
            return nil
        }
    }

    /// Protects `bytes` (RTP, or RTCP when `rtcp`) in the media plane's
    /// scratch slot and sends it; false when the socket is closed or the
    /// packet cannot be protected.
    func send(_ bytes: [UInt8], rtcp: Bool, through channel: UdpSocketChannel, to address: SocketAddress) -> Bool {
        var failed = false
        let sent = channel.send(bytes, room: outbound.maxTrailerLength, to: address) { buffer, length in
            do throws(SRTPError) {
                return rtcp
                    ? try outbound.protectRTCP(buffer, length: length)
                    : try outbound.protectRTP(buffer, length: length)
            } catch {
                failed = true
                return nil
            }
        }
        if failed { protectFailures += 1 }
        return sent
    }

    /// `bytes` (RTP, or RTCP when `rtcp`) protected into a new array, for a
    /// path without a send queue (ICE-TCP); nil (counted) when it cannot be protected.
    func protected(_ bytes: [UInt8], rtcp: Bool) -> [UInt8]? {
        do throws(SRTPError) {
            return rtcp ? try outbound.protectRTCP(bytes) : try outbound.protectRTP(bytes)
        } catch {
            protectFailures += 1
            return nil
        }
    }
}

extension WorkerTransport {
    /// Takes a datagram of an SRTP transport from its remote: demultiplexes
    /// it, unprotects it in place with `srtp` and hands RTP and RTCP to the
    /// RTP listener. Without sessions yet (not connected), and for anything
    /// that does not unprotect, the datagram is counted (received bytes; RTP
    /// also as a discarded packet) and dropped.
    ///
    /// - Returns: whether the datagram was authentic SRTP or SRTCP (comedia
    ///   learns its remote only from such a datagram).
    @discardableResult
    func receiveProtectedDatagram(
        _ datagram: UnsafeMutableRawBufferPointer, srtp: TransportSrtp?, before accept: () -> Void = {}
    ) -> Bool {
        let kind = PacketDemux.classify(UnsafeRawBufferPointer(datagram))
        guard kind == .rtp || kind == .rtcp, let srtp else {
            dropProtected(datagram.count, kind: kind)
            return false
        }
        let length: Int
        switch srtp.unprotect(datagram, kind: kind) {
        case .success(let unprotected):
            length = unprotected
        case .failure(let error):
            dropProtected(datagram.count, kind: kind)
            // A few lines for a stream of bad packets: the 1st, 10th, 100th…
            if Self.isPowerOfTen(srtp.discarded) {
                runtime.log(
                    .warn,
                    "transport \(id): \(kind == .rtcp ? "SRTCP" : "SRTP") packet dropped (\(error)); \(srtp.discarded) so far")
            }
            return false
        }
        accept()
        let packet = UnsafeMutableRawBufferPointer(rebasing: datagram[..<min(length, datagram.count)])
        if kind == .rtcp {
            receiveRTCP(Array(packet))
        } else if !receiveRTP(packet), packet.count >= 12 {
            srtp.forgetInbound(ssrc: UnsafeRawBufferPointer(packet).u32(8))
        }
        return true
    }

    private func dropProtected(_ length: Int, kind: PacketKind) {
        received.add(bytes: length, at: monotonicMilliseconds())
        if kind == .rtp { rtpPacketsDiscarded += 1 }
    }

    private static func isPowerOfTen(_ value: Int) -> Bool {
        var rest = value
        while rest >= 10, rest % 10 == 0 { rest /= 10 }
        return rest == 1
    }
}
