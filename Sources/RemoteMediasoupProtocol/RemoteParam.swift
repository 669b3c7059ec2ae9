/// Names of the params of the remote procedures (see Docs/RemoteProtocol.md, Procedures).
public enum RemoteParam {
    /// The id of the object the procedure runs on.
    public static let target = "target"
    /// The parent id of the target, needed only when the target id is
    /// ambiguous: a pipe producer (or data producer) has the id of the
    /// producer it pipes, in another router of the same server.
    public static let parent = "parent"
    public static let settings = "settings"
    public static let options = "options"
    public static let appData = "appData"
    public static let notification = "notification"
    public static let mediaCodecs = "mediaCodecs"
    public static let bitrate = "bitrate"
    public static let types = "types"
    public static let dtlsParameters = "dtlsParameters"
    public static let packet = "packet"
    public static let layers = "layers"
    public static let priority = "priority"
    public static let threshold = "threshold"
    public static let message = "message"
    public static let ppid = "ppid"
    public static let subchannels = "subchannels"
    public static let requiredSubchannel = "requiredSubchannel"
    public static let subchannel = "subchannel"
    public static let producerId = "producerId"
}
