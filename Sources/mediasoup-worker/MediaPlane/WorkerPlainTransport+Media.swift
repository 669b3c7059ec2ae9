#if canImport(Glibc)
import Glibc
#endif
import Mediasoup
import NIOCore
import MediaEngine
import RTP
import SCTP

// Media through a PlainTransport: datagrams from the remote tuple (or, with
// comedia, from whoever sends first) are demultiplexed into RTP and RTCP;
// consumers' packets go to the remote tuple.

extension WorkerPlainTransport {
    /// Adopts the RTP (and RTCP) sockets into the event loop.
    func startReceiving() {
        let loop = runtime.eventLoop
        rtpChannel = UdpSocketChannel(adopting: socket, media: runtime.media, eventLoop: loop) {
            [unowned self] bytes, source in
            datagramArrived(bytes, from: source, onRtcpSocket: false)
        }
        if let rtcpSocket {
            rtcpChannel = UdpSocketChannel(adopting: rtcpSocket, media: runtime.media, eventLoop: loop) {
                [unowned self] bytes, source in
                datagramArrived(bytes, from: source, onRtcpSocket: true)
            }
        }
    }

    /// Takes a datagram from the remote, in its receive slot. With comedia,
    /// the first one fixes the remote; with SRTP, only one that unprotects (as
    /// mediasoup, which decrypts before it learns a tuple), and it is
    /// unprotected in place.
    private func datagramArrived(
        _ bytes: UnsafeMutableRawBufferPointer, from source: UnsafePointer<sockaddr>, onRtcpSocket: Bool
    ) {
        let known = onRtcpSocket ? remoteRtcpAddress : remoteAddress
        var learns = false
        if let known {
            guard known.matches(source) else {
                // Not from the connected remote: ignored (counted as received bytes only).
                received.add(bytes: bytes.count, at: monotonicMilliseconds())
                return
            }
        } else {
            guard comedia else {
                received.add(bytes: bytes.count, at: monotonicMilliseconds())
                return
            }
            learns = true
        }
        if !onRtcpSocket, SctpPacket.isSctp(UnsafeRawBufferPointer(bytes)) {
            // SCTP (data channels over UDP) teaches the remote too, as in mediasoup.
            received.add(bytes: bytes.count, at: monotonicMilliseconds())
            if learns { learnRemote(from: source, rtcp: onRtcpSocket) }
            receiveSctp(UnsafeRawBufferPointer(bytes))
            return
        }
        guard srtp != nil else {
            // As mediasoup: only a packet that parses as RTP or RTCP teaches the
            // remote (a port scan or a stray byte must not fix it for good).
            if learns, Self.parsesAsRtpOrRtcp(UnsafeRawBufferPointer(bytes)) {
                learnRemote(from: source, rtcp: onRtcpSocket)
            }
            receiveDatagram(bytes)
            return
        }
        // A closure literal passed straight to the non-escaping parameter: its
        // context stays on the stack (one kept in a local was heap-allocated
        // for every datagram).
        receiveProtectedDatagram(bytes, srtp: srtpSessions) {
            if learns { learnRemote(from: source, rtcp: onRtcpSocket) }
        }
    }

    /// Comedia: the remote of the RTP (or RTCP) socket becomes `source`.
    private func learnRemote(from source: UnsafePointer<sockaddr>, rtcp: Bool) {
        guard let address = SocketAddress(raw: source), let ip = address.ipAddress,
            let port = address.port.flatMap({ UInt16(exactly: $0) })
        else {
            return
        }
        learnRemote(rtcp: rtcp, ip: ip, port: port)
    }

    /// Whether `datagram` is a whole RTP header, or a compound whose first RTCP packet is whole.
    static func parsesAsRtpOrRtcp(_ datagram: UnsafeRawBufferPointer) -> Bool {
        switch PacketDemux.classify(datagram) {
        case .rtp:
            return (try? RTPHeaderFields.parse(datagram)) != nil
        case .rtcp:
            var packets = RTCPCompoundIterator(datagram)
            return (try? packets.next()) != nil
        default:
            return false
        }
    }

    /// The remote address of a tuple, once known.
    static func socketAddress(of tuple: TransportTuple?) -> SocketAddress? {
        guard let ip = tuple?.remoteIp, let port = tuple?.remotePort else { return nil }
        return try? SocketAddress(ipAddress: ip, port: Int(port))
    }
}
