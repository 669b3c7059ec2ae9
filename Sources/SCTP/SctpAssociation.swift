#if canImport(Glibc)
import Glibc
#endif
import CUsrsctpShims
import Mediasoup
import Synchronization

/// One SCTP association of WebRTC data channels (ports 5000/5000) on
/// usrsctp, sans-I/O: packets in with ``receive(_:)``, messages out with
/// ``send(_:streamId:ppid:ordered:maxPacketLifeTime:maxRetransmits:)``,
/// timers through ``advanceTimers(byMilliseconds:)``; after each call, drain
/// ``pollOutput()``.
///
/// States as mediasoup's `sctpState`: `new` until ``connect()``, then
/// `connecting`, `connected` when the association is up, `failed` when it
/// cannot start or is lost, `closed` when it shuts down or ``close()`` is called.
///
/// Not `Sendable`: usrsctp's state is process-wide, so every association of
/// a process is driven from one thread at a time (see the module's notes).
public final class SctpAssociation {
    /// The SCTP port of both ends (RFC 8841's default, as mediasoup).
    public static let port: UInt16 = 5000
    /// The path MTU packets are sized for (no PMTU discovery).
    public static let mtu: UInt32 = 1200

    /// Streams this end may send on.
    public let outboundStreams: Int
    /// Streams the peer may send on.
    public let maxInboundStreams: Int
    /// The largest message sent or reassembled; larger ones are refused or dropped.
    public let maxMessageSize: Int
    /// Where the association is.
    public private(set) var state: SctpState = .new
    /// Messages received and dropped: larger than ``maxMessageSize``, or DCEP
    /// control messages (not supported, as in mediasoup).
    public private(set) var droppedMessages = 0

    /// The number usrsctp knows the association by (its AF_CONN address).
    let id: UInt
    private var socket: UnsafeMutableRawPointer?
    private var outputs = OutputQueue<SctpOutput>()
    /// A message arriving in pieces: its stream, PPID and bytes so far.
    private var partial: (streamId: UInt16, ppid: UInt32, bytes: [UInt8])?
    /// The rest of an oversized message is being dropped.
    private var discardingPartial = false

