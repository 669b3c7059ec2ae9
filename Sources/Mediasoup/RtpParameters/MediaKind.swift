/// The kind of media a codec, producer or consumer carries.
public enum MediaKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Audio (`'audio'`); codec MIME types start with `audio/`.
    case audio
    /// Video (`'video'`); codec MIME types start with `video/`.
    case video
}
