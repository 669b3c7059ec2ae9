import Mediasoup
import RemoteMediasoupProtocol

/// A contract value as it travels: its JSON (null if it cannot be encoded,
/// which the contract's types never are).
func wireJSON(_ value: some Encodable) -> JSONValue {
    (try? value.jsonValue()) ?? .null
}

extension RemoteTransportType {
    /// The `type` of a transport.
    static func of(_ transport: any Transport) -> String {
        switch transport {
        case is any WebRtcTransport: webRtc
        case is any PlainTransport: plain
        case is any PipeTransport: pipe
        default: direct
        }
    }
}

extension ServedObject {
    /// The contract's properties of the object, as Docs/RemoteProtocol.md
    /// lists them; optional ones are omitted when nil.
    ///
    /// - Parameter webRtcServerId: the WebRtcServer a WebRtcTransport listens through.
    func properties(webRtcServerId: String?) -> [String: JSONValue] {
        var properties = Properties()
        switch self {
        case .worker(let worker, _):
            properties["pid"] = worker.pid
            properties["died"] = worker.died
            properties["subprocessClosed"] = worker.subprocessClosed
        case .webRtcServer:
            break
        case .router(let router):
            properties["rtpCapabilities"] = router.rtpCapabilities
        case .transport(let transport):
            Self.add(transport, webRtcServerId: webRtcServerId, to: &properties)
        case .producer(let producer):
            properties["kind"] = producer.kind
            properties["rtpParameters"] = producer.rtpParameters
            properties["type"] = producer.type
            properties["consumableRtpParameters"] = producer.consumableRtpParameters
            properties["paused"] = producer.paused
            properties["score"] = producer.score
        case .consumer(let consumer):
            properties["producerId"] = consumer.producerId
            properties["kind"] = consumer.kind
            properties["rtpParameters"] = consumer.rtpParameters
            properties["type"] = consumer.type
            properties["paused"] = consumer.paused
            properties["producerPaused"] = consumer.producerPaused
            properties["priority"] = consumer.priority
            properties["score"] = consumer.score
            properties["preferredLayers"] = consumer.preferredLayers
            properties["currentLayers"] = consumer.currentLayers
        case .dataProducer(let dataProducer):
            properties["type"] = dataProducer.type
            properties["sctpStreamParameters"] = dataProducer.sctpStreamParameters
            properties["label"] = dataProducer.label
            properties["protocol"] = dataProducer.protocol
            properties["paused"] = dataProducer.paused
        case .dataConsumer(let dataConsumer):
            properties["dataProducerId"] = dataConsumer.dataProducerId
            properties["type"] = dataConsumer.type
            properties["sctpStreamParameters"] = dataConsumer.sctpStreamParameters
            properties["label"] = dataConsumer.label
            properties["protocol"] = dataConsumer.protocol
            properties["paused"] = dataConsumer.paused
            properties["dataProducerPaused"] = dataConsumer.dataProducerPaused
            properties["subchannels"] = dataConsumer.subchannels
        case .rtpObserver(let rtpObserver):
            properties["type"] =
                rtpObserver is any AudioLevelObserver
                ? RemoteRtpObserverType.audioLevel : RemoteRtpObserverType.activeSpeaker
            properties["paused"] = rtpObserver.paused
        }
        return properties.values
    }

    private static func add(_ transport: any Transport, webRtcServerId: String?, to properties: inout Properties) {
        properties["type"] = RemoteTransportType.of(transport)
        switch transport {
        case let transport as any WebRtcTransport:
            properties["iceRole"] = transport.iceRole
            properties["iceParameters"] = transport.iceParameters
            properties["iceCandidates"] = transport.iceCandidates
            properties["iceState"] = transport.iceState
            properties["iceSelectedTuple"] = transport.iceSelectedTuple
            properties["dtlsParameters"] = transport.dtlsParameters
            properties["dtlsState"] = transport.dtlsState
            properties["dtlsRemoteCert"] = transport.dtlsRemoteCert
            properties["sctpParameters"] = transport.sctpParameters
            properties["sctpState"] = transport.sctpState
            properties["webRtcServerId"] = webRtcServerId
        case let transport as any PlainTransport:
            properties["tuple"] = transport.tuple
            properties["rtcpTuple"] = transport.rtcpTuple
            properties["sctpParameters"] = transport.sctpParameters
            properties["sctpState"] = transport.sctpState
            properties["srtpParameters"] = transport.srtpParameters
        case let transport as any PipeTransport:
            properties["tuple"] = transport.tuple
            properties["sctpParameters"] = transport.sctpParameters
            properties["sctpState"] = transport.sctpState
            properties["srtpParameters"] = transport.srtpParameters
        default:
            break
        }
    }
}

/// Properties by name; assigning nil leaves a property out.
private struct Properties {
    var values: [String: JSONValue] = [:]

    subscript<Value: Encodable>(name: String) -> Value? {
        get { nil }
        set {
            if let newValue { values[name] = wireJSON(newValue) }
        }
    }
}
