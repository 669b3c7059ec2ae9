import Mediasoup

/// An ``EngineNotification`` on the wire (`injectNotificationForTesting`'s
/// `notification`): `{"event":E,"data":D}` with mediasoup's notification
/// names and data — `score` (a producer's `[ProducerScore]` or a consumer's
/// `ConsumerScore`), `icestatechange` (`{"iceState"}`),
/// `iceselectedtuplechange` (`{"iceSelectedTuple"}`), `dtlsstatechange`
/// (`{"dtlsState","remoteCert"?}`), `sctpstatechange` (`{"sctpState"}`).
public struct RemoteEngineNotification: Sendable, Hashable, Codable {
    /// The notification's name: `score`, `icestatechange`, `iceselectedtuplechange`, `dtlsstatechange` or
    /// `sctpstatechange`.
    public var event: String
    /// The notification's data, in mediasoup's JSON.
    public var data: JSONValue

    private struct IceStateData: Codable { var iceState: IceState }
    private struct IceSelectedTupleData: Codable { var iceSelectedTuple: TransportTuple }
    private struct DtlsStateData: Codable {
        var dtlsState: DtlsState
        var remoteCert: String?
    }
    private struct SctpStateData: Codable { var sctpState: SctpState }

    /// The notification `event` with `data`, unchecked until ``engineNotification(for:)`` decodes it.
    public init(event: String, data: JSONValue) {
        self.event = event
        self.data = data
    }

    /// The wire form of a notification.
    public init(_ notification: EngineNotification) throws {
        switch notification {
        case .producerScore(let scores):
            self.init(event: ProducerEventName.score.rawValue, data: try scores.jsonValue())
        case .consumerScore(let score):
            self.init(event: ConsumerEventName.score.rawValue, data: try score.jsonValue())
        case .iceStateChange(let state):
            self.init(
                event: TransportEventName.iceStateChange.rawValue, data: try IceStateData(iceState: state).jsonValue())
        case .iceSelectedTupleChange(let tuple):
            self.init(
                event: TransportEventName.iceSelectedTupleChange.rawValue,
                data: try IceSelectedTupleData(iceSelectedTuple: tuple).jsonValue())
        case .dtlsStateChange(let state, let remoteCert):
            self.init(
                event: TransportEventName.dtlsStateChange.rawValue,
                data: try DtlsStateData(dtlsState: state, remoteCert: remoteCert).jsonValue())
        case .sctpStateChange(let state):
            let data = try SctpStateData(sctpState: state).jsonValue()
            self.init(event: TransportEventName.sctpStateChange.rawValue, data: data)
        }
    }

    /// The notification for an object of class `target` (`score` means a
    /// producer's scores for a Producer, a consumer's score otherwise).
    ///
    /// - Throws: `TypeError` for an unknown event or malformed data.
    public func engineNotification(for target: RemoteClass) throws(TypeError) -> EngineNotification {
        switch event {
        case ProducerEventName.score.rawValue where target == .producer:
            return .producerScore(try [ProducerScore](jsonValue: data))
        case ConsumerEventName.score.rawValue:
            return .consumerScore(try ConsumerScore(jsonValue: data))
        case TransportEventName.iceStateChange.rawValue:
            return .iceStateChange(try IceStateData(jsonValue: data).iceState)
        case TransportEventName.iceSelectedTupleChange.rawValue:
            return .iceSelectedTupleChange(try IceSelectedTupleData(jsonValue: data).iceSelectedTuple)
        case TransportEventName.dtlsStateChange.rawValue:
            let change = try DtlsStateData(jsonValue: data)
            return .dtlsStateChange(change.dtlsState, remoteCert: change.remoteCert)
        case TransportEventName.sctpStateChange.rawValue:
            return .sctpStateChange(try SctpStateData(jsonValue: data).sctpState)
        default:
            throw TypeError("invalid notification.event: unknown engine notification '\(event)'")
        }
    }
}
