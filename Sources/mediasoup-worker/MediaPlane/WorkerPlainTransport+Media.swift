#if canImport(Glibc)
import Glibc
#endif
import Mediasoup
import NIOCore
import RTP

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
                received.add(bytes: bytes.count)
                return
            }
        } else {
            guard comedia else {
                received.add(bytes: bytes.count)
                return
            }
            learns = true
        }
        let learn = { [self] in
            guard learns, let address = SocketAddress(raw: source), let ip = address.ipAddress,
                let port = address.port.flatMap({ UInt16(exactly: $0) })
            else {
                return
            }
            learnRemote(rtcp: onRtcpSocket, ip: ip, port: port)
        }
        guard srtp != nil else {
            learn()
            receiveDatagram(bytes)
            return
        }
        receiveProtectedDatagram(bytes, srtp: srtpSessions, before: learn)
    }

    /// The remote address of a tuple, once known.
    static func socketAddress(of tuple: TransportTuple?) -> SocketAddress? {
        guard let ip = tuple?.remoteIp, let port = tuple?.remotePort else { return nil }
        return try? SocketAddress(ipAddress: ip, port: Int(port))
    }
}
