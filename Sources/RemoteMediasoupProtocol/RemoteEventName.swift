/// mediasoup's names of the events of every class, as they travel in the
/// `event` field of an `event` notification. One name per event, whichever
/// emitter (`events` or `observer`) carries it.
public enum RemoteEventName {
    // Every class
    public static let close = "close"

    // Mediasoup (observer)
    public static let newWorker = "newworker"

    // Worker
    public static let died = "died"
    public static let subprocessClose = "subprocessclose"
    public static let newWebRtcServer = "newwebrtcserver"
    public static let newRouter = "newrouter"

    // WebRtcServer and Router
    public static let workerClose = "workerclose"
    public static let webRtcTransportHandled = "webrtctransporthandled"
    public static let webRtcTransportUnhandled = "webrtctransportunhandled"
    public static let newTransport = "newtransport"
    public static let newRtpObserver = "newrtpobserver"

    // Transports
    public static let routerClose = "routerclose"
    public static let listenServerClose = "listenserverclose"
    public static let trace = "trace"
    public static let iceStateChange = "icestatechange"
    public static let iceSelectedTupleChange = "iceselectedtuplechange"
    public static let dtlsStateChange = "dtlsstatechange"
    public static let sctpStateChange = "sctpstatechange"
    public static let tuple = "tuple"
    public static let rtcpTuple = "rtcptuple"
    public static let rtcp = "rtcp"
    public static let newProducer = "newproducer"
    public static let newConsumer = "newconsumer"
    public static let newDataProducer = "newdataproducer"
    public static let newDataConsumer = "newdataconsumer"

    // Producers, consumers, data producers, data consumers, RTP observers
    public static let transportClose = "transportclose"
    public static let pause = "pause"
    public static let resume = "resume"
    public static let score = "score"
    public static let videoOrientationChange = "videoorientationchange"
    public static let producerClose = "producerclose"
    public static let producerPause = "producerpause"
    public static let producerResume = "producerresume"
    public static let layersChange = "layerschange"
    public static let rtp = "rtp"
    public static let dataProducerClose = "dataproducerclose"
    public static let dataProducerPause = "dataproducerpause"
    public static let dataProducerResume = "dataproducerresume"
    public static let message = "message"
    public static let sctpSendBufferFull = "sctpsendbufferfull"
    public static let bufferedAmountLow = "bufferedamountlow"
    public static let addProducer = "addproducer"
    public static let removeProducer = "removeproducer"
    public static let dominantSpeaker = "dominantspeaker"
    public static let volumes = "volumes"

    /// Events that come at packet or message rate: a session receives them
    /// only for the objects it subscribed to (those it created, and those it
    /// names with `<Class>.subscribe`), not for every object of the server.
    public static let highRate: Set<String> = [rtp, rtcp, message, trace]
    public static let silence = "silence"
}
