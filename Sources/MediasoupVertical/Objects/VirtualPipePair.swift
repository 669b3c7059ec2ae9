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

/// What every virtual pipe object keeps: closed, paused, appData.
private final class Mirror: Sendable {
    private struct State {
        var closed = false
        var paused: Bool
        var appData: AppData = [:]
    }

    private let state: Mutex<State>
    private let kind: String

    /// `kind` names the object in errors (`Consumer closed`).
    init(_ kind: String, paused: Bool = false) {
        self.kind = kind
        state = Mutex(State(paused: paused))
    }

    var closed: Bool { state.withLock { $0.closed } }
    var paused: Bool { state.withLock { $0.paused } }
    var appData: AppData {
        get { state.withLock { $0.appData } }
        set { state.withLock { $0.appData = newValue } }
    }

    /// True the first time only.
    func close() -> Bool {
        state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
    }

    /// Whether the pause state changed. - Throws: ``InvalidStateError`` when closed.
    func setPaused(_ paused: Bool) throws -> Bool {
        try state.withLock { state in
            guard !state.closed else { throw InvalidStateError("\(kind) closed") }
            defer { state.paused = paused }
            return state.paused != paused
        }
    }

    /// The pause state. - Throws: ``InvalidStateError`` when closed.
    func openPaused() throws -> Bool {
        try state.withLock { state in
            guard !state.closed else { throw InvalidStateError("\(kind) closed") }
            return state.paused
        }
    }
}

/// The pipe consumer of a virtual pipe pair.
final class VirtualPipeConsumer: Consumer {
    let id = UUID().uuidString.lowercased()
    let producerId: String
    let kind: MediaKind
    let rtpParameters: RtpParameters
    let type = ConsumerType.pipe
    let priority = 1
    let events = EventEmitter<ConsumerEvent>()
    let observer = EventEmitter<ConsumerObserverEvent>()
    private let original: any Producer
    private let mirror = Mirror("Consumer")
    private let producerPausedState: Mutex<Bool>

    init(original: any Producer, rtpParameters: RtpParameters) {
        self.original = original
        producerId = original.id
        kind = original.kind
        self.rtpParameters = rtpParameters
        producerPausedState = Mutex(original.paused)
        original.observer.on { [weak self] event in
            guard let self else { return }
            switch event {
            case .close:
                guard !self.closed else { return }
                self.events.emit(.producerClose)
                self.close()
            case .pause:
                self.producerPausedState.withLock { $0 = true }
                self.events.emit(.producerPause)
            case .resume:
                self.producerPausedState.withLock { $0 = false }
                self.events.emit(.producerResume)
            default: break
            }
        }
    }

    var closed: Bool { mirror.closed }
    var paused: Bool { mirror.paused }
    var producerPaused: Bool { producerPausedState.withLock { $0 } }
    var score: ConsumerScore { ConsumerScore(score: 10, producerScore: 10, producerScores: []) }
    var preferredLayers: ConsumerLayers? { nil }
    var currentLayers: ConsumerLayers? { nil }
    var appData: AppData {
        get { mirror.appData }
        set { mirror.appData = newValue }
    }

    func close() {
        if mirror.close() { observer.emit(.close) }
    }

    func dump() async throws -> ConsumerDump {
        ConsumerDump(
            id: id, producerId: producerId, kind: kind, type: type, rtpParameters: rtpParameters,
            consumableRtpEncodings: original.consumableRtpParameters.encodings,
            supportedCodecPayloadTypes: rtpParameters.codecs.map(\.payloadType), paused: try mirror.openPaused(),
            producerPaused: producerPaused)
    }

    /// No media crosses a virtual pipe.
    func getStats() async throws -> [RtpStreamStats] {
        _ = try mirror.openPaused()
        return []
    }

    func pause() async throws {
        if try mirror.setPaused(true) { observer.emit(.pause) }
    }

    func resume() async throws {
        if try mirror.setPaused(false) { observer.emit(.resume) }
    }

    /// A pipe consumer forwards every layer.
    func setPreferredLayers(_ layers: ConsumerLayers) async throws -> ConsumerLayers? {
        _ = try mirror.openPaused()
        return nil
    }

    func setPriority(_ priority: Int) async throws {
        guard priority >= 1 else { throw TypeError("wrong priority") }
        _ = try mirror.openPaused()
    }

    func unsetPriority() async throws { _ = try mirror.openPaused() }

    /// Nothing to ask for: no media crosses a virtual pipe.
    func requestKeyFrame() async throws { _ = try mirror.openPaused() }

    func enableTraceEvent(_ types: [ConsumerTraceEventType]) async throws { _ = try mirror.openPaused() }
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
    private let mirror: Mirror

    init(original: any Producer, rtpParameters: RtpParameters) {
        self.original = original
        id = original.id
        kind = original.kind
        type = original.type
        self.rtpParameters = rtpParameters
        mirror = Mirror("Producer", paused: original.paused)
    }

    var closed: Bool { mirror.closed }
    var consumableRtpParameters: RtpParameters { original.consumableRtpParameters }
    var paused: Bool { mirror.paused }
    var score: [ProducerScore] { [] }
    var appData: AppData {
        get { mirror.appData }
        set { mirror.appData = newValue }
    }

    func close() {
        if mirror.close() { observer.emit(.close) }
    }