    /// An association, not connected yet.
    ///
    /// - Parameters:
    ///   - outboundStreams: streams this end opens (mediasoup's `OS`), 1…65535.
    ///   - maxInboundStreams: streams the peer may open (`MIS`), 1…65535.
    ///   - maxMessageSize: the largest message sent or received.
    ///   - sendBufferSize: usrsctp's send buffer in bytes; 0 keeps its default.
    /// - Throws: ``SctpError/setupFailed(_:)`` if usrsctp refuses the socket.
    public init(outboundStreams: Int, maxInboundStreams: Int, maxMessageSize: Int, sendBufferSize: Int = 0)
        throws(SctpError)
    {
        self.outboundStreams = min(max(outboundStreams, 1), 65535)
        self.maxInboundStreams = min(max(maxInboundStreams, 1), 65535)
        self.maxMessageSize = max(maxMessageSize, 1)
        SctpStack.start()
        id = SctpStack.register()
        var error = [CChar](repeating: 0, count: 160)
        let made = cshims_sctp_open(
            id, Self.port, UInt16(self.outboundStreams), UInt16(self.maxInboundStreams),
            UInt32(clamping: max(sendBufferSize, 0)), Self.mtu, &error, error.count)
        guard let made else {
            SctpStack.unregister(id)
            throw .setupFailed(String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        socket = made
        SctpStack.attach(self, id: id)
    }

    deinit {
        if let socket { cshims_sctp_close(socket, id) }
        SctpStack.unregister(id)
    }

    // MARK: Driving

    /// The next output, or nil when all were taken.
    public func pollOutput() -> SctpOutput? {
        outputs.poll()
    }

    /// Starts the association (an INIT; both ends may start, as WebRTC
    /// peers do). Does nothing unless the state is `new`.
    public func connect() {
        guard state == .new, let socket else { return }
        changeState(to: .connecting)
        let result = cshims_sctp_connect(socket, id, Self.port)
        if result != 0 { changeState(to: .failed) }
    }

    /// Takes an SCTP packet from the peer.
    public func receive(_ packet: UnsafeRawBufferPointer) {
        guard socket != nil, let base = packet.baseAddress, packet.count >= SctpPacket.commonHeaderSize else { return }
        cshims_sctp_input(id, base, packet.count)
    }

    /// Sends one message on `streamId`.
    ///
    /// - Parameters:
    ///   - ordered: false for unordered delivery.
    ///   - maxPacketLifeTime: milliseconds after which it is abandoned (PR-SCTP), or nil.
    ///   - maxRetransmits: retransmissions after which it is abandoned, or nil
    ///     (ignored when `maxPacketLifeTime` is given).
    /// - Throws: ``SctpError``.
    public func send(
        _ message: some Collection<UInt8>, streamId: UInt16, ppid: UInt32, ordered: Bool = true,
        maxPacketLifeTime: Int? = nil, maxRetransmits: Int? = nil
    ) throws(SctpError) {
        guard state == .connected, let socket else { throw .notConnected }
        guard message.count <= maxMessageSize else { throw .tooLarge(message.count, maximum: maxMessageSize) }
        guard Int(streamId) < outboundStreams else { throw .invalidStream(streamId) }
        var policy: Int32 = 0
        var value: UInt32 = 0
        if let maxPacketLifeTime {
            policy = 1
            value = UInt32(clamping: max(maxPacketLifeTime, 0))
        } else if let maxRetransmits {
            policy = 2
            value = UInt32(clamping: max(maxRetransmits, 0))
        }
        let result: Int32 =
            message.withContiguousStorageIfAvailable { bytes in
                cshims_sctp_send(socket, streamId, ppid, ordered ? 0 : 1, policy, value, bytes.baseAddress, bytes.count)
            }
            ?? Array(message).withUnsafeBufferPointer { bytes in
                cshims_sctp_send(socket, streamId, ppid, ordered ? 0 : 1, policy, value, bytes.baseAddress, bytes.count)
            }
        switch result {
        case 0: return
        case EAGAIN, ENOBUFS: throw .bufferFull
        default: throw .sendFailed(result)
        }
    }

    /// Resets this end's outgoing stream `streamId` (a data consumer closed),
    /// so the peer's data channel on it closes. Does nothing unless connected.
    public func resetStream(_ streamId: UInt16) {
        guard state == .connected, let socket else { return }
        _ = cshims_sctp_reset_stream(socket, streamId)
    }

    /// Ends the association (an ABORT if it is up); the state becomes
    /// `closed`. Drain the outputs afterwards so the ABORT goes out.
    public func close() {
        guard let socket else { return }
        cshims_sctp_close(socket, id)
        self.socket = nil
        if state != .closed, state != .failed { changeState(to: .closed) }
    }

    /// Advances every association's timers (retransmissions, heartbeats) by
    /// `milliseconds`; drain each association's outputs afterwards.
    public static func advanceTimers(byMilliseconds milliseconds: Int) {
        SctpStack.start()
        cshims_sctp_handle_timers(UInt32(clamping: max(milliseconds, 0)))
    }

    // MARK: usrsctp's callbacks (through SctpStack)

    func packetOut(_ bytes: UnsafeRawBufferPointer) {
        outputs.append(.send(Array(bytes)))
    }

    func dataIn(streamId: UInt16, ppid: UInt32, end: Bool, _ bytes: UnsafeRawBufferPointer) {
        if var message = partial {
            partial = nil
            if message.bytes.count + bytes.count > maxMessageSize {
                discardingPartial = !end
                droppedMessages += 1
                return
            }
            message.bytes.append(contentsOf: bytes)
            if end { deliver(message.streamId, message.ppid, message.bytes) } else { partial = message }
            return
        }
        if discardingPartial {
            if end { discardingPartial = false }
            return
        }
        guard bytes.count <= maxMessageSize else {
            droppedMessages += 1
            discardingPartial = !end
            return
        }
        if end { deliver(streamId, ppid, Array(bytes)) } else { partial = (streamId, ppid, Array(bytes)) }
    }

    private func deliver(_ streamId: UInt16, _ ppid: UInt32, _ bytes: [UInt8]) {
        guard ppid != SctpPayloadProtocol.dataChannelControl else {
            droppedMessages += 1
            return
        }
        outputs.append(.message(streamId: streamId, ppid: ppid, bytes))
    }

    func event(_ event: Int32, value: UInt32) {
        switch event {
        case Int32(CSHIMS_SCTP_COMM_UP.rawValue), Int32(CSHIMS_SCTP_RESTART.rawValue):
            changeState(to: .connected)
        case Int32(CSHIMS_SCTP_COMM_LOST.rawValue), Int32(CSHIMS_SCTP_CANNOT_START.rawValue):
            changeState(to: .failed)
        case Int32(CSHIMS_SCTP_SHUTDOWN_COMPLETE.rawValue):
            changeState(to: .closed)
        case Int32(CSHIMS_SCTP_INCOMING_STREAM_RESET.rawValue):
            outputs.append(.incomingStreamReset(UInt16(truncatingIfNeeded: value)))
        default:
            break
        }
    }

    private func changeState(to newState: SctpState) {
        guard newState != state else { return }
        state = newState
        outputs.append(.stateChanged(newState))
    }
}

/// usrsctp's process-wide side: started once, with callbacks that find the
/// association by its number.
enum SctpStack {
    private static let table = Mutex(Table())

    private struct Table {
        var started = false
        var nextId: UInt = 1
        var associations: [UInt: WeakAssociation] = [:]
    }

    /// Unchecked: associations are only touched from the thread that drives
    /// usrsctp (the module's contract); the lock guards the table itself.
    private struct WeakAssociation: @unchecked Sendable {
        weak var association: SctpAssociation?
    }

    static func start() {
        let first = table.withLock { table in
            defer { table.started = true }
            return !table.started
        }
        guard first else { return }
        _ = cshims_sctp_init(
            { id, data, length in
                guard let data, let association = SctpStack.association(id) else { return }
                association.packetOut(UnsafeRawBufferPointer(start: data, count: length))
            },
            { id, stream, ppid, end, data, length in
                guard let association = SctpStack.association(id) else { return }
                let bytes = data.map { UnsafeRawBufferPointer(start: $0, count: length) } ?? UnsafeRawBufferPointer(
                    start: nil, count: 0)
                association.dataIn(streamId: stream, ppid: ppid, end: end != 0, bytes)
            },
            { id, event, value in
                SctpStack.association(id)?.event(event, value: value)
            })
    }

    static func register() -> UInt {
        table.withLock { table in
            defer { table.nextId += 1 }
            return table.nextId
        }
    }

    static func attach(_ association: SctpAssociation, id: UInt) {
        let entry = WeakAssociation(association: association)
        table.withLock { $0.associations[id] = entry }
    }

    static func unregister(_ id: UInt) {
        _ = table.withLock { $0.associations.removeValue(forKey: id) }
    }

    static func association(_ id: UInt) -> SctpAssociation? {
        table.withLock { $0.associations[id] }?.association
    }
}
