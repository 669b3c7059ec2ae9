// The wire's event vocabulary, defined once: for each emitter of the
// contract, the names its events travel under (mediasoup's names). The
// server names each event with one of these in a switch over the contract's
// cases (no default, so a new case does not compile until it has a name); the
// client decodes with a switch over the names (no default, so a new name does
// not compile until the client handles it). Nothing is dropped silently on
// either side.

/// The names of one emitter's events on the wire.
public protocol RemoteEventNames: RawRepresentable<String>, CaseIterable, Sendable {}

/// The names of the module-level observer events on the wire.
public enum MediasoupObserverEventName: String, RemoteEventNames {
    /// `newworker`: a worker was created; carries its snapshot.
    case newWorker = "newworker"
}

/// The names of a Worker's `events` events on the wire.
public enum WorkerEventName: String, RemoteEventNames {
    /// `died`: the worker process died unexpectedly, its routers and servers already closed; carries
    /// ``RemoteDiedEventData``.
    case died = "died"
    /// `subprocessclose`: the worker process has exited (after `close()` or death); no payload.
    case subprocessClose = "subprocessclose"
}

/// The names of a Worker's `observer` events on the wire.
public enum WorkerObserverEventName: String, RemoteEventNames {
    /// `close`: the worker closed; no payload.
    case close = "close"
    /// `newwebrtcserver`: a WebRtcServer was created in the worker; carries its snapshot.
    case newWebRtcServer = "newwebrtcserver"
    /// `newrouter`: a router was created in the worker; carries its snapshot.
    case newRouter = "newrouter"
}

/// The names of a WebRtcServer's `events` events on the wire.
public enum WebRtcServerEventName: String, RemoteEventNames {
    /// `workerclose`: the worker closed, and the server with it; no payload.
    case workerClose = "workerclose"
}

/// The names of a WebRtcServer's `observer` events on the wire.
public enum WebRtcServerObserverEventName: String, RemoteEventNames {
    /// `close`: the server closed; no payload.
    case close = "close"
    /// `webrtctransporthandled`: a WebRtcTransport now listens through the server; carries its snapshot.
    case webRtcTransportHandled = "webrtctransporthandled"
    /// `webrtctransportunhandled`: a WebRtcTransport no longer listens through the server (the transport
    /// or the server closed); carries its snapshot.
    case webRtcTransportUnhandled = "webrtctransportunhandled"
}

/// The names of a Router's `events` events on the wire.
public enum RouterEventName: String, RemoteEventNames {
    /// `workerclose`: the worker closed, and the router with it; no payload.
    case workerClose = "workerclose"
}

/// The names of a Router's `observer` events on the wire.
public enum RouterObserverEventName: String, RemoteEventNames {
    /// `close`: the router closed; no payload.
    case close = "close"
    /// `newtransport`: a transport was created in the router; carries its snapshot.
    case newTransport = "newtransport"
    /// `newrtpobserver`: an RTP observer was created in the router; carries its snapshot.
    case newRtpObserver = "newrtpobserver"
}

/// The names of a transport's `events` events on the wire.
public enum TransportEventName: String, RemoteEventNames {
    /// `routerclose`: the router closed, and the transport with it; no payload.
    case routerClose = "routerclose"
    /// `listenserverclose`: the WebRtcServer it listened through closed, and the transport with it; no payload.
    case listenServerClose = "listenserverclose"
    /// `trace`: a trace event of a type enabled with `enableTraceEvent` (`probation`, `bwe`); carries
    /// `{type, timestamp, direction, info}`. High-rate (``RemoteEventName/highRate``).
    case trace = "trace"
    /// `icestatechange` (WebRtcTransport): the ICE state changed; carries the new state.
    case iceStateChange = "icestatechange"
    /// `iceselectedtuplechange` (WebRtcTransport): the ICE selected tuple changed; carries the tuple.
    case iceSelectedTupleChange = "iceselectedtuplechange"
    /// `dtlsstatechange` (WebRtcTransport): the DTLS state changed; carries the new state.
    case dtlsStateChange = "dtlsstatechange"
    /// `sctpstatechange` (WebRtc, Plain and Pipe transports): the SCTP state changed; carries the new state.
    case sctpStateChange = "sctpstatechange"
    /// `tuple` (PlainTransport): the remote tuple was learned (comedia) or changed; carries the tuple.
    case tuple = "tuple"
    /// `rtcptuple` (PlainTransport): the remote RTCP tuple was learned; carries the tuple.
    case rtcpTuple = "rtcptuple"
    /// `rtcp` (DirectTransport): an RTCP packet for the application; carries it in base64. High-rate
    /// (``RemoteEventName/highRate``).
    case rtcp = "rtcp"
}

