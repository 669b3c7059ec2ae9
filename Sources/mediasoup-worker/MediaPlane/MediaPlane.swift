#if canImport(Glibc)
import Glibc
#endif
import CSystemShims
import MediaEngine
import NIOCore

// The worker's packet buffers: one receive arena that recvmmsg fills, and one
// send queue whose slots the consumers write their copies into (rewritten
// and, with SRTP, protected in place), sent with one sendmmsg per socket when
// a receive batch ends. Both are allocated once, with the worker; the packet
// path allocates nothing.
//
//   socket ──recvmmsg──> receive arena (32 slots) ──> transport ──> producer
//                                                                     │ one packet, borrowed
//   socket <──sendmmsg── send queue slots <── each consumer writes its copy
//                        (linked per socket)

/// The media plane's buffers and batching, shared by every socket of the worker.
///
/// - Important: Lives on the worker's event loop; every call is made on it.
final class MediaPlane {
    /// Datagrams one recvmmsg reads.
    static let receiveBatch = 32
    /// Bytes of a receive slot: longer datagrams are dropped (as NIO's
    /// datagram channels, which read into 2,048-byte buffers).
    static let receiveSlotSize = 2048
    /// recvmmsg calls per readiness of a socket, at most: then the event loop
    /// serves its other channels (the socket stays readable; it comes back).
    static let receiveBatchesPerWakeup = 8
    /// Bytes of a send slot: a copy with a longer header extension block than
    /// its source, plus the SRTP trailer, still fits.
    static let sendSlotSize = 2304
    /// Copies queued before the queue is sent.
    static let sendCapacity = 512

    /// The receive arena's descriptors (slot, capacity; length and source once read).
    let incoming: UnsafeMutablePointer<cshims_incoming>
    private let receiveStorage: UnsafeMutableRawPointer

    private let outgoing: UnsafeMutablePointer<cshims_outgoing>
    private let sendStorage: UnsafeMutableRawPointer
    /// The next queued copy of the same socket, -1 at the end of its list.
    private let next: UnsafeMutablePointer<Int32>
    /// One socket's copies, in order, as the send call takes them.
    private let order: UnsafeMutablePointer<Int32>
    private var used = 0
    /// Sockets with queued copies, in the order they got their first.
    private var dirty: [UdpSocketChannel] = []
    /// Nesting of batches: the queue is sent when the outermost one ends.
    private var depth = 0

    /// A slot for a packet that does not go through the queue (RTCP, or a
    /// copy for a transport without a socket).
    let scratch: UnsafeMutableRawBufferPointer

    /// Where the producer's header extension values lie in the packet being
    /// routed (``ProducerRouting/maxExtensions`` of them).
    let extensionValues: UnsafeMutablePointer<ExtensionValue>

    /// Copies the kernel refused (full socket buffer, unreachable…).
    private(set) var sendFailures = 0

    init() {
        receiveStorage = .allocate(byteCount: Self.receiveBatch * Self.receiveSlotSize, alignment: 64)
        incoming = .allocate(capacity: Self.receiveBatch)
        for index in 0..<Self.receiveBatch {
            (incoming + index).initialize(to: cshims_incoming())
            incoming[index].bytes = receiveStorage + index * Self.receiveSlotSize
            incoming[index].capacity = UInt32(Self.receiveSlotSize)
        }
        sendStorage = .allocate(byteCount: Self.sendCapacity * Self.sendSlotSize, alignment: 64)
        outgoing = .allocate(capacity: Self.sendCapacity)
        for index in 0..<Self.sendCapacity {
            (outgoing + index).initialize(to: cshims_outgoing())
            outgoing[index].bytes = UnsafeRawPointer(sendStorage + index * Self.sendSlotSize)
        }
        next = .allocate(capacity: Self.sendCapacity)
        next.initialize(repeating: -1, count: Self.sendCapacity)
        order = .allocate(capacity: Self.sendCapacity)
        order.initialize(repeating: -1, count: Self.sendCapacity)
        dirty.reserveCapacity(64)
        scratch = .allocate(byteCount: Self.sendSlotSize, alignment: 64)
        extensionValues = .allocate(capacity: ProducerRouting.maxExtensions)
        extensionValues.initialize(repeating: .absent, count: ProducerRouting.maxExtensions)
    }

    deinit {
        receiveStorage.deallocate()
        incoming.deallocate()
        sendStorage.deallocate()
        outgoing.deallocate()
        next.deallocate()
        order.deallocate()
        scratch.deallocate()
        extensionValues.deallocate()
    }

    /// The bytes of receive slot `index` (its whole capacity).
    func receiveSlot(_ index: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: incoming[index].bytes, count: Self.receiveSlotSize)
    }

    // MARK: Batches

    /// Starts a batch: copies queued until the matching ``endBatch()`` go out together.
    func beginBatch() { depth += 1 }

    /// Ends a batch; the outermost one sends what is queued.
    func endBatch() {
        depth -= 1
        if depth == 0 { flush() }
    }

    // MARK: Send queue

    /// The slot the next queued copy is written into (the queue is sent first
    /// when full). Write, then ``commit(length:through:to:)`` or leave it.
    func sendSlot() -> UnsafeMutableRawBufferPointer {
        if used == Self.sendCapacity { flush() }
        return UnsafeMutableRawBufferPointer(
            start: UnsafeMutableRawPointer(mutating: outgoing[used].bytes), count: Self.sendSlotSize)
    }

    /// Queues the `length` bytes written in the slot ``sendSlot()`` gave, for
    /// `channel` to send to `address`; sent at once outside a batch.
    func commit(length: Int, through channel: UdpSocketChannel, to address: SocketAddress) {
        let entry = used
        outgoing[entry].length = UInt32(length)
        let stored = address.withSockAddr { source, size -> Bool in
            guard size <= MemoryLayout<sockaddr_in6>.size else { return false }
            withUnsafeMutableBytes(of: &outgoing[entry].address) { target in
                target.baseAddress?.copyMemory(from: source, byteCount: size)
            }
            outgoing[entry].address_length = UInt32(size)
            return true
        }
        guard stored else { return }
        used += 1
        next[entry] = -1
        if channel.pendingTail >= 0 {
            next[Int(channel.pendingTail)] = Int32(entry)
        } else {
            channel.pendingHead = Int32(entry)
            dirty.append(channel)
        }
        channel.pendingTail = Int32(entry)
        if depth == 0 { flush() }
    }

    /// Sends every queued copy: one sendmmsg per socket, its copies in order.
    func flush() {
        for channel in dirty {
            var count = 0
            var entry = channel.pendingHead
            while entry >= 0 {
                order[count] = entry
                count += 1
                entry = next[Int(entry)]
            }
            channel.pendingHead = -1
            channel.pendingTail = -1
            sendFailures += channel.sendQueued(outgoing, order: order, count: count)
        }
        dirty.removeAll(keepingCapacity: true)
        used = 0
    }
}
