import Mediasoup
import MediasoupChannel
import Synchronization
import Testing

@testable import MediasoupLocal

/// The library side of producers and consumers: how the worker's
/// notifications (scores, layers, producer pause/resume/close, trace, RTP)
/// update their state and emit their events, which no ported mediasoup test
/// reaches until RTP flows (mediasoup's own tests inject them through a
/// private channel); and the ordering of request outcomes.
@Suite(.timeLimit(.minutes(1)))
struct ProducerConsumerNotificationTests {
    /// A transport core on a channel without pipes, never started: nothing is
    /// sent or received (notifications are handed to the objects directly).
    private static func transport() throws -> TransportCore {
        let channel = WorkerChannel(requestFd: -1, responseFd: -1)
        let router = LocalRouter(
            id: "router-1", rtpCapabilities: RtpCapabilities(), channel: channel, appData: [:], onClose: { _ in })
        return TransportCore(
            id: "transport-1", channel: channel, router: router, appData: [:], maxMessageSize: 262_144)
    }

    private static func consumer(on transport: TransportCore, paused: Bool = false) -> LocalConsumer {
        let consumer = LocalConsumer(
            id: "consumer-1", producerId: "producer-1", kind: .video,
            rtpParameters: RtpParameters(codecs: []), type: .simulcast, paused: paused, producerPaused: false,
            score: ConsumerScore(score: 10, producerScore: 0, producerScores: [0, 0]),
            preferredLayers: ConsumerLayers(spatialLayer: 1, temporalLayer: 2), appData: [:], transport: transport)
        transport.state.withLock { $0.consumers[consumer.id] = consumer }
        return consumer
    }

    private static func notification(_ event: String, _ data: (some Encodable)? = Optional<String>.none) throws
        -> ChannelNotification
    {
        ChannelNotification(targetId: "consumer-1", event: event, data: try data?.channelData())
    }

    /// Records what an emitter emits, from any thread.
    private final class Recorder<Event: Sendable>: Sendable {
        private let events = Mutex<[Event]>([])
        init(_ emitter: EventEmitter<Event>) {
            emitter.on { [self] event in self.events.withLock { $0.append(event) } }
        }
        var values: [Event] { events.withLock { $0 } }
    }

    @Test func producerScoreNotificationsUpdateScoreAndEmitEveryTime() throws {
        let transport = try Self.transport()
        let producer = LocalProducer(
            id: "producer-1", kind: .video, rtpParameters: RtpParameters(codecs: []), type: .simulcast,
            consumableRtpParameters: RtpParameters(codecs: []), paused: false, appData: [:], transport: transport)
        let events = Recorder(producer.events)
        let observed = Recorder(producer.observer)
        let scores = [
            ProducerScore(encodingIdx: 0, ssrc: 11, score: 10), ProducerScore(encodingIdx: 1, ssrc: 22, score: 9),
        ]

        for _ in 0..<3 {
            producer.handle(
                ChannelNotification(
                    targetId: producer.id, event: ProducerNotification.score, data: try scores.channelData()))
        }

        #expect(producer.score == scores)
        #expect(events.values.count == 3)
        #expect(observed.values.count == 3)
        for event in events.values {
            guard case .score(let score) = event else {
                Issue.record("unexpected event \(event)")
                continue
            }
            #expect(score == scores)
        }

        let orientation = ProducerVideoOrientation(camera: true, flip: false, rotation: 90)
        producer.handle(
            ChannelNotification(
                targetId: producer.id, event: ProducerNotification.videoOrientationChange,
                data: try orientation.channelData()))
        guard case .videoOrientationChange(let received)? = events.values.last else {
            Issue.record("no videoorientationchange event")
            return
        }
        #expect(received == orientation)

        // Malformed or unknown notifications change nothing.
        producer.handle(ChannelNotification(targetId: producer.id, event: ProducerNotification.score, data: "oops"))
        producer.handle(ChannelNotification(targetId: producer.id, event: "producer.unknown"))
        #expect(events.values.count == 4)
        #expect(producer.score == scores)
    }

    @Test func consumerScoreAndLayersNotifications() throws {
        let transport = try Self.transport()
        let consumer = Self.consumer(on: transport)
        let events = Recorder(consumer.events)
        let observed = Recorder(consumer.observer)
        let score = ConsumerScore(score: 9, producerScore: 10, producerScores: [8])

        for _ in 0..<3 {
            consumer.handle(try Self.notification(ConsumerNotification.score, score))
        }
        #expect(consumer.score == score)
        #expect(events.values.count == 3)
        #expect(observed.values.count == 3)

        let layers = ConsumerLayers(spatialLayer: 1, temporalLayer: 0)
        consumer.handle(try Self.notification(ConsumerNotification.layersChange, LayersChangePayload(layers: layers)))
        #expect(consumer.currentLayers == layers)
        consumer.handle(try Self.notification(ConsumerNotification.layersChange, LayersChangePayload(layers: nil)))
        #expect(consumer.currentLayers == nil)
        guard case .layersChange(let last)? = observed.values.last else {
            Issue.record("no observer layerschange event")
            return
        }
        #expect(last == nil)

        let trace = ConsumerTraceEventData(type: .keyframe, timestamp: 1234, direction: .out)
        consumer.handle(try Self.notification(ConsumerNotification.trace, trace))
        guard case .trace(let received)? = events.values.last else {
            Issue.record("no trace event")
            return
        }
        #expect(received == trace)
        // Once on each emitter (mediasoup 3.14.16 emits it twice by mistake).
        #expect(events.values.count == 6)
        #expect(observed.values.count == 6)

        consumer.handle(try Self.notification(ConsumerNotification.rtp, [UInt8]([0x80, 0x60, 0, 1]).base64()))
        guard case .rtp(let packet)? = events.values.last else {
            Issue.record("no rtp event")
            return
        }
        #expect(packet == [0x80, 0x60, 0, 1])
    }