/// The names of a transport's `observer` events on the wire.
public enum TransportObserverEventName: String, RemoteEventNames {
    /// `close`: the transport closed; no payload.
    case close = "close"
    /// `newproducer`: a producer was created on the transport; carries its snapshot.
    case newProducer = "newproducer"
    /// `newconsumer`: a consumer was created on the transport; carries its snapshot.
    case newConsumer = "newconsumer"
    /// `newdataproducer`: a data producer was created on the transport; carries its snapshot.
    case newDataProducer = "newdataproducer"
    /// `newdataconsumer`: a data consumer was created on the transport; carries its snapshot.
    case newDataConsumer = "newdataconsumer"
    /// `trace`: a trace event of a type enabled with `enableTraceEvent` (`probation`, `bwe`); carries
    /// `{type, timestamp, direction, info}`. High-rate (``RemoteEventName/highRate``).
    case trace = "trace"
    /// `icestatechange` (WebRtcTransport): the ICE state changed; carries the new state.
    case iceStateChange = "icestatechange"
    /// `iceselectedtuplechange` (WebRtcTransport): the ICE selected tuple changed; carries the tuple.
    case iceSelectedTupleChange = "iceselectedtuplechange"
    /// `dtlsstatechange` (WebRtcTransport): the DTLS state changed; carries the new state.
    case dtlsStateChange = "dtlsstatechange"
    /// `sctpstatechange` (WebRtc, Plain and Pipe transports): the SCTP state changed; carries the new state.
    case sctpStateChange = "sctpstatechange"
    /// `tuple` (PlainTransport): the remote tuple was learned (comedia) or changed; carries the tuple.
    case tuple = "tuple"
    /// `rtcptuple` (PlainTransport): the remote RTCP tuple was learned; carries the tuple.
    case rtcpTuple = "rtcptuple"
    /// `rtcp` (DirectTransport): an RTCP packet for the application; carries it in base64. High-rate
    /// (``RemoteEventName/highRate``).
    case rtcp = "rtcp"
}

/// The names of a Producer's `events` events on the wire.
public enum ProducerEventName: String, RemoteEventNames {
    /// `transportclose`: the transport closed, and the producer with it; no payload.
    case transportClose = "transportclose"
    /// `score`: the producer's scores changed; carries `[ProducerScore]` (`{encodingIdx, ssrc, rid?, score}` each).
    case score = "score"
    /// `videoorientationchange`: the video orientation changed; carries `{camera, flip, rotation}`.
    case videoOrientationChange = "videoorientationchange"
    /// `trace`: a trace event of a type enabled with `enableTraceEvent` (`rtp`, `keyframe`, `nack`, `pli`, `fir`,
    /// `sr`); carries `{type, timestamp, direction, info}`. High-rate (``RemoteEventName/highRate``).
    case trace = "trace"
}

/// The names of a Producer's `observer` events on the wire.
public enum ProducerObserverEventName: String, RemoteEventNames {
    /// `close`: the producer closed; no payload.
    case close = "close"
    /// `pause`: the producer was paused; no payload.
    case pause = "pause"
    /// `resume`: the producer was resumed; no payload.
    case resume = "resume"
    /// `score`: the producer's scores changed; carries `[ProducerScore]` (`{encodingIdx, ssrc, rid?, score}` each).
    case score = "score"
    /// `videoorientationchange`: the video orientation changed; carries `{camera, flip, rotation}`.
    case videoOrientationChange = "videoorientationchange"
    /// `trace`: a trace event of a type enabled with `enableTraceEvent` (`rtp`, `keyframe`, `nack`, `pli`, `fir`,
    /// `sr`); carries `{type, timestamp, direction, info}`. High-rate (``RemoteEventName/highRate``).
    case trace = "trace"
}

/// The names of a Consumer's `events` events on the wire.
public enum ConsumerEventName: String, RemoteEventNames {
    /// `transportclose`: the transport closed, and the consumer with it; no payload.
    case transportClose = "transportclose"
    /// `producerclose`: the consumer's producer closed; the consumer closed with it. No payload.
    case producerClose = "producerclose"
    /// `producerpause`: the consumer's producer was paused; no payload.
    case producerPause = "producerpause"
    /// `producerresume`: the consumer's producer was resumed; no payload.
    case producerResume = "producerresume"
    /// `score`: the consumer's score changed; carries `{score, producerScore, producerScores}`.
    case score = "score"
    /// `layerschange`: the layers being sent changed; carries `{spatialLayer, temporalLayer?}`, or null for none.
    case layersChange = "layerschange"
    /// `trace`: a trace event of a type enabled with `enableTraceEvent` (`rtp`, `keyframe`, `nack`, `pli`, `fir`);
    /// carries `{type, timestamp, direction, info}`. High-rate (``RemoteEventName/highRate``).
    case trace = "trace"
    /// `rtp` (DirectTransport): an RTP packet for the application; carries it in base64. High-rate
    /// (``RemoteEventName/highRate``).
    case rtp = "rtp"
}

