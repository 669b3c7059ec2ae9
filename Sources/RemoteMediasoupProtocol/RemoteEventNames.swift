import Mediasoup

// The wire's event vocabulary, defined once: for each emitter of the
// contract, the names its events travel under (mediasoup's names). The
// server names an event with `wireName` (a switch over the contract's cases,
// so a new case does not compile until it has a name); the client decodes with
// a switch over the names (no default, so a new name does not compile until
// the client handles it). Nothing is dropped silently on either side.

/// The names of one emitter's events on the wire.
public protocol RemoteEventNames: RawRepresentable<String>, CaseIterable, Sendable {}

/// The names of the module-level observer events on the wire.
public enum MediasoupObserverEventName: String, RemoteEventNames {
    case newWorker = "newworker"
}

extension MediasoupObserverEvent {
    /// The name this event travels under.
    public var wireName: MediasoupObserverEventName {
        switch self {
        case .newWorker: .newWorker
        }
    }
}

/// The names of a Worker's `events` events on the wire.
public enum WorkerEventName: String, RemoteEventNames {
    case died = "died"
    case subprocessClose = "subprocessclose"
}

extension WorkerEvent {
    /// The name this event travels under.
    public var wireName: WorkerEventName {
        switch self {
        case .died: .died
        case .subprocessClose: .subprocessClose
        }
    }
}

/// The names of a Worker's `observer` events on the wire.
public enum WorkerObserverEventName: String, RemoteEventNames {
    case close = "close"
    case newWebRtcServer = "newwebrtcserver"
    case newRouter = "newrouter"
}

extension WorkerObserverEvent {
    /// The name this event travels under.
    public var wireName: WorkerObserverEventName {
        switch self {
        case .close: .close
        case .newWebRtcServer: .newWebRtcServer
        case .newRouter: .newRouter
        }
    }
}

/// The names of a WebRtcServer's `events` events on the wire.
public enum WebRtcServerEventName: String, RemoteEventNames {
    case workerClose = "workerclose"
}

extension WebRtcServerEvent {
    /// The name this event travels under.
    public var wireName: WebRtcServerEventName {
        switch self {
        case .workerClose: .workerClose
        }
    }
}

/// The names of a WebRtcServer's `observer` events on the wire.
public enum WebRtcServerObserverEventName: String, RemoteEventNames {
    case close = "close"
    case webRtcTransportHandled = "webrtctransporthandled"
    case webRtcTransportUnhandled = "webrtctransportunhandled"
}

extension WebRtcServerObserverEvent {
    /// The name this event travels under.
    public var wireName: WebRtcServerObserverEventName {
        switch self {
        case .close: .close
        case .webRtcTransportHandled: .webRtcTransportHandled
        case .webRtcTransportUnhandled: .webRtcTransportUnhandled
        }
    }
}

/// The names of a Router's `events` events on the wire.
public enum RouterEventName: String, RemoteEventNames {
    case workerClose = "workerclose"
}

extension RouterEvent {
    /// The name this event travels under.
    public var wireName: RouterEventName {
        switch self {
        case .workerClose: .workerClose
        }
    }
}

/// The names of a Router's `observer` events on the wire.
public enum RouterObserverEventName: String, RemoteEventNames {
    case close = "close"
    case newTransport = "newtransport"
    case newRtpObserver = "newrtpobserver"
}

extension RouterObserverEvent {
    /// The name this event travels under.
    public var wireName: RouterObserverEventName {
        switch self {
        case .close: .close
        case .newTransport: .newTransport
        case .newRtpObserver: .newRtpObserver
        }
    }
}

/// The names of a transport's `events` events on the wire.
public enum TransportEventName: String, RemoteEventNames {
    case routerClose = "routerclose"
    case listenServerClose = "listenserverclose"
    case trace = "trace"
    case iceStateChange = "icestatechange"
    case iceSelectedTupleChange = "iceselectedtuplechange"
    case dtlsStateChange = "dtlsstatechange"
    case sctpStateChange = "sctpstatechange"
    case tuple = "tuple"
    case rtcpTuple = "rtcptuple"
    case rtcp = "rtcp"
}

extension TransportEvent {
    /// The name this event travels under.
    public var wireName: TransportEventName {
        switch self {
        case .routerClose: .routerClose
        case .listenServerClose: .listenServerClose
        case .trace: .trace
        case .iceStateChange: .iceStateChange
        case .iceSelectedTupleChange: .iceSelectedTupleChange
        case .dtlsStateChange: .dtlsStateChange
        case .sctpStateChange: .sctpStateChange
        case .tuple: .tuple
        case .rtcpTuple: .rtcpTuple
        case .rtcp: .rtcp
        }
    }
}

/// The names of a transport's `observer` events on the wire.
public enum TransportObserverEventName: String, RemoteEventNames {
    case close = "close"
    case newProducer = "newproducer"
    case newConsumer = "newconsumer"
    case newDataProducer = "newdataproducer"
    case newDataConsumer = "newdataconsumer"
    case trace = "trace"
    case iceStateChange = "icestatechange"
    case iceSelectedTupleChange = "iceselectedtuplechange"
    case dtlsStateChange = "dtlsstatechange"
    case sctpStateChange = "sctpstatechange"
    case tuple = "tuple"
    case rtcpTuple = "rtcptuple"
    case rtcp = "rtcp"
}

extension TransportObserverEvent {
    /// The name this event travels under.
    public var wireName: TransportObserverEventName {
        switch self {
        case .close: .close
        case .newProducer: .newProducer
        case .newConsumer: .newConsumer
        case .newDataProducer: .newDataProducer
        case .newDataConsumer: .newDataConsumer
        case .trace: .trace
        case .iceStateChange: .iceStateChange
        case .iceSelectedTupleChange: .iceSelectedTupleChange
        case .dtlsStateChange: .dtlsStateChange
        case .sctpStateChange: .sctpStateChange
        case .tuple: .tuple
        case .rtcpTuple: .rtcpTuple
        case .rtcp: .rtcp
        }
    }
}