    @Test func producerPauseAndResumeAreDeduplicatedAndFollowTheEffectiveState() throws {
        let transport = try Self.transport()
        let consumer = Self.consumer(on: transport)
        let events = Recorder(consumer.events)
        let observed = Recorder(consumer.observer)

        consumer.handle(try Self.notification(ConsumerNotification.producerPause))
        consumer.handle(try Self.notification(ConsumerNotification.producerPause))
        #expect(consumer.producerPaused)
        #expect(events.values.count == 1)
        #expect(observed.values.count == 1)
        guard case .pause? = observed.values.last else {
            Issue.record("no observer pause")
            return
        }

        consumer.handle(try Self.notification(ConsumerNotification.producerResume))
        consumer.handle(try Self.notification(ConsumerNotification.producerResume))
        #expect(!consumer.producerPaused)
        #expect(events.values.count == 2)
        #expect(observed.values.count == 2)

        // A consumer paused by itself is not effectively resumed or paused by its producer.
        let pausedConsumer = Self.consumer(on: try Self.transport(), paused: true)
        let pausedObserved = Recorder(pausedConsumer.observer)
        let pausedEvents = Recorder(pausedConsumer.events)
        pausedConsumer.handle(try Self.notification(ConsumerNotification.producerPause))
        pausedConsumer.handle(try Self.notification(ConsumerNotification.producerResume))
        #expect(pausedEvents.values.count == 2)
        #expect(pausedObserved.values.isEmpty)
    }

    @Test func producerCloseClosesTheConsumerOnce() throws {
        let transport = try Self.transport()
        let consumer = Self.consumer(on: transport)
        let events = Recorder(consumer.events)
        let observed = Recorder(consumer.observer)

        consumer.handle(try Self.notification(ConsumerNotification.producerClose))
        consumer.handle(try Self.notification(ConsumerNotification.producerClose))
        consumer.handle(
            try Self.notification(
                ConsumerNotification.score, ConsumerScore(score: 1, producerScore: 1, producerScores: [])))

        #expect(consumer.closed)
        #expect(transport.state.withLock { $0.consumers[consumer.id] == nil })
        #expect(events.values.count == 1)
        guard case .producerClose? = events.values.first, case .close? = observed.values.first else {
            Issue.record("expected producerclose then observer close, got \(events.values) \(observed.values)")
            return
        }
        #expect(observed.values.count == 1)
        #expect(consumer.score == ConsumerScore(score: 10, producerScore: 0, producerScores: [0, 0]))
    }

    /// What the ordering test shares between its tasks.
    private final class OrderingProbe: Sendable {
        let applied = Mutex<[Int]>([])
        let firstMayFinish = Mutex<CheckedContinuation<Void, Never>?>(nil)
        func record(_ value: Int) { applied.withLock { $0.append(value) } }
        var values: [Int] { applied.withLock { $0 } }
    }

    @Test func outcomesApplyInRequestOrderWhateverOrderTheyResumeIn() async throws {
        let outcomes = OrderedOutcomes()
        let probe = OrderingProbe()

        // The first request's answer is held back until the second's has arrived.
        let first = Task {
            try await outcomes.perform {
                await withCheckedContinuation { continuation in probe.firstMayFinish.withLock { $0 = continuation } }
                return 1
            } apply: { value in
                probe.record(value)
            }
        }
        while probe.firstMayFinish.withLock({ $0 == nil }) { await Task.yield() }
        let second = Task {
            try await outcomes.perform {
                2
            } apply: { value in
                probe.record(value)
            }
        }
        // The second cannot apply before the first.
        try await Task.sleep(for: .milliseconds(50))
        #expect(probe.values == [])

        probe.firstMayFinish.withLock { $0?.resume() }
        try await first.value
        try await second.value
        #expect(probe.values == [1, 2])

        // A failed request applies nothing but gives its turn away.
        do {
            try await outcomes.perform { () async throws -> Int in
                throw MediasoupError("refused")
            } apply: { _ in
                probe.record(3)
            }
            Issue.record("a refused request must throw")
        } catch {
            #expect(error is MediasoupError)
        }
        try await outcomes.perform {
            4
        } apply: { value in
            probe.record(value)
        }
        #expect(probe.values == [1, 2, 4])
    }
}