/// The names of a Consumer's `observer` events on the wire.
public enum ConsumerObserverEventName: String, RemoteEventNames {
    /// `close`: the consumer closed; no payload.
    case close = "close"
    /// `pause`: the consumer became effectively paused (itself or its producer); no payload.
    case pause = "pause"
    /// `resume`: the consumer is no longer effectively paused; no payload.
    case resume = "resume"
    /// `score`: the consumer's score changed; carries `{score, producerScore, producerScores}`.
    case score = "score"
    /// `layerschange`: the layers being sent changed; carries `{spatialLayer, temporalLayer?}`, or null for none.
    case layersChange = "layerschange"
    /// `trace`: a trace event of a type enabled with `enableTraceEvent` (`rtp`, `keyframe`, `nack`, `pli`, `fir`);
    /// carries `{type, timestamp, direction, info}`. High-rate (``RemoteEventName/highRate``).
    case trace = "trace"
}

/// The names of a DataProducer's `events` events on the wire.
public enum DataProducerEventName: String, RemoteEventNames {
    /// `transportclose`: the transport closed, and the data producer with it; no payload.
    case transportClose = "transportclose"
}

/// The names of a DataProducer's and a DataConsumer's `observer` events on the wire.
public enum DataObserverEventName: String, RemoteEventNames {
    /// `close`: the data producer or data consumer closed; no payload.
    case close = "close"
    /// `pause`: it became paused (a data consumer: itself or its data producer); no payload.
    case pause = "pause"
    /// `resume`: it is no longer paused; no payload.
    case resume = "resume"
}

/// The names of a DataConsumer's `events` events on the wire.
public enum DataConsumerEventName: String, RemoteEventNames {
    /// `transportclose`: the transport closed, and the data consumer with it; no payload.
    case transportClose = "transportclose"
    /// `dataproducerclose`: the data consumer's data producer closed; the data consumer closed with it. No payload.
    case dataProducerClose = "dataproducerclose"
    /// `dataproducerpause`: the data consumer's data producer was paused; no payload.
    case dataProducerPause = "dataproducerpause"
    /// `dataproducerresume`: the data consumer's data producer was resumed; no payload.
    case dataProducerResume = "dataproducerresume"
    /// `message`: a message was received; carries ``RemoteMessageEventData``. High-rate (``RemoteEventName/highRate``).
    case message = "message"
    /// `sctpsendbufferfull`: the SCTP send buffer is full; no payload.
    case sctpSendBufferFull = "sctpsendbufferfull"
    /// `bufferedamountlow`: the buffered amount dropped down to the threshold set with
    /// `setBufferedAmountLowThreshold`; carries the buffered amount in bytes.
    case bufferedAmountLow = "bufferedamountlow"
}

/// The names of an RTP observer's `events` events on the wire.
public enum RtpObserverEventName: String, RemoteEventNames {
    /// `routerclose`: the router closed, and the observer with it; no payload.
    case routerClose = "routerclose"
    /// `dominantspeaker` (ActiveSpeakerObserver): a new dominant speaker; carries ``RemoteDominantSpeakerEventData``.
    case dominantSpeaker = "dominantspeaker"
    /// `volumes` (AudioLevelObserver): the audio volumes of producers, in dBov; carries an array of ``RemoteVolume``.
    case volumes = "volumes"
    /// `silence` (AudioLevelObserver): no producer's volume is above the threshold; no payload.
    case silence = "silence"
}

/// The names of an RTP observer's `observer` events on the wire.
public enum RtpObserverObserverEventName: String, RemoteEventNames {
    /// `close`: the observer closed; no payload.
    case close = "close"
    /// `pause`: the observer was paused; no payload.
    case pause = "pause"
    /// `resume`: the observer was resumed; no payload.
    case resume = "resume"
    /// `addproducer`: a producer was added with `addProducer`; carries its snapshot.
    case addProducer = "addproducer"
    /// `removeproducer`: a producer was removed with `removeProducer`; carries its snapshot.
    case removeProducer = "removeproducer"
    /// `dominantspeaker` (ActiveSpeakerObserver): a new dominant speaker; carries ``RemoteDominantSpeakerEventData``.
    case dominantSpeaker = "dominantspeaker"
    /// `volumes` (AudioLevelObserver): the audio volumes of producers, in dBov; carries an array of ``RemoteVolume``.
    case volumes = "volumes"
    /// `silence` (AudioLevelObserver): no producer's volume is above the threshold; no payload.
    case silence = "silence"
}

