import Foundation
import Mediasoup
import Synchronization

// `pipeToRouter()` between two virtual routers that share the producer's
// real router needs no PipeTransport: the producer is already on the real
// router the destination's transports consume from. The application still
// gets mediasoup's pair, mirrored: a pipe consumer here and a pipe producer
// (the original id) there, that close together, pause together, and follow
// the original's closing and pausing. No media crosses them, so their stats
// are empty; the destination's consumers receive the original's media.

/// The state a virtual pipe object keeps: closed, paused, appData.
private struct MirrorState: Sendable {
    var closed = false
    var paused = false
    var appData: AppData = [:]
}

/// The pipe consumer of a virtual pipe pair.
final class VirtualPipeConsumer: Consumer {
    let id = UUID().uuidString.lowercased()
    let producerId: String
    let kind: MediaKind
    let rtpParameters: RtpParameters
    let type = ConsumerType.pipe
    let events = EventEmitter<ConsumerEvent>()
    let observer = EventEmitter<ConsumerObserverEvent>()
    private let original: any Producer
    private let state: Mutex<(mirror: MirrorState, producerPaused: Bool)>

    init(original: any Producer, rtpParameters: RtpParameters) {
        self.original = original
        producerId = original.id
        kind = original.kind
        self.rtpParameters = rtpParameters
        state = Mutex((MirrorState(), original.paused))
        original.observer.on { [weak self] event in
            guard let self else { return }
            switch event {
            case .close:
                guard !self.closed else { return }
                self.events.emit(.producerClose)
                self.close()
            case .pause:
                self.state.withLock { $0.producerPaused = true }
                self.events.emit(.producerPause)
            case .resume:
                self.state.withLock { $0.producerPaused = false }
                self.events.emit(.producerResume)
            default: break
            }
        }
    }

    var closed: Bool { state.withLock { $0.mirror.closed } }
    var paused: Bool { state.withLock { $0.mirror.paused } }
    var producerPaused: Bool { state.withLock { $0.producerPaused } }
    let priority = 1
    var score: ConsumerScore { ConsumerScore(score: 10, producerScore: 10, producerScores: []) }
    var preferredLayers: ConsumerLayers? { nil }
    var currentLayers: ConsumerLayers? { nil }
    var appData: AppData {
        get { state.withLock { $0.mirror.appData } }
        set { state.withLock { $0.mirror.appData = newValue } }
    }

    func close() {
        let first = state.withLock { state -> Bool in
            defer { state.mirror.closed = true }
            return !state.mirror.closed
        }
        if first { observer.emit(.close) }
    }

    func dump() async throws -> ConsumerDump {
        let (mirror, producerPaused) = try openState()
        return ConsumerDump(
            id: id, producerId: producerId, kind: kind, type: type, rtpParameters: rtpParameters,
            consumableRtpEncodings: original.consumableRtpParameters.encodings,
            supportedCodecPayloadTypes: rtpParameters.codecs.map(\.payloadType), paused: mirror.paused,
            producerPaused: producerPaused)
    }

    /// No media crosses a virtual pipe.
    func getStats() async throws -> [RtpStreamStats] {
        _ = try openState()
        return []
    }

    func pause() async throws { try setPaused(true) }
    func resume() async throws { try setPaused(false) }

    func setPreferredLayers(_ layers: ConsumerLayers) async throws -> ConsumerLayers? {
        _ = try openState()
        return nil
    }

    func setPriority(_ priority: Int) async throws {
        guard priority >= 1 else { throw TypeError("wrong priority") }
        _ = try openState()
    }

    func unsetPriority() async throws { _ = try openState() }

    /// Nothing to ask for: no media crosses a virtual pipe.
    func requestKeyFrame() async throws {
        _ = try openState()
    }

    func enableTraceEvent(_ types: [ConsumerTraceEventType]) async throws { _ = try openState() }

    private func openState() throws -> (MirrorState, Bool) {
        try state.withLock { state in
            guard !state.mirror.closed else { throw InvalidStateError("Consumer closed") }
            return (state.mirror, state.producerPaused)
        }
    }

    private func setPaused(_ paused: Bool) throws {
        let changed = try state.withLock { state -> Bool in
            guard !state.mirror.closed else { throw InvalidStateError("Consumer closed") }
            defer { state.mirror.paused = paused }
            return state.mirror.paused != paused
        }
        if changed { observer.emit(paused ? .pause : .resume) }
    }
}

