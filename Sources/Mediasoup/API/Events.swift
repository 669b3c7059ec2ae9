// The events of every class of the contract, with mediasoup's names (see
// `name`) and payloads. Each class has its own events and observer events.

/// Events of the module-level observer (`mediasoup.observer`).
public enum MediasoupObserverEvent: Sendable {
    /// `newworker`: a worker was created.
    case newWorker(any Worker)
}

/// Events of a ``Worker``.
public enum WorkerEvent: Sendable {
    /// `died`: the worker process died unexpectedly; its routers and servers are already closed.
    case died(any Error)
    /// `subprocessclose`: the worker process has exited (after `close()` or death).
    case subprocessClose
}

/// Observer events of a ``Worker``.
public enum WorkerObserverEvent: Sendable {
    /// `close`: the worker closed, by `close()` or because it died.
    case close
    /// `newwebrtcserver`: `createWebRtcServer()` created a WebRtcServer in the worker.
    case newWebRtcServer(any WebRtcServer)
    /// `newrouter`: `createRouter()` created a router in the worker.
    case newRouter(any Router)
}

/// Events of a ``WebRtcServer``.
public enum WebRtcServerEvent: Sendable {
    /// `workerclose`: the worker closed, and the server with it.
    case workerClose
}

/// Observer events of a ``WebRtcServer``.
public enum WebRtcServerObserverEvent: Sendable {
    /// `close`: the server closed, by `close()` or with its worker.
    case close
    /// `webrtctransporthandled`: a WebRtcTransport was created to listen through the server.
    case webRtcTransportHandled(any WebRtcTransport)
    /// `webrtctransportunhandled`: a WebRtcTransport no longer listens through the server (the
    /// transport or the server closed).
    case webRtcTransportUnhandled(any WebRtcTransport)
}

/// Events of a ``Router``.
public enum RouterEvent: Sendable {
    /// `workerclose`: the worker closed, and the router with it.
    case workerClose
}

/// Observer events of a ``Router``.
public enum RouterObserverEvent: Sendable {
    /// `close`: the router closed, by `close()` or with its worker.
    case close
    /// `newtransport`: a transport of any kind was created in the router.
    case newTransport(any Transport)
    /// `newrtpobserver`: an ActiveSpeakerObserver or AudioLevelObserver was created in the router.
    case newRtpObserver(any RtpObserver)
}

/// Events of a transport. The cases after `trace` belong to the transport
/// kinds named beside them; other kinds never emit them.
public enum TransportEvent: Sendable {
    /// `routerclose`: the router closed, and the transport with it.
    case routerClose
    /// `listenserverclose`: the WebRtcServer it listened through closed, and the transport with it.
    case listenServerClose
    /// `trace`: an event of a type enabled with `enableTraceEvent` (`probation`, `bwe`).
    case trace(TransportTraceEventData)
    /// WebRtcTransport.
    case iceStateChange(IceState)
    /// WebRtcTransport.
    case iceSelectedTupleChange(TransportTuple)
    /// WebRtcTransport.
    case dtlsStateChange(DtlsState)
    /// WebRtcTransport, PlainTransport, PipeTransport.
    case sctpStateChange(SctpState)
    /// PlainTransport: the remote tuple was learned (comedia) or changed.
    case tuple(TransportTuple)
    /// PlainTransport: the remote RTCP tuple was learned.
    case rtcpTuple(TransportTuple)
    /// DirectTransport: an RTCP packet for the application.
    case rtcp([UInt8])
}

