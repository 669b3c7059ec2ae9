import Mediasoup
import NIOCore
import RTP
import SRTP

// SDES SRTP on Plain and Pipe transports (RFC 3711, RFC 7714), as mediasoup's
// RTC::SrtpSession pair: once `connect` gives the remote key, an inbound
// session with the REMOTE key unprotects what arrives and an outbound session
// with the LOCAL key protects what is sent. Before that, an SRTP-enabled
// transport neither takes nor sends media.
//
//   datagram ──> demux (RTP/RTCP header is in the clear) ──> unprotect in place
//                  │ fails (tag, replay, truncated): counted, dropped
//                  └──> receiveRTP / receiveRTCP (the RTP listener)
//
//   sendRTP / sendRTCP ──> copied into the socket's write buffer with
//                          maxTrailerLength spare bytes ──> protect in place ──> wire

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
    /// - Throws: ``MediasoupError`` when libsrtp refuses a key (the keys were
    ///   validated before, so this means libsrtp itself failed).
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

    /// Unprotects the SRTP (or, for `.rtcp`, SRTCP) packet in `bytes` in place
    /// and trims the tag off: nil when it did. Otherwise the reason, counted in
    /// ``discarded``, and `bytes` are undefined: drop them.
    func unprotect(_ bytes: inout [UInt8], kind: PacketKind) -> SRTPError? {
        let result: Result<Int, SRTPError> = bytes.withUnsafeMutableBytes { buffer in
            do throws(SRTPError) {
                let length = kind == .rtcp
                    ? try inbound.unprotectRTCP(buffer, length: buffer.count)
                    : try inbound.unprotectRTP(buffer, length: buffer.count)
                return .success(length)
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let length):
            // Shortening keeps the storage: no reallocation.
            if length < bytes.count { bytes.removeSubrange(length...) }
            return nil
        case .failure(let error):
            discarded += 1
            return error
        }
    }

    // MARK: Outbound

    /// Protects `bytes` (RTP, or RTCP when `rtcp`) straight into the socket's
    /// write buffer and sends it; false when the socket is not ready or the
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
    func receiveProtectedDatagram(_ bytes: inout [UInt8], srtp: TransportSrtp?, before accept: () -> Void = {}) -> Bool {
        let kind = PacketDemux.classify(bytes)
        guard kind == .rtp || kind == .rtcp, let srtp else {
            dropProtected(bytes.count, kind: kind)
            return false
        }
        let wireLength = bytes.count
        if let error = srtp.unprotect(&bytes, kind: kind) {
            dropProtected(wireLength, kind: kind)
            // A few lines for a stream of bad packets: the 1st, 10th, 100th…
            if Self.isPowerOfTen(srtp.discarded) {
                runtime.log(
                    .warn,
                    "transport \(id): \(kind == .rtcp ? "SRTCP" : "SRTP") packet dropped (\(error)); \(srtp.discarded) so far")
            }
            return false
        }
        accept()
        if kind == .rtcp { receiveRTCP(bytes) } else { receiveRTP(bytes) }
        return true
    }

    private func dropProtected(_ length: Int, kind: PacketKind) {
        received.add(bytes: length)
        if kind == .rtp { rtpPacketsDiscarded += 1 }
    }

    private static func isPowerOfTen(_ value: Int) -> Bool {
        var rest = value
        while rest >= 10, rest % 10 == 0 { rest /= 10 }
        return rest == 1
    }
}