/// The pipe producer of a virtual pipe pair: the original's id, in the destination router.
final class VirtualPipeProducer: Producer {
    let id: String
    let kind: MediaKind
    let rtpParameters: RtpParameters
    let type: ProducerType
    let events = EventEmitter<ProducerEvent>()
    let observer = EventEmitter<ProducerObserverEvent>()
    private let original: any Producer
    private let state = Mutex(MirrorState())

    init(original: any Producer, rtpParameters: RtpParameters, paused: Bool) {
        self.original = original
        id = original.id
        kind = original.kind
        type = original.type
        self.rtpParameters = rtpParameters
        state.withLock { $0.paused = paused }
    }

    var closed: Bool { state.withLock { $0.closed } }
    var consumableRtpParameters: RtpParameters { original.consumableRtpParameters }
    var paused: Bool { state.withLock { $0.paused } }
    var score: [ProducerScore] { [] }
    var appData: AppData {
        get { state.withLock { $0.appData } }
        set { state.withLock { $0.appData = newValue } }
    }

    func close() {
        let first = state.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        if first { observer.emit(.close) }
    }

    /// The original's dump with this producer's parameters and pause state.
    func dump() async throws -> ProducerDump {
        let paused = try openPaused()
        var dump = try await original.dump()
        dump.rtpParameters = rtpParameters
        dump.paused = paused
        return dump
    }

    func getStats() async throws -> [RtpStreamStats] {
        _ = try openPaused()
        return []
    }

    func pause() async throws { try setPaused(true) }
    func resume() async throws { try setPaused(false) }

    func enableTraceEvent(_ types: [ProducerTraceEventType]) async throws { _ = try openPaused() }

    func send(_ rtpPacket: [UInt8]) throws { try original.send(rtpPacket) }

    func setPaused(_ paused: Bool) throws {
        let changed = try state.withLock { state -> Bool in
            guard !state.closed else { throw InvalidStateError("Producer closed") }
            defer { state.paused = paused }
            return state.paused != paused
        }
        if changed { observer.emit(paused ? .pause : .resume) }
    }

    private func openPaused() throws -> Bool {
        try state.withLock { state in
            guard !state.closed else { throw InvalidStateError("Producer closed") }
            return state.paused
        }
    }
}

/// The data pipe consumer of a virtual pipe pair.
final class VirtualPipeDataConsumer: DataConsumer {
    let id = UUID().uuidString.lowercased()
    let dataProducerId: String
    let type = DataConsumerType.sctp
    let sctpStreamParameters: SctpStreamParameters?
    let label: String
    let `protocol`: String
    let events = EventEmitter<DataConsumerEvent>()
    let observer = EventEmitter<DataObserverEvent>()
    private let state: Mutex<(mirror: MirrorState, producerPaused: Bool, threshold: Int, subchannels: [UInt16])>

    init(original: any DataProducer) {
        dataProducerId = original.id
        sctpStreamParameters = original.sctpStreamParameters
        label = original.label
        `protocol` = original.protocol
        state = Mutex((MirrorState(), original.paused, 0, []))
        original.observer.on { [weak self] event in
            guard let self else { return }
            switch event {
            case .close:
                guard !self.closed else { return }
                self.events.emit(.dataProducerClose)
                self.close()
            case .pause:
                self.state.withLock { $0.producerPaused = true }
                self.events.emit(.dataProducerPause)
            case .resume:
                self.state.withLock { $0.producerPaused = false }
                self.events.emit(.dataProducerResume)
            }
        }
    }

    var closed: Bool { state.withLock { $0.mirror.closed } }
    var paused: Bool { state.withLock { $0.mirror.paused } }
    var dataProducerPaused: Bool { state.withLock { $0.producerPaused } }
    var subchannels: [UInt16] { state.withLock { $0.subchannels } }
    var appData: AppData {
        get { state.withLock { $0.mirror.appData } }
        set { state.withLock { $0.mirror.appData = newValue } }
    }

    func close() {
        let first = state.withLock { state -> Bool in
            defer { state.mirror.closed = true }
            return !state.mirror.closed
        }
        if first { observer.emit(.close) }
    }

    func dump() async throws -> DataConsumerDump {
        let current = try open()
        return DataConsumerDump(
            id: id, dataProducerId: dataProducerId, type: type, sctpStreamParameters: sctpStreamParameters,
            label: label, protocol: `protocol`, bufferedAmountLowThreshold: current.threshold,
            paused: current.mirror.paused, dataProducerPaused: current.producerPaused, subchannels: current.subchannels)
    }

