#if canImport(Glibc)
import Glibc
#endif
import ICE
import Mediasoup
import NIOCore

/// A UDP socket that WebRTC transports receive on and send from: a
/// transport's own, or one that its WebRtcServer shares. Each datagram comes
/// out with its ICE tuple (this socket's address, the source, UDP).
///
/// - Important: Lives on the worker's event loop, as its owner.
final class WebRtcUdpSocket {
    /// A datagram in its receive slot (writable in place) and the tuple it arrived on.
    typealias DatagramHandler = (_ bytes: UnsafeMutableRawBufferPointer, _ tuple: IceTuple) -> Void

    /// The socket in the worker's event loop.
    let channel: UdpSocketChannel
    /// The bound socket, kept for its port reservation.
    private let socket: BoundSocket
    /// The address the socket is bound to: the local end of its tuples.
    let local: IceAddress
    /// The address candidates and tuples announce (the listen info's announced address, or the bound IP).
    let advertisedAddress: String
    let localPort: UInt16

    /// Adopts `socket` into the event loop; `onDatagram` takes what arrives
    /// (datagrams from a source that is not IPv4 or IPv6 are dropped).
    ///
    /// - Throws: ``MediasoupError`` when the bound address is not an IP address.
    init(adopting socket: BoundSocket, runtime: WorkerRuntime, onDatagram: @escaping DatagramHandler) throws {
        guard let local = (try? SocketAddress(ipAddress: socket.localIp, port: Int(socket.localPort))).flatMap(IceAddress.init)
        else {
            throw MediasoupError("cannot use \(socket.localIp):\(socket.localPort) as an ICE address")
        }
        self.local = local
        self.socket = socket
        self.advertisedAddress = socket.advertisedAddress
        self.localPort = socket.localPort
        channel = UdpSocketChannel(adopting: socket, media: runtime.media, eventLoop: runtime.eventLoop) {
            bytes, source in
            guard let remote = IceAddress(raw: source) else { return }
            onDatagram(bytes, IceTuple(local: local, remote: remote, transportProtocol: .udp))
        }
    }

    /// The contract's tuple for `tuple` (which arrived on this socket).
    func transportTuple(_ tuple: IceTuple) -> TransportTuple {
        TransportTuple(
            localAddress: advertisedAddress, localPort: localPort, remoteIp: tuple.remote.ipString,
            remotePort: tuple.remote.port, protocol: .udp)
    }

    func close() {
        channel.close()
        socket.close()
    }
}
