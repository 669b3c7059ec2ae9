#if canImport(Glibc)
import Glibc
#endif
import CSystemShims
import NIOCore
import NIOPosix

/// A bound UDP socket of a transport. The worker's event loop watches it (as
/// a NIO datagram channel reading one datagram per readiness); the rest of
/// what is queued is read here with recvmmsg into the worker's receive arena,
/// and each datagram goes to `onDatagram` in its arena slot (which it may
/// rewrite in place, as SRTP unprotect does). Datagrams out are sent
/// directly: RTP copies from the send queue with sendmmsg, others with sendto.
///
/// - Important: Lives on the worker's event loop; every call is made on it.
final class UdpSocketChannel {
    /// A datagram in its slot (`count` bytes), and its source address.
    typealias DatagramHandler = (_ bytes: UnsafeMutableRawBufferPointer, _ from: UnsafePointer<sockaddr>) -> Void

    /// The worker's buffers, which this socket reads into and sends from.
    let media: MediaPlane
    /// Dropped at ``close()``: the owner may capture itself unowned (no weak
    /// reference, which would move its reference counts to a side table).
    private var onDatagram: DatagramHandler?
    /// Our own descriptor of the socket (NIO closes the one it was given).
    private var descriptor: Int32 = -1
    private var channel: (any Channel)?
    private var closed = false
    /// Datagrams that could not be written (socket closed, kernel refused),
    /// and received ones dropped as longer than a receive slot.
    private(set) var dropped = 0
    /// This socket's list in the media plane's send queue (entry indices).
    var pendingHead: Int32 = -1
    var pendingTail: Int32 = -1

    /// Adopts the descriptor of `socket` (which keeps its port reservation).
    init(adopting socket: BoundSocket, media: MediaPlane, eventLoop: any EventLoop, onDatagram: @escaping DatagramHandler) {
        self.media = media
        self.onDatagram = onDatagram
        guard let adopted = socket.takeDescriptor() else {
            closed = true
            return
        }
        descriptor = cshims_dup_cloexec(adopted)
        let owner = NIOLoopBound(self, eventLoop: eventLoop)
        DatagramBootstrap(group: eventLoop)
            .channelOption(ChannelOptions.maxMessagesPerRead, value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Readiness(owner: owner))
                }
            }
            .withBoundSocket(adopted)
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

    // MARK: Receiving

    /// The socket is readable and NIO read `first`: hands it over, then reads
    /// and hands over what else is queued, a few recvmmsg batches at most.
    fileprivate func readable(first: AddressedEnvelope<ByteBuffer>) {
        guard !closed else { return }
        media.beginBatch()
        defer { media.endBatch() }
        let slot = media.receiveSlot(0)
        let length = first.data.readableBytes
        guard length <= slot.count else {
            dropped += 1
            return
        }
        first.data.withUnsafeReadableBytes { slot.copyMemory(from: $0) }
        let hasSource = first.remoteAddress.withSockAddr { source, size -> Bool in
            guard size <= MemoryLayout<sockaddr_storage>.size else { return false }
            withUnsafeMutableBytes(of: &media.incoming[0].address) { target in
                target.baseAddress?.copyMemory(from: source, byteCount: size)
            }
            return true
        }
        if hasSource { deliver(slot: 0, length: length) }
        media.flush()
        for _ in 0..<MediaPlane.receiveBatchesPerWakeup {
            guard !closed else { return }
            var error: Int32 = 0
            let count = Int(cshims_receive_datagrams(descriptor, media.incoming, UInt32(MediaPlane.receiveBatch), &error))
            for index in 0..<max(count, 0) {
                guard !closed else { return }
                if media.incoming[index].truncated != 0 {
                    dropped += 1
                    continue
                }
                deliver(slot: index, length: Int(media.incoming[index].length))
            }
            media.flush()
            // A short batch emptied the socket (a failed read: NIO sees it next).
            guard count == MediaPlane.receiveBatch else { return }
        }
    }

    private func deliver(slot index: Int, length: Int) {
        let bytes = UnsafeMutableRawBufferPointer(rebasing: media.receiveSlot(index)[..<length])
        withUnsafeMutablePointer(to: &media.incoming[index].address) { storage in
            storage.withMemoryRebound(to: sockaddr.self, capacity: 1) { onDatagram?(bytes, UnsafePointer($0)) }
        }
    }

    // MARK: Sending

    /// Writes one datagram now (sendto); dropped (and counted) when the
    /// socket is closed or the kernel refuses it.
    func send(_ bytes: [UInt8], to address: SocketAddress) {
        bytes.withUnsafeBytes { send(UnsafeRawBufferPointer($0), to: address) }
    }

    /// Writes one datagram now from borrowed bytes.
    func send(_ bytes: UnsafeRawBufferPointer, to address: SocketAddress) {
        guard !closed else {
            dropped += 1
            return
        }
        let result = address.withSockAddr { target, size in
            cshims_send_datagram(descriptor, bytes.baseAddress, UInt32(bytes.count), target, UInt32(size))
        }
        if result != 0 { dropped += 1 }
    }

    /// Writes one datagram made in the media plane's scratch slot: `bytes`
    /// are copied there with `room` spare bytes after them, then `transform`
    /// rewrites them in place (SRTP protect) and answers the datagram's
    /// length, or nil to send nothing.
    ///
    /// - Returns: whether a datagram was written.
    func send(
        _ bytes: [UInt8], room: Int, to address: SocketAddress,
        transform: (_ buffer: UnsafeMutableRawBufferPointer, _ length: Int) -> Int?
    ) -> Bool {
        let scratch = media.scratch
        guard !closed, bytes.count + room <= scratch.count else {
            dropped += 1
            return false
        }
        bytes.withUnsafeBytes { scratch.copyMemory(from: $0) }
        let window = UnsafeMutableRawBufferPointer(rebasing: scratch[..<(bytes.count + room)])
        guard let length = transform(window, bytes.count), length <= window.count else { return false }
        send(UnsafeRawBufferPointer(rebasing: scratch[..<length]), to: address)
        return true
    }

    /// Sends this socket's copies from the send queue; answers how many the kernel refused.
    func sendQueued(_ datagrams: UnsafePointer<cshims_outgoing>, order: UnsafePointer<Int32>, count: Int) -> Int {
        guard !closed else {
            dropped += count
            return count
        }
        var failed: UInt32 = 0
        var error: Int32 = 0
        _ = cshims_send_datagrams(descriptor, datagrams, order, UInt32(count), &failed, &error)
        dropped += Int(failed)
        return Int(failed)
    }

    func close() {
        guard !closed else { return }
        // Copies still queued (none outside a batch) are dropped when the queue is sent.
        closed = true
        onDatagram = nil
        channel?.close(promise: nil)
        channel = nil
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }
}

/// The socket's readiness: NIO read one datagram; the owner reads the rest.
private final class Readiness: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let owner: NIOLoopBound<UdpSocketChannel>

    init(owner: NIOLoopBound<UdpSocketChannel>) {
        self.owner = owner
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        owner.value.readable(first: unwrapInboundIn(data))
    }
}
