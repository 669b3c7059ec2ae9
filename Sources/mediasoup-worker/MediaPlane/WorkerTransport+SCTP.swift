import Mediasoup
import MediasoupChannel
import NIOCore
import SCTP

// Data channels over SCTP (RFC 8831), on any transport with SCTP enabled:
// the association starts once its peer is reachable (DTLS connected on a
// WebRtcTransport, the remote tuple known on a Plain or Pipe transport);
// its packets travel in DTLS records or UDP datagrams (the kinds'
// ``WorkerTransport/transmitSctp(_:)``); a message on a stream goes to the
// data producer of that stream id, and data consumers send on their own
// stream id.
//
//   SCTP packet in ──> association ──> message(stream, ppid) ──> data producer
//   data consumer ──> association.send(stream, ppid, ordered, PR-SCTP) ──> packets out
//
// usrsctp's timers advance every 10 ms while associations run (SctpTicker).

extension WorkerTransport {
    /// The peer is reachable: the association starts (both ends send INIT,
    /// as WebRTC peers do). Does nothing without SCTP or once started.
    func connectSctp() {
        guard let sctpAssociation, sctpAssociation.state == .new else { return }
        runtime.sctpTicker.add(self)
        sctpAssociation.connect()
        drainSctp()
    }

    /// Takes an SCTP packet from the peer.
    func receiveSctp(_ packet: UnsafeRawBufferPointer) {
        guard let sctpAssociation else { return }
        sctpAssociation.receive(packet)
        drainSctp()
    }

    /// Carries out what the association asks: packets out, state changes,
    /// messages to their data producers, stream resets answered.
    func drainSctp() {
        guard let association = sctpAssociation else { return }
        while let output = association.pollOutput() {
            switch output {
            case .send(let packet):
                if transmitSctp(packet) { sent.add(bytes: packet.count, at: monotonicMilliseconds()) }
            case .stateChanged(let state):
                updateSctpState(state)
            case .message(let streamId, let ppid, let bytes):
                guard let dataProducer = dataProducer(onStream: streamId) else {
                    sctpMessagesWithoutDataProducer += 1
                    continue
                }
                dataProducer.receive(bytes, ppid: ppid, subchannels: [], requiredSubchannel: nil)
            case .incomingStreamReset(let streamId):
                // The peer closed its data channel on this stream: close ours on it too (RFC 8831 §6.7).
                if sctpParameters?.isDataChannel == true { association.resetStream(streamId) }
            }
        }
    }

    /// Sends a data consumer's message on its stream, with its ordering and
    /// partial reliability. Returns whether the association took it.
    func sendSctpMessage(_ bytes: [UInt8], ppid: UInt32, stream parameters: SctpStreamParameters) -> Bool {
        guard let sctpAssociation else { return false }
        do {
            try sctpAssociation.send(
                bytes, streamId: parameters.streamId, ppid: ppid,
                ordered: parameters.ordered ?? true, maxPacketLifeTime: parameters.maxPacketLifeTime,
                maxRetransmits: parameters.maxRetransmits)
        } catch {
            runtime.log(.warn, "transport \(id): SCTP message on stream \(parameters.streamId) not sent: \(error)")
            drainSctp()
            return false
        }
        drainSctp()
        return true
    }

    /// A data consumer closed: its outgoing stream is reset, so the peer's data channel closes.
    func sctpStreamClosed(_ parameters: SctpStreamParameters) {
        guard let sctpAssociation else { return }
        sctpAssociation.resetStream(parameters.streamId)
        drainSctp()
    }

    /// Says `sctpstatechange` when the state changes.
    func updateSctpState(_ state: SctpState) {
        guard sctpState != nil, state != sctpState else { return }
        sctpState = state
        do {
            runtime.notify(
                targetId: id, event: TransportNotification.sctpStateChange,
                data: try TransportNotification.SctpStateChange(sctpState: state).channelData())
        } catch {
            runtime.log(.error, "cannot encode sctpstatechange for transport \(id): \(error)")
        }
    }

    /// Aborts the association (the ABORT goes out while the path still exists).
    func closeSctp() {
        guard let association = sctpAssociation else { return }
        association.close()
        while let output = association.pollOutput() {
            if case .send(let packet) = output { _ = transmitSctp(packet) }
        }
        sctpAssociation = nil
        runtime.sctpTicker.remove(self)
    }

    private func dataProducer(onStream streamId: UInt16) -> WorkerDataProducer? {
        dataProducers.values.first { $0.sctpStreamParameters?.streamId == streamId }
    }
}

/// Advances usrsctp's timers every 10 ms (mediasoup's interval) while some
/// transport's association runs, and lets each transport carry out what
/// the timers produced (retransmissions, heartbeats, state changes).
final class SctpTicker {
    static let interval: Int64 = 10

    private let eventLoop: any EventLoop
    private var transports: [ObjectIdentifier: WorkerTransport] = [:]
    private var task: RepeatedTask?

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func add(_ transport: WorkerTransport) {
        transports[ObjectIdentifier(transport)] = transport
        guard task == nil else { return }
        let tick = NIOLoopBound({ [unowned self] in self.tick() }, eventLoop: eventLoop)
        task = eventLoop.scheduleRepeatedTask(
            initialDelay: .milliseconds(Self.interval), delay: .milliseconds(Self.interval)
        ) { _ in tick.value() }
    }

    func remove(_ transport: WorkerTransport) {
        transports[ObjectIdentifier(transport)] = nil
        guard transports.isEmpty else { return }
        task?.cancel()
        task = nil
    }

    private func tick() {
        SctpAssociation.advanceTimers(byMilliseconds: Int(Self.interval))
        for transport in transports.values { transport.drainSctp() }
    }
}
