/// The procedures of the remote API: `<Class>.<name>` on the wire, with
/// `params.target` the id of the object they run on. Parameters and results
/// are listed in Docs/RemoteProtocol.md.
public struct RemoteProcedure: Sendable, Hashable, CustomStringConvertible {
    /// The class of the object the procedure runs on: the method's prefix.
    public let `class`: RemoteClass
    /// The procedure's name within its class: the method's suffix.
    public let name: String

    /// The procedure `name` of class `class`.
    public init(_ class: RemoteClass, _ name: String) {
        self.class = `class`
        self.name = name
    }

    /// Parses a wire method name such as `Router.createWebRtcTransport`.
    public init?(method: String) {
        guard let dot = method.firstIndex(of: "."),
            let remoteClass = RemoteClass(rawValue: String(method[..<dot]))
        else { return nil }
        self.init(remoteClass, String(method[method.index(after: dot)...]))
    }

    /// The method name on the wire.
    public var method: String { "\(self.class.rawValue).\(name)" }
    public var description: String { method }
}

// Procedure names shared by several classes.
extension RemoteProcedure {
    /// `close`: closes the target (any class); fire-and-forget.
    public static let close = "close"
    /// `dump`: the target's `dump()` (any class but `Manager`, `Mediasoup` and `RtpObserver`).
    public static let dump = "dump"
    /// `getStats`: the target's `getStats()` (Transport, Producer, Consumer, DataProducer, DataConsumer, Manager).
    public static let getStats = "getStats"
    /// `pause`: the target's `pause()` (Producer, Consumer, DataProducer, DataConsumer, RtpObserver).
    public static let pause = "pause"
    /// `resume`: the target's `resume()` (Producer, Consumer, DataProducer, DataConsumer, RtpObserver).
    public static let resume = "resume"
    /// `setAppData`: sets the target's `appData` to param `appData` (any class); fire-and-forget.
    public static let setAppData = "setAppData"
    /// `enableTraceEvent`: the target's `enableTraceEvent` with param `types` (Transport, Producer, Consumer).
    public static let enableTraceEvent = "enableTraceEvent"
    /// `send`: `Producer.send` (param `packet`), `DataProducer.send` (`message`, `ppid`, `subchannels`,
    /// `requiredSubchannel`) and `DataConsumer.send` (`message`, `ppid`).
    public static let send = "send"
    /// `injectNotificationForTesting`: feeds the target the engine notification in param `notification`;
    /// refused unless the server was started with test hooks.
    public static let injectNotificationForTesting = "injectNotificationForTesting"
    /// This session receives the object's high-rate events (``RemoteEventName/highRate``).
    public static let subscribe = "subscribe"
    /// This session no longer receives the object's high-rate events.
    public static let unsubscribe = "unsubscribe"
}

extension RemoteProcedure {
    /// `Manager.getStats`: the server's `MediasoupStats`, or null without a stats source.
    public static let managerGetStats = RemoteProcedure(.manager, getStats)
    /// `Mediasoup.createWorker`: creates a worker with param `settings`; answers its snapshot.
    public static let createWorker = RemoteProcedure(.mediasoup, "createWorker")

    /// `Worker.getResourceUsage`: the worker process's resource usage.
    public static let getResourceUsage = "getResourceUsage"
    /// `Worker.updateSettings`: applies param `settings` (`logLevel`, `logTags`).
    public static let updateSettings = "updateSettings"
    /// `Worker.createWebRtcServer`: creates a WebRtcServer with param `options`; answers its snapshot.
    public static let createWebRtcServer = "createWebRtcServer"
    /// `Worker.createRouter`: creates a router with param `options`; answers its snapshot.
    public static let createRouter = "createRouter"

