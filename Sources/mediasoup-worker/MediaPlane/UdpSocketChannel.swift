import NIOCore
import NIOPosix

/// A bound UDP socket adopted into the worker's event loop: datagrams in go
/// to `onDatagram` (in a buffer it owns and may rewrite in place, as SRTP
/// unprotect does), datagrams out are written to the given address.
///
/// - Important: Lives on the worker's event loop; every call is made on it.
final class UdpSocketChannel {
    typealias DatagramHandler = (_ bytes: inout [UInt8], _ from: SocketAddress) -> Void

    private var channel: (any Channel)?
    private var closed = false
    /// Datagrams that could not be written (socket not yet adopted, or closed).
    private(set) var dropped = 0

    /// Adopts the descriptor of `socket` (which keeps its port reservation).
    init(adopting socket: BoundSocket, eventLoop: any EventLoop, onDatagram: @escaping DatagramHandler) {
        guard let descriptor = socket.takeDescriptor() else { return }
        let handler = NIOLoopBound(onDatagram, eventLoop: eventLoop)
        DatagramBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(InboundDatagrams(onDatagram: handler))
                }
            }
            .withBoundSocket(descriptor)
            .assumeIsolated()
            .whenComplete { [self] result in
                switch result {
                case .success(let channel):
                    if closed { channel.close(promise: nil) } else { self.channel = channel }
                case .failure:
                    break
                }
            }
    }

    /// Writes one datagram; dropped (and counted) when the socket is not ready.
    func send(_ bytes: [UInt8], to address: SocketAddress) {
        guard let channel, !closed else {
            dropped += 1
            return
        }
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: buffer), promise: nil)
    }

    /// Writes one datagram made in the outgoing buffer itself: `bytes` are
    /// copied there with `room` spare bytes after them, then `transform`
    /// rewrites them in place (SRTP protect) and answers the datagram's length,
    /// or nil to send nothing. No buffer besides the outgoing one is made.
    ///
    /// - Returns: whether a datagram was written.
    func send(
        _ bytes: [UInt8], room: Int, to address: SocketAddress,
        transform: (_ buffer: UnsafeMutableRawBufferPointer, _ length: Int) -> Int?
    ) -> Bool {
        guard let channel, !closed else {
            dropped += 1
            return false
        }
        let capacity = bytes.count + room
        var buffer = channel.allocator.buffer(capacity: capacity)
        var transformed = false
        // The buffer's storage comes from malloc and its writer index is 0, so
        // the packet starts 4-byte aligned, as libsrtp expects.
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: capacity) { target in
            bytes.withUnsafeBytes { target.copyMemory(from: $0) }
            let window = UnsafeMutableRawBufferPointer(rebasing: target[..<capacity])
            guard let length = transform(window, bytes.count), length <= capacity else { return 0 }
            transformed = true
            return length
        }
        guard transformed else { return false }
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: buffer), promise: nil)
        return true
    }

    func close() {
        closed = true
        channel?.close(promise: nil)
        channel = nil
    }
}

/// Hands each received datagram's bytes and source to the owner.
private final class InboundDatagrams: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let onDatagram: NIOLoopBound<UdpSocketChannel.DatagramHandler>

    init(onDatagram: NIOLoopBound<UdpSocketChannel.DatagramHandler>) {
        self.onDatagram = onDatagram
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        var buffer = envelope.data
        guard var bytes = buffer.readBytes(length: buffer.readableBytes) else { return }
        onDatagram.value(&bytes, envelope.remoteAddress)
    }
}
