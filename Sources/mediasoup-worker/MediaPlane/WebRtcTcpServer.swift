import ICE
import Mediasoup
import NIOCore
import NIOPosix

/// A listening TCP socket that WebRTC transports take ICE-TCP connections
/// on (RFC 6544 passive candidates): a transport's own, or one its
/// WebRtcServer shares. Each accepted connection carries RFC 4571 frames;
/// each frame comes out in a receive slot with its ICE tuple (this socket's
/// address, the peer's, TCP), as a datagram of a UDP socket does.
///
/// Connections are bounded (``maximumConnections``: more are refused at
/// accept), and a frame over a receive slot closes its connection.
///
/// - Important: Lives on the worker's event loop, as its owner; so do its
///   connections (accepted on the same loop).
final class WebRtcTcpServer {
    /// A frame in its receive slot (writable in place) and the tuple it arrived on.
    typealias FrameHandler = (_ bytes: UnsafeMutableRawBufferPointer, _ tuple: IceTuple) -> Void
    /// A connection of `tuple` ended (closed by the peer, by error, or by us).
    typealias ClosedHandler = (_ tuple: IceTuple) -> Void

    /// The bound socket, kept for its port reservation.
    private let socket: BoundSocket
    /// The address the socket is bound to: the local end of its tuples.
    let local: IceAddress
    let advertisedAddress: String
    let localPort: UInt16
    /// Open connections at most; one more is closed as soon as accepted.
    let maximumConnections: Int
    /// The bound of a transport's own listener: twice the tuples its ICE agent keeps.
    static let transportConnectionLimit = 2 * IceLiteServer.maximumTuples
    /// The bound of a WebRtcServer's listener, which many transports share.
    static let serverConnectionLimit = 1024
    private let media: MediaPlane
    private var onFrame: FrameHandler?
    private var onClosed: ClosedHandler?
    private var listener: (any Channel)?
    private var closed = false
    /// The open connections, by tuple.
    private(set) var connections: [IceTuple: WebRtcTcpConnection] = [:]
    /// Connections refused (over the bound) or closed for a frame over the limit.
    private(set) var refusedConnections = 0

