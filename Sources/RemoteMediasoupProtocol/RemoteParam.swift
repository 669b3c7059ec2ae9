/// Names of the params of the remote procedures (see Docs/RemoteProtocol.md, Procedures).
public enum RemoteParam {
    /// The id of the object the procedure runs on.
    public static let target = "target"
    /// The parent id of the target, needed only when the target id is
    /// ambiguous: a pipe producer (or data producer) has the id of the
    /// producer it pipes, in another router of the same server.
    public static let parent = "parent"
    /// `settings`: the `WorkerSettings` of `Mediasoup.createWorker`, the `WorkerUpdateableSettings` of
    /// `Worker.updateSettings`.
    public static let settings = "settings"
    /// `options`: the options of a creating procedure, `pipeToRouter` and `consumePipe`, or the connect parameters
    /// of a plain or pipe transport's `connect`, as JSON.
    public static let options = "options"
    /// `appData`: the new `appData` of `<Class>.setAppData`.
    public static let appData = "appData"
    /// `notification`: the ``RemoteEngineNotification`` of `<Class>.injectNotificationForTesting`.
    public static let notification = "notification"
    /// `mediaCodecs`: the codecs of `Router.updateMediaCodecs`.
    public static let mediaCodecs = "mediaCodecs"
    /// `bitrate`: the bps of `Transport.setMaxIncomingBitrate`, `setMaxOutgoingBitrate` and `setMinOutgoingBitrate`.
    public static let bitrate = "bitrate"
    /// `types`: the trace event types of `enableTraceEvent` (Transport, Producer, Consumer).
    public static let types = "types"
    /// `dtlsParameters`: the remote DTLS parameters of a WebRtcTransport's `connect`.
    public static let dtlsParameters = "dtlsParameters"
    /// `packet`: the RTP packet of `Producer.send` or the RTCP packet of `Transport.sendRtcp`, in base64.
    public static let packet = "packet"
    /// `layers`: the `ConsumerLayers` of `Consumer.setPreferredLayers`.
    public static let layers = "layers"
    /// `priority`: the priority of `Consumer.setPriority`.
    public static let priority = "priority"
    /// `threshold`: the bytes of `DataConsumer.setBufferedAmountLowThreshold`.
    public static let threshold = "threshold"
    /// `message`: the ``RemoteDataMessage`` of `DataProducer.send` and `DataConsumer.send`.
    public static let message = "message"
    /// `ppid`: the optional SCTP payload protocol identifier of `DataProducer.send` and `DataConsumer.send`.
    public static let ppid = "ppid"
    /// `subchannels`: the subchannels of `DataConsumer.setSubchannels`, or those a `DataProducer.send` message goes to.
    public static let subchannels = "subchannels"
    /// `requiredSubchannel`: the subchannel a data consumer must have to receive a `DataProducer.send` message.
    public static let requiredSubchannel = "requiredSubchannel"
    /// `subchannel`: the subchannel of `DataConsumer.addSubchannel` and `removeSubchannel`.
    public static let subchannel = "subchannel"
    /// `producerId`: the producer of `RtpObserver.addProducer` and `removeProducer`.
    public static let producerId = "producerId"
}
