/// The values of a `Transport` snapshot's `type` property.
public enum RemoteTransportType {
    /// `webrtc`: a WebRtcTransport.
    public static let webRtc = "webrtc"
    /// `plain`: a PlainTransport.
    public static let plain = "plain"
    /// `pipe`: a PipeTransport.
    public static let pipe = "pipe"
    /// `direct`: a DirectTransport.
    public static let direct = "direct"
}

/// The values of an `RtpObserver` snapshot's `type` property.
public enum RemoteRtpObserverType {
    /// `activespeaker`: an ActiveSpeakerObserver.
    public static let activeSpeaker = "activespeaker"
    /// `audiolevel`: an AudioLevelObserver.
    public static let audioLevel = "audiolevel"
}