/// Observer events of a transport.
public enum TransportObserverEvent: Sendable {
    /// `close`: the transport closed, by `close()`, with its router or with its WebRtcServer.
    case close
    /// `newproducer`: `produce()` created a producer on the transport.
    case newProducer(any Producer)
    /// `newconsumer`: `consume()` created a consumer on the transport.
    case newConsumer(any Consumer)
    /// `newdataproducer`: `produceData()` created a data producer on the transport.
    case newDataProducer(any DataProducer)
    /// `newdataconsumer`: `consumeData()` created a data consumer on the transport.
    case newDataConsumer(any DataConsumer)
    /// `trace`: as ``TransportEvent/trace(_:)``.
    case trace(TransportTraceEventData)
    /// `icestatechange` (WebRtcTransport): as ``TransportEvent/iceStateChange(_:)``.
    case iceStateChange(IceState)
    /// `iceselectedtuplechange` (WebRtcTransport): as ``TransportEvent/iceSelectedTupleChange(_:)``.
    case iceSelectedTupleChange(TransportTuple)
    /// `dtlsstatechange` (WebRtcTransport): as ``TransportEvent/dtlsStateChange(_:)``.
    case dtlsStateChange(DtlsState)
    /// `sctpstatechange` (WebRtcTransport, PlainTransport, PipeTransport): as
    /// ``TransportEvent/sctpStateChange(_:)``.
    case sctpStateChange(SctpState)
    /// `tuple` (PlainTransport): as ``TransportEvent/tuple(_:)``.
    case tuple(TransportTuple)
    /// `rtcptuple` (PlainTransport): as ``TransportEvent/rtcpTuple(_:)``.
    case rtcpTuple(TransportTuple)
    /// `rtcp` (DirectTransport): as ``TransportEvent/rtcp(_:)``.
    case rtcp([UInt8])
}

/// Events of a ``Producer``.
public enum ProducerEvent: Sendable {
    /// `transportclose`: the transport closed, and the producer with it.
    case transportClose
    /// `score`: new scores (0 to 10) of the producer's streams, one per encoding.
    case score([ProducerScore])
    /// `videoorientationchange`: the video orientation (camera, flip, rotation) of the stream changed.
    case videoOrientationChange(ProducerVideoOrientation)
    /// `trace`: an event of a type enabled with `enableTraceEvent` (`rtp`, `keyframe`, `nack`, `pli`,
    /// `fir`, `sr`).
    case trace(ProducerTraceEventData)
}

/// Observer events of a ``Producer``.
public enum ProducerObserverEvent: Sendable {
    /// `close`: the producer closed, for any reason.
    case close
    /// `pause`: the producer was paused (fires only when it was not paused).
    case pause
    /// `resume`: the producer was resumed (fires only when it was paused).
    case resume
    /// `score`: as ``ProducerEvent/score(_:)``.
    case score([ProducerScore])
    /// `videoorientationchange`: as ``ProducerEvent/videoOrientationChange(_:)``.
    case videoOrientationChange(ProducerVideoOrientation)
    /// `trace`: as ``ProducerEvent/trace(_:)``.
    case trace(ProducerTraceEventData)
}

/// Events of a ``Consumer``.
public enum ConsumerEvent: Sendable {
    /// `transportclose`: the transport closed, and the consumer with it.
    case transportClose
    /// `producerclose`: the producer closed, and the consumer with it.
    case producerClose
    /// `producerpause`: the producer was paused.
    case producerPause
    /// `producerresume`: the producer was resumed.
    case producerResume
    /// `score`: new scores (0 to 10) of the consumer's stream and of the producer's streams.
    case score(ConsumerScore)
    /// `layerschange`: the spatial and temporal layers being sent changed; nil when none is sent
    /// (simulcast and SVC consumers).
    case layersChange(ConsumerLayers?)
    /// `trace`: an event of a type enabled with `enableTraceEvent` (`rtp`, `keyframe`, `nack`, `pli`,
    /// `fir`).
    case trace(ConsumerTraceEventData)
    /// DirectTransport: an RTP packet for the application.
    case rtp([UInt8])
}

