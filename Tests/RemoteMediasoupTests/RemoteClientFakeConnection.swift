import Mediasoup
import ROPE
import RemoteMediasoupProtocol
import Synchronization

/// A ROPE connection played by the test: it opens at once, records every
/// request, answers them with `answer`, and delivers whatever notifications
/// the test makes the "server" send.
final class RemoteClientFakeConnection: RopeClientConnection {
    let events = EventEmitter<RopeConnectionEvent>()
    private let answer: @Sendable (String, JSONValue) throws -> JSONValue

    private struct State {
        var open = false
        var requests: [(method: String, params: JSONValue)] = []
    }
    private let state = Mutex(State())

    init(answer: @escaping @Sendable (String, JSONValue) throws -> JSONValue = { _, _ in .null }) {
        self.answer = answer
    }

    var isOpen: Bool { state.withLock { $0.open } }

    /// Every request so far, in order.
    var requests: [(method: String, params: JSONValue)] { state.withLock { $0.requests } }

    func call(_ method: String, _ params: JSONValue) async throws -> JSONValue {
        let open = state.withLock { state in
            state.requests.append((method, params))
            return state.open
        }
        guard open else { throw InvalidStateError("ROPE connection is not open [method:\(method)]") }
        return try answer(method, params)
    }

    func open() {
        let opened = state.withLock { state in
            defer { state.open = true }
            return !state.open
        }
        if opened { events.emit(.open) }
    }

    func close() { end(wasClean: true) }

    /// The socket drops.
    func drop() { end(wasClean: false) }

    private func end(wasClean: Bool) {
        let wasOpen = state.withLock { state in
            defer { state.open = false }
            return state.open
        }
        if wasOpen { events.emit(.closed(wasClean: wasClean)) }
    }

    /// The server sends its snapshot.
    func sendSnapshot(_ objects: [ObjectSnapshot]) throws {
        let snapshot = ServerSnapshot(version: mediasoupVersion, workerBin: "wss://fake/mediasoup-worker", objects: objects)
        events.emit(.notification(method: RemoteNotification.snapshot, params: try snapshot.jsonValue()))
    }

    /// The server forwards one event.
    func sendEvent(_ event: EventNotification) throws {
        events.emit(.notification(method: RemoteNotification.event, params: try event.jsonValue()))
    }
}

/// Hand-made snapshots of remote objects, as a server would send them.
enum FakeSnapshots {
    static func worker(_ id: String, pid: Int = 4242, appData: AppData = [:]) -> ObjectSnapshot {
        ObjectSnapshot(
            class: .worker, id: id, parent: nil, closed: false, appData: appData,
            properties: ["pid": .number(Double(pid)), "died": false, "subprocessClosed": false])
    }

    static func router(_ id: String, worker: String, appData: AppData = [:]) throws -> ObjectSnapshot {
        ObjectSnapshot(
            class: .router, id: id, parent: worker, closed: false, appData: appData,
            properties: ["rtpCapabilities": try RtpCapabilities(codecs: [], headerExtensions: []).jsonValue()])
    }

    static func directTransport(_ id: String, router: String) -> ObjectSnapshot {
        ObjectSnapshot(
            class: .transport, id: id, parent: router, closed: false, appData: [:],
            properties: ["type": .string(RemoteTransportType.direct)])
    }

    static func producer(_ id: String, transport: String) throws -> ObjectSnapshot {
        let rtpParameters = try RtpParameters(codecs: []).jsonValue()
        return ObjectSnapshot(
            class: .producer, id: id, parent: transport, closed: false, appData: [:],
            properties: [
                "kind": "audio", "rtpParameters": rtpParameters, "type": "simple",
                "consumableRtpParameters": rtpParameters, "paused": false, "score": [],
            ])
    }

    static func consumer(_ id: String, producer: String, transport: String, score: Int = 10, paused: Bool = false)
        throws -> ObjectSnapshot
    {
        ObjectSnapshot(
            class: .consumer, id: id, parent: transport, closed: false, appData: [:],
            properties: [
                "producerId": .string(producer), "kind": "audio", "rtpParameters": try RtpParameters(codecs: []).jsonValue(),
                "type": "simple", "paused": .bool(paused), "producerPaused": false, "priority": 1,
                "score": try ConsumerScore(score: score, producerScore: score, producerScores: []).jsonValue(),
            ])
    }
}

/// Records what an emitter emits, from any thread, as text in order.
final class RemoteClientEventLog: Sendable {
    private let entries = Mutex<[String]>([])

    func record(_ entry: String) { entries.withLock { $0.append(entry) } }
    var values: [String] { entries.withLock { $0 } }
    func clear() { entries.withLock { $0 = [] } }
}