    /// No message crosses a virtual pipe.
    func getStats() async throws -> [DataConsumerStats] {
        _ = try open()
        return []
    }

    func pause() async throws { try setPaused(true) }
    func resume() async throws { try setPaused(false) }

    func setBufferedAmountLowThreshold(_ threshold: Int) async throws {
        try state.withLock { state in
            guard !state.mirror.closed else { throw InvalidStateError("DataConsumer closed") }
            state.threshold = threshold
        }
    }

    /// A virtual pipe has no SCTP association to send on.
    func send(_ message: DataMessage, ppid: UInt32?) async throws {
        _ = try open()
        throw InvalidStateError("a virtual pipe DataConsumer has no transport to send on")
    }

    func getBufferedAmount() async throws -> Int {
        _ = try open()
        return 0
    }

    func setSubchannels(_ subchannels: [UInt16]) async throws {
        try state.withLock { state in
            guard !state.mirror.closed else { throw InvalidStateError("DataConsumer closed") }
            state.subchannels = Array(Set(subchannels)).sorted()
        }
    }

    func addSubchannel(_ subchannel: UInt16) async throws {
        try await setSubchannels(subchannels + [subchannel])
    }

    func removeSubchannel(_ subchannel: UInt16) async throws {
        try await setSubchannels(subchannels.filter { $0 != subchannel })
    }

    private func open() throws -> (mirror: MirrorState, producerPaused: Bool, threshold: Int, subchannels: [UInt16]) {
        try state.withLock { state in
            guard !state.mirror.closed else { throw InvalidStateError("DataConsumer closed") }
            return state
        }
    }

    private func setPaused(_ paused: Bool) throws {
        let changed = try state.withLock { state -> Bool in
            guard !state.mirror.closed else { throw InvalidStateError("DataConsumer closed") }
            defer { state.mirror.paused = paused }
            return state.mirror.paused != paused
        }
        if changed { observer.emit(paused ? .pause : .resume) }
    }
}

/// The data pipe producer of a virtual pipe pair: the original's id, in the destination router.
final class VirtualPipeDataProducer: DataProducer {
    let id: String
    let type = DataProducerType.sctp
    let sctpStreamParameters: SctpStreamParameters?
    let label: String
    let `protocol`: String
    let events = EventEmitter<DataProducerEvent>()
    let observer = EventEmitter<DataObserverEvent>()
    private let original: any DataProducer
    private let state = Mutex(MirrorState())

    init(original: any DataProducer) {
        self.original = original
        id = original.id
        sctpStreamParameters = original.sctpStreamParameters
        label = original.label
        `protocol` = original.protocol
        state.withLock { $0.paused = original.paused }
    }

    var closed: Bool { state.withLock { $0.closed } }
    var paused: Bool { state.withLock { $0.paused } }
    var appData: AppData {
        get { state.withLock { $0.appData } }
        set { state.withLock { $0.appData = newValue } }
    }

    func close() {
        let first = state.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        if first { observer.emit(.close) }
    }

    func dump() async throws -> DataProducerDump {
        let paused = try openPaused()
        return DataProducerDump(
            id: id, type: type, sctpStreamParameters: sctpStreamParameters, label: label, protocol: `protocol`,
            paused: paused)
    }

    func getStats() async throws -> [DataProducerStats] {
        _ = try openPaused()
        return []
    }

    func pause() async throws { try setPaused(true) }
    func resume() async throws { try setPaused(false) }

    /// Sent by the original, which the destination's data consumers receive from.
    func send(_ message: DataMessage, ppid: UInt32?, subchannels: [UInt16]?, requiredSubchannel: UInt16?) throws {
        try original.send(message, ppid: ppid, subchannels: subchannels, requiredSubchannel: requiredSubchannel)
    }

    func setPaused(_ paused: Bool) throws {
        let changed = try state.withLock { state -> Bool in
            guard !state.closed else { throw InvalidStateError("DataProducer closed") }
            defer { state.paused = paused }
            return state.paused != paused
        }
        if changed { observer.emit(paused ? .pause : .resume) }
    }

    private func openPaused() throws -> Bool {
        try state.withLock { state in
            guard !state.closed else { throw InvalidStateError("DataProducer closed") }
            return state.paused
        }
    }
}