/// The names of a Producer's `events` events on the wire.
public enum ProducerEventName: String, RemoteEventNames {
    case transportClose = "transportclose"
    case score = "score"
    case videoOrientationChange = "videoorientationchange"
    case trace = "trace"
}

extension ProducerEvent {
    /// The name this event travels under.
    public var wireName: ProducerEventName {
        switch self {
        case .transportClose: .transportClose
        case .score: .score
        case .videoOrientationChange: .videoOrientationChange
        case .trace: .trace
        }
    }
}

/// The names of a Producer's `observer` events on the wire.
public enum ProducerObserverEventName: String, RemoteEventNames {
    case close = "close"
    case pause = "pause"
    case resume = "resume"
    case score = "score"
    case videoOrientationChange = "videoorientationchange"
    case trace = "trace"
}

extension ProducerObserverEvent {
    /// The name this event travels under.
    public var wireName: ProducerObserverEventName {
        switch self {
        case .close: .close
        case .pause: .pause
        case .resume: .resume
        case .score: .score
        case .videoOrientationChange: .videoOrientationChange
        case .trace: .trace
        }
    }
}

/// The names of a Consumer's `events` events on the wire.
public enum ConsumerEventName: String, RemoteEventNames {
    case transportClose = "transportclose"
    case producerClose = "producerclose"
    case producerPause = "producerpause"
    case producerResume = "producerresume"
    case score = "score"
    case layersChange = "layerschange"
    case trace = "trace"
    case rtp = "rtp"
}

extension ConsumerEvent {
    /// The name this event travels under.
    public var wireName: ConsumerEventName {
        switch self {
        case .transportClose: .transportClose
        case .producerClose: .producerClose
        case .producerPause: .producerPause
        case .producerResume: .producerResume
        case .score: .score
        case .layersChange: .layersChange
        case .trace: .trace
        case .rtp: .rtp
        }
    }
}

/// The names of a Consumer's `observer` events on the wire.
public enum ConsumerObserverEventName: String, RemoteEventNames {
    case close = "close"
    case pause = "pause"
    case resume = "resume"
    case score = "score"
    case layersChange = "layerschange"
    case trace = "trace"
}

extension ConsumerObserverEvent {
    /// The name this event travels under.
    public var wireName: ConsumerObserverEventName {
        switch self {
        case .close: .close
        case .pause: .pause
        case .resume: .resume
        case .score: .score
        case .layersChange: .layersChange
        case .trace: .trace
        }
    }
}

/// The names of a DataProducer's `events` events on the wire.
public enum DataProducerEventName: String, RemoteEventNames {
    case transportClose = "transportclose"
}

extension DataProducerEvent {
    /// The name this event travels under.
    public var wireName: DataProducerEventName {
        switch self {
        case .transportClose: .transportClose
        }
    }
}

/// The names of a DataProducer's and a DataConsumer's `observer` events on the wire.
public enum DataObserverEventName: String, RemoteEventNames {
    case close = "close"
    case pause = "pause"
    case resume = "resume"
}

extension DataObserverEvent {
    /// The name this event travels under.
    public var wireName: DataObserverEventName {
        switch self {
        case .close: .close
        case .pause: .pause
        case .resume: .resume
        }
    }
}

/// The names of a DataConsumer's `events` events on the wire.
public enum DataConsumerEventName: String, RemoteEventNames {
    case transportClose = "transportclose"
    case dataProducerClose = "dataproducerclose"
    case dataProducerPause = "dataproducerpause"
    case dataProducerResume = "dataproducerresume"
    case message = "message"
    case sctpSendBufferFull = "sctpsendbufferfull"
    case bufferedAmountLow = "bufferedamountlow"
}

extension DataConsumerEvent {
    /// The name this event travels under.
    public var wireName: DataConsumerEventName {
        switch self {
        case .transportClose: .transportClose
        case .dataProducerClose: .dataProducerClose
        case .dataProducerPause: .dataProducerPause
        case .dataProducerResume: .dataProducerResume
        case .message: .message
        case .sctpSendBufferFull: .sctpSendBufferFull
        case .bufferedAmountLow: .bufferedAmountLow
        }
    }
}

/// The names of an RTP observer's `events` events on the wire.
public enum RtpObserverEventName: String, RemoteEventNames {
    case routerClose = "routerclose"
    case dominantSpeaker = "dominantspeaker"
    case volumes = "volumes"
    case silence = "silence"
}

extension RtpObserverEvent {
    /// The name this event travels under.
    public var wireName: RtpObserverEventName {
        switch self {
        case .routerClose: .routerClose
        case .dominantSpeaker: .dominantSpeaker
        case .volumes: .volumes
        case .silence: .silence
        }
    }
}

/// The names of an RTP observer's `observer` events on the wire.
public enum RtpObserverObserverEventName: String, RemoteEventNames {
    case close = "close"
    case pause = "pause"
    case resume = "resume"
    case addProducer = "addproducer"
    case removeProducer = "removeproducer"
    case dominantSpeaker = "dominantspeaker"
    case volumes = "volumes"
    case silence = "silence"
}

extension RtpObserverObserverEvent {
    /// The name this event travels under.
    public var wireName: RtpObserverObserverEventName {
        switch self {
        case .close: .close
        case .pause: .pause
        case .resume: .resume
        case .addProducer: .addProducer
        case .removeProducer: .removeProducer
        case .dominantSpeaker: .dominantSpeaker
        case .volumes: .volumes
        case .silence: .silence
        }
    }
}
