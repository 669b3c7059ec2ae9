/// The kind of media a codec, producer or consumer carries.
public enum MediaKind: String, Sendable, Hashable, Codable, CaseIterable {
    case audio
    case video
}