    /// The original's dump with this producer's parameters and pause state.
    func dump() async throws -> ProducerDump {
        let paused = try mirror.openPaused()
        var dump = try await original.dump()
        dump.rtpParameters = rtpParameters
        dump.paused = paused
        return dump
    }

    /// No media crosses a virtual pipe.
    func getStats() async throws -> [RtpStreamStats] {
        _ = try mirror.openPaused()
        return []
    }

    func pause() async throws { try setPaused(true) }
    func resume() async throws { try setPaused(false) }

    func enableTraceEvent(_ types: [ProducerTraceEventType]) async throws { _ = try mirror.openPaused() }

    /// Sent by the original, which the destination's consumers receive from.
    func send(_ rtpPacket: [UInt8]) throws { try original.send(rtpPacket) }

    /// Pauses or resumes, with observer `pause`/`resume` when the state changes.
    func setPaused(_ paused: Bool) throws {
        if try mirror.setPaused(paused) { observer.emit(paused ? .pause : .resume) }
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
    private let mirror = Mirror("DataConsumer")
    private let extra: Mutex<(producerPaused: Bool, threshold: Int, subchannels: [UInt16])>

    init(original: any DataProducer) {
        dataProducerId = original.id
        sctpStreamParameters = original.sctpStreamParameters
        label = original.label
        `protocol` = original.protocol
        extra = Mutex((original.paused, 0, []))
        original.observer.on { [weak self] event in
            guard let self else { return }
            switch event {
            case .close:
                guard !self.closed else { return }
                self.events.emit(.dataProducerClose)
                self.close()
            case .pause:
                self.extra.withLock { $0.producerPaused = true }
                self.events.emit(.dataProducerPause)
            case .resume:
                self.extra.withLock { $0.producerPaused = false }
                self.events.emit(.dataProducerResume)
            }
        }
    }

    var closed: Bool { mirror.closed }
    var paused: Bool { mirror.paused }
    var dataProducerPaused: Bool { extra.withLock { $0.producerPaused } }
    var subchannels: [UInt16] { extra.withLock { $0.subchannels } }
    var appData: AppData {
        get { mirror.appData }
        set { mirror.appData = newValue }
    }

    func close() {
        if mirror.close() { observer.emit(.close) }
    }

    func dump() async throws -> DataConsumerDump {
        let paused = try mirror.openPaused()
        let extra = extra.withLock { $0 }
        return DataConsumerDump(
            id: id, dataProducerId: dataProducerId, type: type, sctpStreamParameters: sctpStreamParameters,
            label: label, protocol: `protocol`, bufferedAmountLowThreshold: extra.threshold, paused: paused,
            dataProducerPaused: extra.producerPaused, subchannels: extra.subchannels)
    }

    /// No message crosses a virtual pipe.
    func getStats() async throws -> [DataConsumerStats] {
        _ = try mirror.openPaused()
        return []
    }

    func pause() async throws {
        if try mirror.setPaused(true) { observer.emit(.pause) }
    }

    func resume() async throws {
        if try mirror.setPaused(false) { observer.emit(.resume) }
    }

    func setBufferedAmountLowThreshold(_ threshold: Int) async throws {
        _ = try mirror.openPaused()
        extra.withLock { $0.threshold = threshold }
    }

    /// A virtual pipe has no SCTP association to send on.
    func send(_ message: DataMessage, ppid: UInt32?) async throws {
        _ = try mirror.openPaused()
        throw InvalidStateError("a virtual pipe DataConsumer has no transport to send on")
    }

    func getBufferedAmount() async throws -> Int {
        _ = try mirror.openPaused()
        return 0
    }

    func setSubchannels(_ subchannels: [UInt16]) async throws {
        _ = try mirror.openPaused()
        extra.withLock { $0.subchannels = Array(Set(subchannels)).sorted() }
    }

    func addSubchannel(_ subchannel: UInt16) async throws {
        try await setSubchannels(subchannels + [subchannel])
    }

    func removeSubchannel(_ subchannel: UInt16) async throws {
        try await setSubchannels(subchannels.filter { $0 != subchannel })
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
    private let mirror: Mirror

    init(original: any DataProducer) {
        self.original = original
        id = original.id
        sctpStreamParameters = original.sctpStreamParameters
        label = original.label
        `protocol` = original.protocol
        mirror = Mirror("DataProducer", paused: original.paused)
    }

    var closed: Bool { mirror.closed }
    var paused: Bool { mirror.paused }
    var appData: AppData {
        get { mirror.appData }
        set { mirror.appData = newValue }
    }

    func close() {
        if mirror.close() { observer.emit(.close) }
    }

    func dump() async throws -> DataProducerDump {
        DataProducerDump(
            id: id, type: type, sctpStreamParameters: sctpStreamParameters, label: label, protocol: `protocol`,
            paused: try mirror.openPaused())
    }

    /// No message crosses a virtual pipe.
    func getStats() async throws -> [DataProducerStats] {
        _ = try mirror.openPaused()
        return []
    }

    func pause() async throws {
        if try mirror.setPaused(true) { observer.emit(.pause) }
    }

    func resume() async throws {
        if try mirror.setPaused(false) { observer.emit(.resume) }
    }

    /// Sent by the original, which the destination's data consumers receive from.
    func send(_ message: DataMessage, ppid: UInt32?, subchannels: [UInt16]?, requiredSubchannel: UInt16?) throws {
        try original.send(message, ppid: ppid, subchannels: subchannels, requiredSubchannel: requiredSubchannel)
    }
}
