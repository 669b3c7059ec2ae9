/// The values of a `Transport` snapshot's `type` property.
public enum RemoteTransportType {
    public static let webRtc = "webrtc"
    public static let plain = "plain"
    public static let pipe = "pipe"
    public static let direct = "direct"
}

/// The values of an `RtpObserver` snapshot's `type` property.
public enum RemoteRtpObserverType {
    public static let activeSpeaker = "activespeaker"
    public static let audioLevel = "audiolevel"
}
