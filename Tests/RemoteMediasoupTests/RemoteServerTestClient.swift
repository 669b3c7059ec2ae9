import Mediasoup
import ROPE
import RemoteMediasoupProtocol
import RemoteMediasoupServer
import Synchronization
import Testing

/// One client session of a server under test, over real JSON-RPC frames,
/// recording every notification it receives in order.
final class RemoteServerTestClient: Sendable {
    let connection: RopeInMemoryConnection
    private let received = Mutex<[(method: String, params: JSONValue)]>([])

    /// Connects at once.
    init(_ server: RemoteMediasoupServer) {
        connection = RopeInMemoryConnection(service: server, requestTimeout: requestPatience)
        connection.events.on { [weak self] event in
            if case .notification(let method, let params) = event {
                self?.received.withLock { $0.append((method, params)) }
            }
        }
        connection.open()
    }

    /// Every `snapshot` notification received, in order.
    var snapshots: [ServerSnapshot] {
        received.withLock { $0 }.filter { $0.method == RemoteNotification.snapshot }.compactMap {
            try? ServerSnapshot(jsonValue: $0.params)
        }
    }

    /// Every `event` notification received, in order.
    var events: [EventNotification] {
        received.withLock { $0 }.filter { $0.method == RemoteNotification.event }.compactMap {
            try? EventNotification(jsonValue: $0.params)
        }
    }

    /// The names of the notifications received, in order.
    var notificationMethods: [String] { received.withLock { $0.map(\.method) } }

    /// The events of one object (or of the Mediasoup object for nil).
    func events(of target: String?) -> [EventNotification] {
        events.filter { $0.target == target }
    }

    func call(_ method: String, _ params: JSONValue = .null) async throws -> JSONValue {
        try await connection.call(method, params)
    }

    /// Calls a creating procedure and decodes the snapshot it answers.
    func create(_ method: String, _ params: JSONValue) async throws -> ObjectSnapshot {
        try ObjectSnapshot(jsonValue: try await call(method, params))
    }

    /// Waits (up to `timeout`) for an event that has already come or comes later.
    func event(
        _ name: String, of target: String?, timeout: Duration = patience
    ) async throws -> EventNotification {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let event = events(of: target).first(where: { $0.event == name }) { return event }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TimeoutError(description: "no '\(name)' event of \(target ?? "Mediasoup") within \(timeout)")
    }

    struct TimeoutError: Error, CustomStringConvertible {
        let description: String
    }
}

extension RemoteServerTests {
    /// Params of a request, from named fields.
    func params(target: String? = nil, _ fields: [String: JSONValue] = [:]) -> JSONValue {
        var object = fields
        if let target { object[RemoteParam.target] = .string(target) }
        return .object(object)
    }

    /// A contract value as a param.
    func param(_ value: some Encodable) throws -> JSONValue {
        try value.jsonValue()
    }
}

/// A RopeService in front of the server under test that keeps the sessions
/// it opens, so tests can call the server directly and see its protocol errors.
final class SessionKeepingService: RopeService {
    let server: RemoteMediasoupServer
    private let sessions = Mutex<[RopeSession]>([])

    init(_ server: RemoteMediasoupServer) { self.server = server }

    var lastSession: RopeSession? { sessions.withLock { $0.last } }

    func sessionOpened(_ session: RopeSession) {
        sessions.withLock { $0.append(session) }
        server.sessionOpened(session)
    }

    func call(_ method: String, params: JSONValue, session: RopeSession) async throws -> JSONValue {
        try await server.call(method, params: params, session: session)
    }

    func sessionClosed(_ session: RopeSession) {
        server.sessionClosed(session)
    }
}

/// Media of the tests.
enum RemoteServerMedia {
    static let mediaCodecs = [
        RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2),
        RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000),
    ]

    static let audioProducer = ProducerOptions(
        kind: .audio,
        rtpParameters: RtpParameters(
            mid: "AUDIO",
            codecs: [RtpCodecParameters(mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2)],
            encodings: [RtpEncodingParameters(ssrc: 11_111_111)]))

    /// A codec no router supports.
    static let unsupportedProducer = ProducerOptions(
        kind: .audio,
        rtpParameters: RtpParameters(
            mid: "CHICKEN",
            codecs: [RtpCodecParameters(mimeType: "audio/chicken", payloadType: 100, clockRate: 8000)],
            encodings: [RtpEncodingParameters(ssrc: 22_222_222)]))

    static let webRtcTransportOptions = RemoteWebRtcTransportOptions(
        WebRtcTransportOptions(listenInfos: [TransportListenInfo(protocol: .udp, ip: "127.0.0.1")]))
}
