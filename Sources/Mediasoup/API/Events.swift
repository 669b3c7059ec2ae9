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
    case close
    case newWebRtcServer(any WebRtcServer)
    case newRouter(any Router)
}

/// Events of a ``WebRtcServer``.
public enum WebRtcServerEvent: Sendable {
    /// `workerclose`: the worker closed, and the server with it.
    case workerClose
}

/// Observer events of a ``WebRtcServer``.
public enum WebRtcServerObserverEvent: Sendable {
    case close
    case webRtcTransportHandled(any WebRtcTransport)
    case webRtcTransportUnhandled(any WebRtcTransport)
}

/// Events of a ``Router``.
public enum RouterEvent: Sendable {
    /// `workerclose`: the worker closed, and the router with it.
    case workerClose
}

/// Observer events of a ``Router``.
public enum RouterObserverEvent: Sendable {
    case close
    case newTransport(any Transport)
    case newRtpObserver(any RtpObserver)
}

/// Events of a transport. The cases after `trace` belong to the transport
/// kinds named beside them; other kinds never emit them.
public enum TransportEvent: Sendable {
    /// `routerclose`: the router closed, and the transport with it.
    case routerClose
    /// `listenserverclose`: the WebRtcServer it listened through closed, and the transport with it.
    case listenServerClose
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
    case close
    case newProducer(any Producer)
    case newConsumer(any Consumer)
    case newDataProducer(any DataProducer)
    case newDataConsumer(any DataConsumer)
    case trace(TransportTraceEventData)
    case iceStateChange(IceState)
    case iceSelectedTupleChange(TransportTuple)
    case dtlsStateChange(DtlsState)
    case sctpStateChange(SctpState)
    case tuple(TransportTuple)
    case rtcpTuple(TransportTuple)
    case rtcp([UInt8])
}

/// Events of a ``Producer``.
public enum ProducerEvent: Sendable {
    case transportClose
    case score([ProducerScore])
    case videoOrientationChange(ProducerVideoOrientation)
    case trace(ProducerTraceEventData)
}

/// Observer events of a ``Producer``.
public enum ProducerObserverEvent: Sendable {
    case close
    case pause
    case resume
    case score([ProducerScore])
    case videoOrientationChange(ProducerVideoOrientation)
    case trace(ProducerTraceEventData)
}

/// Events of a ``Consumer``.
public enum ConsumerEvent: Sendable {
    case transportClose
    case producerClose
    case producerPause
    case producerResume
    case score(ConsumerScore)
    case layersChange(ConsumerLayers?)
    case trace(ConsumerTraceEventData)
    /// DirectTransport: an RTP packet for the application.
    case rtp([UInt8])
}

/// Observer events of a ``Consumer``. `pause` fires when the consumer becomes
/// effectively paused (itself or its producer), `resume` when it no longer is.
public enum ConsumerObserverEvent: Sendable {
    case close
    case pause
    case resume
    case score(ConsumerScore)
    case layersChange(ConsumerLayers?)
    case trace(ConsumerTraceEventData)
}

/// Events of a ``DataProducer``.
public enum DataProducerEvent: Sendable {
    case transportClose
}

/// Observer events of a ``DataProducer`` and of a ``DataConsumer``.
public enum DataObserverEvent: Sendable {
    case close
    case pause
    case resume
}

/// Events of a ``DataConsumer``.
public enum DataConsumerEvent: Sendable {
    case transportClose
    case dataProducerClose
    case dataProducerPause
    case dataProducerResume
    /// A message with its SCTP payload protocol identifier (51 string, 53 binary…).
    case message([UInt8], ppid: UInt32)
    case sctpSendBufferFull
    case bufferedAmountLow(bufferedAmount: Int)
}

/// A producer's audio volume in dBov, as reported by an AudioLevelObserver.
public struct AudioLevelObserverVolume: Sendable {
    public var producer: any Producer
    public var volume: Double
    public init(producer: any Producer, volume: Double) {
        self.producer = producer
        self.volume = volume
    }
}

/// Events of an RTP observer. `dominantSpeaker` comes from an
/// ActiveSpeakerObserver, `volumes` and `silence` from an AudioLevelObserver.
public enum RtpObserverEvent: Sendable {
    case routerClose
    case dominantSpeaker(producer: any Producer)
    case volumes([AudioLevelObserverVolume])
    case silence
}

/// Observer events of an RTP observer.
public enum RtpObserverObserverEvent: Sendable {
    case close
    case pause
    case resume
    case addProducer(any Producer)
    case removeProducer(any Producer)
    case dominantSpeaker(producer: any Producer)
    case volumes([AudioLevelObserverVolume])
    case silence
}