/// Observer events of a ``Consumer``. `pause` fires when the consumer becomes
/// effectively paused (itself or its producer), `resume` when it no longer is.
public enum ConsumerObserverEvent: Sendable {
    /// `close`: the consumer closed, for any reason.
    case close
    /// `pause`: the consumer became effectively paused.
    case pause
    /// `resume`: the consumer is no longer effectively paused.
    case resume
    /// `score`: as ``ConsumerEvent/score(_:)``.
    case score(ConsumerScore)
    /// `layerschange`: as ``ConsumerEvent/layersChange(_:)``.
    case layersChange(ConsumerLayers?)
    /// `trace`: as ``ConsumerEvent/trace(_:)``.
    case trace(ConsumerTraceEventData)
}

/// Events of a ``DataProducer``.
public enum DataProducerEvent: Sendable {
    /// `transportclose`: the transport closed, and the data producer with it.
    case transportClose
}

/// Observer events of a ``DataProducer`` and of a ``DataConsumer``.
public enum DataObserverEvent: Sendable {
    /// `close`: the data producer or data consumer closed, for any reason.
    case close
    /// `pause`: it was paused; for a data consumer, it became effectively paused (itself or its data
    /// producer).
    case pause
    /// `resume`: it was resumed; for a data consumer, it is no longer effectively paused.
    case resume
}

/// Events of a ``DataConsumer``.
public enum DataConsumerEvent: Sendable {
    /// `transportclose`: the transport closed, and the data consumer with it.
    case transportClose
    /// `dataproducerclose`: the data producer closed, and the data consumer with it.
    case dataProducerClose
    /// `dataproducerpause`: the data producer was paused.
    case dataProducerPause
    /// `dataproducerresume`: the data producer was resumed.
    case dataProducerResume
    /// A message with its SCTP payload protocol identifier (51 string, 53 binary…).
    case message([UInt8], ppid: UInt32)
    /// `sctpsendbufferfull`: a message could not be sent because the SCTP send buffer was full.
    case sctpSendBufferFull
    /// `bufferedamountlow`: the SCTP send buffer fell below the threshold set with
    /// `setBufferedAmountLowThreshold`; carries the bytes still buffered.
    case bufferedAmountLow(bufferedAmount: Int)
}

/// A producer's audio volume in dBov, as reported by an AudioLevelObserver.
public struct AudioLevelObserverVolume: Sendable {
    /// The producer whose audio was measured.
    public var producer: any Producer
    /// Average volume over the last interval, in dBov from -127 to 0.
    public var volume: Double
    /// A volume entry for `producer`.
    public init(producer: any Producer, volume: Double) {
        self.producer = producer
        self.volume = volume
    }
}

/// Events of an RTP observer. `dominantSpeaker` comes from an
/// ActiveSpeakerObserver, `volumes` and `silence` from an AudioLevelObserver.
public enum RtpObserverEvent: Sendable {
    /// `routerclose`: the router closed, and the observer with it.
    case routerClose
    /// `dominantspeaker` (ActiveSpeakerObserver): a new dominant speaker among the observed producers.
    case dominantSpeaker(producer: any Producer)
    /// `volumes` (AudioLevelObserver): the producers above the threshold in the last interval, at
    /// most `maxEntries`, loudest first.
    case volumes([AudioLevelObserverVolume])
    /// `silence` (AudioLevelObserver): none of the observed producers is above the threshold any more.
    case silence
}

/// Observer events of an RTP observer.
public enum RtpObserverObserverEvent: Sendable {
    /// `close`: the observer closed, by `close()` or with its router.
    case close
    /// `pause`: the observer was paused (fires only when it was not paused).
    case pause
    /// `resume`: the observer was resumed (fires only when it was paused).
    case resume
    /// `addproducer`: `addProducer()` added a producer to the observed ones.
    case addProducer(any Producer)
    /// `removeproducer`: `removeProducer()` removed a producer from the observed ones.
    case removeProducer(any Producer)
    /// `dominantspeaker`: as ``RtpObserverEvent/dominantSpeaker(producer:)``.
    case dominantSpeaker(producer: any Producer)
    /// `volumes`: as ``RtpObserverEvent/volumes(_:)``.
    case volumes([AudioLevelObserverVolume])
    /// `silence`: as ``RtpObserverEvent/silence``.
    case silence
}