    /// `Router.createWebRtcTransport`: creates a WebRtcTransport with param `options`
    /// (``RemoteWebRtcTransportOptions``); answers its snapshot.
    public static let createWebRtcTransport = "createWebRtcTransport"
    /// `Router.createPlainTransport`: creates a PlainTransport with param `options`; answers its snapshot.
    public static let createPlainTransport = "createPlainTransport"
    /// `Router.createPipeTransport`: creates a PipeTransport with param `options`; answers its snapshot.
    public static let createPipeTransport = "createPipeTransport"
    /// `Router.createDirectTransport`: creates a DirectTransport with param `options`; answers its snapshot.
    public static let createDirectTransport = "createDirectTransport"
    /// `Router.createActiveSpeakerObserver`: creates an ActiveSpeakerObserver with param `options`;
    /// answers its snapshot.
    public static let createActiveSpeakerObserver = "createActiveSpeakerObserver"
    /// `Router.createAudioLevelObserver`: creates an AudioLevelObserver with param `options`;
    /// answers its snapshot.
    public static let createAudioLevelObserver = "createAudioLevelObserver"
    /// `Router.pipeToRouter`: pipes a producer or data producer to another router with param `options`
    /// (``RemotePipeToRouterOptions``); answers a ``RemotePipeToRouterResult``.
    public static let pipeToRouter = "pipeToRouter"
    /// `Router.updateMediaCodecs`: replaces the router's media codecs with param `mediaCodecs`.
    public static let updateMediaCodecs = "updateMediaCodecs"

    /// `Transport.setMaxIncomingBitrate`: param `bitrate` in bps, 0 for no limit.
    public static let setMaxIncomingBitrate = "setMaxIncomingBitrate"
    /// `Transport.setMaxOutgoingBitrate`: param `bitrate` in bps, 0 for no limit.
    public static let setMaxOutgoingBitrate = "setMaxOutgoingBitrate"
    /// `Transport.setMinOutgoingBitrate`: param `bitrate` in bps, 0 for no limit.
    public static let setMinOutgoingBitrate = "setMinOutgoingBitrate"
    /// `Transport.produce`: creates a producer with param `options`; answers its snapshot.
    public static let produce = "produce"
    /// `Transport.consume`: creates a consumer with param `options`; answers its snapshot.
    public static let consume = "consume"
    /// `Transport.consumePipe`: a PipeTransport's `consume` with param `options` (`PipeConsumerOptions`);
    /// answers the consumer's snapshot.
    public static let consumePipe = "consumePipe"
    /// `Transport.produceData`: creates a data producer with param `options`; answers its snapshot.
    public static let produceData = "produceData"
    /// `Transport.consumeData`: creates a data consumer with param `options`; answers its snapshot.
    public static let consumeData = "consumeData"
    /// `Transport.connect`: param `dtlsParameters` for a WebRtcTransport, `options` (the connect parameters)
    /// for a PlainTransport or PipeTransport, none for a DirectTransport.
    public static let connect = "connect"
    /// `Transport.restartIce` (WebRtcTransport): answers the new `IceParameters`.
    public static let restartIce = "restartIce"
    /// `Transport.sendRtcp` (DirectTransport): sends the RTCP packet in param `packet`; fire-and-forget.
    public static let sendRtcp = "sendRtcp"

    /// `Consumer.setPreferredLayers`: param `layers`; answers the layers set, or null.
    public static let setPreferredLayers = "setPreferredLayers"
    /// `Consumer.setPriority`: param `priority`.
    public static let setPriority = "setPriority"
    /// `Consumer.unsetPriority`: sets the priority back to 1.
    public static let unsetPriority = "unsetPriority"
    /// `Consumer.requestKeyFrame`: requests a key frame.
    public static let requestKeyFrame = "requestKeyFrame"

    /// `DataConsumer.setBufferedAmountLowThreshold`: param `threshold`, in bytes.
    public static let setBufferedAmountLowThreshold = "setBufferedAmountLowThreshold"
    /// `DataConsumer.getBufferedAmount`: answers the buffered amount, a number.
    public static let getBufferedAmount = "getBufferedAmount"
    /// `DataConsumer.setSubchannels`: replaces the subchannels with param `subchannels`.
    public static let setSubchannels = "setSubchannels"
    /// `DataConsumer.addSubchannel`: adds param `subchannel`.
    public static let addSubchannel = "addSubchannel"
    /// `DataConsumer.removeSubchannel`: removes param `subchannel`.
    public static let removeSubchannel = "removeSubchannel"

    /// `RtpObserver.addProducer`: adds the producer named by param `producerId`.
    public static let addProducer = "addProducer"
    /// `RtpObserver.removeProducer`: removes the producer named by param `producerId`.
    public static let removeProducer = "removeProducer"
}
