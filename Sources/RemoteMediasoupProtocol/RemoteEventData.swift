import Mediasoup

// The data of `event` notifications whose shape is not a contract type's JSON
// (see Docs/RemoteProtocol.md, Events).

/// `died`: the error, by kind and message.
public struct RemoteDiedEventData: Sendable, Hashable, Codable {
    public var kind: ErrorKind
    public var message: String
    public init(kind: ErrorKind, message: String) {
        self.kind = kind
        self.message = message
    }
}

/// `dominantspeaker`.
public struct RemoteDominantSpeakerEventData: Sendable, Hashable, Codable {
    public var producer: ObjectSnapshot
    public init(producer: ObjectSnapshot) { self.producer = producer }
}

/// One entry of `volumes`.
public struct RemoteVolume: Sendable, Hashable, Codable {
    public var producer: ObjectSnapshot
    public var volume: Double
    public init(producer: ObjectSnapshot, volume: Double) {
        self.producer = producer
        self.volume = volume
    }
}

/// A DataConsumer's `message`: the payload in base64 and its PPID.
public struct RemoteMessageEventData: Sendable, Hashable, Codable {
    public var message: String
    public var ppid: UInt32
    public init(message: [UInt8], ppid: UInt32) {
        self.message = RemoteBytes.encode(message)
        self.ppid = ppid
    }

    public func bytes() throws(TypeError) -> [UInt8] {
        try RemoteBytes.decode(message, field: "message")
    }
}