    /// Adopts the listening `socket` into the event loop.
    ///
    /// - Throws: ``MediasoupError`` when the bound address is not an IP address.
    init(
        adopting socket: BoundSocket, runtime: WorkerRuntime, maximumConnections: Int,
        onFrame: @escaping FrameHandler, onClosed: @escaping ClosedHandler
    ) throws {
        guard let local = (try? SocketAddress(ipAddress: socket.localIp, port: Int(socket.localPort))).flatMap(IceAddress.init)
        else {
            throw MediasoupError("cannot use \(socket.localIp):\(socket.localPort) as an ICE address")
        }
        self.local = local
        self.socket = socket
        self.advertisedAddress = socket.advertisedAddress
        self.localPort = socket.localPort
        self.maximumConnections = maximumConnections
        self.media = runtime.media
        self.onFrame = onFrame
        self.onClosed = onClosed
        guard let descriptor = socket.takeDescriptor() else {
            closed = true
            return
        }
        let owner = NIOLoopBound(self, eventLoop: runtime.eventLoop)
        ServerBootstrap(group: runtime.eventLoop)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(TcpConnectionHandler(server: owner))
                }
            }
            .withBoundSocket(descriptor)
            .assumeIsolated()
            .whenComplete { [self] result in
                switch result {
                case .success(let channel):
                    if closed { channel.close(promise: nil) } else { listener = channel }
                case .failure(let error):
                    runtime.log(.warn, "TCP listener \(local): not adopted: \(error)")
                }
            }
    }

    /// The connection of `tuple`, if open.
    func connection(for tuple: IceTuple) -> WebRtcTcpConnection? {
        connections[tuple]
    }

    /// The contract's tuple for `tuple` (which arrived on this listener).
    func transportTuple(_ tuple: IceTuple) -> TransportTuple {
        TransportTuple(
            localAddress: advertisedAddress, localPort: localPort, remoteIp: tuple.remote.ipString,
            remotePort: tuple.remote.port, protocol: .tcp)
    }

    // MARK: Connections

    /// A connection was accepted: kept, or refused (closed) over the bound
    /// or without usable addresses.
    fileprivate func accepted(_ channel: any Channel) -> WebRtcTcpConnection? {
        guard !closed, connections.count < maximumConnections,
            let remote = channel.remoteAddress.flatMap(IceAddress.init)
        else {
            refusedConnections += 1
            return nil
        }
        let tuple = IceTuple(local: local, remote: remote, transportProtocol: .tcp)
        guard connections[tuple] == nil else {
            refusedConnections += 1
            return nil
        }
        let connection = WebRtcTcpConnection(tuple: tuple, channel: channel)
        connections[tuple] = connection
        return connection
    }

    /// A frame of `connection`: copied into a receive slot and handed over in a batch.
    fileprivate func received(_ frame: ByteBufferView, on connection: WebRtcTcpConnection) {
        guard !closed, let onFrame else { return }
        let slot = media.receiveSlot(0)
        guard frame.count <= slot.count else { return }
        media.beginBatch()
        defer { media.endBatch() }
        frame.withUnsafeBytes { slot.copyMemory(from: $0) }
        onFrame(UnsafeMutableRawBufferPointer(rebasing: slot[..<frame.count]), connection.tuple)
    }

    /// A connection ended: forgotten, and its owner told.
    fileprivate func ended(_ connection: WebRtcTcpConnection) {
        guard connections[connection.tuple] === connection else { return }
        connections[connection.tuple] = nil
        onClosed?(connection.tuple)
    }

    /// A connection sent a frame over the limit: closed.
    fileprivate func frameTooLong(_ connection: WebRtcTcpConnection) {
        refusedConnections += 1
        connection.close()
    }

    /// Closes the listener and every connection, without telling the owner.
    func close() {
        guard !closed else { return }
        closed = true
        onFrame = nil
        onClosed = nil
        let open = connections.values
        connections = [:]
        for connection in open { connection.close() }
        listener?.close(promise: nil)
        listener = nil
        socket.close()
    }
}

/// An accepted ICE-TCP connection: its tuple, and framed writes to the peer.
///
/// - Important: Lives on the worker's event loop.
final class WebRtcTcpConnection {
    let tuple: IceTuple
    private let channel: any Channel
    /// Frames not written: the connection was closed, or its send buffer full
    /// (a peer that does not read loses packets, not the worker's memory).
    private(set) var dropped = 0
    fileprivate var reader = Rfc4571FrameReader(maximumLength: MediaPlane.receiveSlotSize)

    fileprivate init(tuple: IceTuple, channel: any Channel) {
        self.tuple = tuple
        self.channel = channel
    }

    /// Writes `bytes` as one frame; dropped when the connection is closed or not writable.
    @discardableResult
    func send(_ bytes: some Collection<UInt8>) -> Bool {
        guard channel.isActive, channel.isWritable, let frame = channel.allocator.rfc4571Frame(bytes) else {
            dropped += 1
            return false
        }
        channel.writeAndFlush(frame, promise: nil)
        return true
    }

    func close() {
        channel.close(promise: nil)
    }
}

/// The pipeline handler of an accepted connection: frames in, end of connection.
private final class TcpConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let server: NIOLoopBound<WebRtcTcpServer>
    private var connection: WebRtcTcpConnection?

    init(server: NIOLoopBound<WebRtcTcpServer>) {
        self.server = server
    }

    func channelActive(context: ChannelHandlerContext) {
        connection = server.value.accepted(context.channel)
        if connection == nil { context.close(promise: nil) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let connection else { return }
        var bytes = unwrapInboundIn(data)
        let server = server.value
        do {
            try connection.reader.read(&bytes) { frame in server.received(frame, on: connection) }
        } catch {
            server.frameTooLong(connection)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let connection { server.value.ended(connection) }
        connection = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
