/// The procedures of the remote API: `<Class>.<name>` on the wire, with
/// `params.target` the id of the object they run on. Parameters and results
/// are listed in Docs/RemoteProtocol.md.
public struct RemoteProcedure: Sendable, Hashable, CustomStringConvertible {
    public let `class`: RemoteClass
    public let name: String

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
    public static let close = "close"
    public static let dump = "dump"
    public static let getStats = "getStats"
    public static let pause = "pause"
    public static let resume = "resume"
    public static let setAppData = "setAppData"
    public static let enableTraceEvent = "enableTraceEvent"
    public static let send = "send"
    public static let injectNotificationForTesting = "injectNotificationForTesting"
    /// This session receives the object's high-rate events (``RemoteEventName/highRate``).
    public static let subscribe = "subscribe"
    /// This session no longer receives the object's high-rate events.
    public static let unsubscribe = "unsubscribe"
}

extension RemoteProcedure {
    public static let managerGetStats = RemoteProcedure(.manager, getStats)
    public static let createWorker = RemoteProcedure(.mediasoup, "createWorker")

    public static let getResourceUsage = "getResourceUsage"
    public static let updateSettings = "updateSettings"
    public static let createWebRtcServer = "createWebRtcServer"
    public static let createRouter = "createRouter"

    public static let createWebRtcTransport = "createWebRtcTransport"
    public static let createPlainTransport = "createPlainTransport"
    public static let createPipeTransport = "createPipeTransport"
    public static let createDirectTransport = "createDirectTransport"
    public static let createActiveSpeakerObserver = "createActiveSpeakerObserver"
    public static let createAudioLevelObserver = "createAudioLevelObserver"
    public static let pipeToRouter = "pipeToRouter"
    public static let updateMediaCodecs = "updateMediaCodecs"

    public static let setMaxIncomingBitrate = "setMaxIncomingBitrate"
    public static let setMaxOutgoingBitrate = "setMaxOutgoingBitrate"
    public static let setMinOutgoingBitrate = "setMinOutgoingBitrate"
    public static let produce = "produce"
    public static let consume = "consume"
    public static let consumePipe = "consumePipe"
    public static let produceData = "produceData"
    public static let consumeData = "consumeData"
    public static let connect = "connect"
    public static let restartIce = "restartIce"
    public static let sendRtcp = "sendRtcp"

    public static let setPreferredLayers = "setPreferredLayers"
    public static let setPriority = "setPriority"
    public static let unsetPriority = "unsetPriority"
    public static let requestKeyFrame = "requestKeyFrame"

    public static let setBufferedAmountLowThreshold = "setBufferedAmountLowThreshold"
    public static let getBufferedAmount = "getBufferedAmount"
    public static let setSubchannels = "setSubchannels"
    public static let addSubchannel = "addSubchannel"
    public static let removeSubchannel = "removeSubchannel"

    public static let addProducer = "addProducer"
    public static let removeProducer = "removeProducer"
}
