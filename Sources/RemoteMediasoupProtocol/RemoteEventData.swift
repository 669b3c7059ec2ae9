import Mediasoup

// The data of `event` notifications whose shape is not a contract type's JSON
// (see Docs/RemoteProtocol.md, Events).

/// `died`: the error, by kind and message.
public struct RemoteDiedEventData: Sendable, Hashable, Codable {
    /// The error's kind; `Error` for an error outside the contract's.
    public var kind: ErrorKind
    /// The error's message.
    public var message: String
    /// The data of a `died` event for an error of `kind` with `message`.
    public init(kind: ErrorKind, message: String) {
        self.kind = kind
        self.message = message
    }
}

/// `dominantspeaker`.
public struct RemoteDominantSpeakerEventData: Sendable, Hashable, Codable {
    /// The snapshot of the producer that is the new dominant speaker.
    public var producer: ObjectSnapshot
    /// The data of a `dominantspeaker` event naming `producer`.
    public init(producer: ObjectSnapshot) { self.producer = producer }
}

/// One entry of `volumes`.
public struct RemoteVolume: Sendable, Hashable, Codable {
    /// The snapshot of the producer.
    public var producer: ObjectSnapshot
    /// The producer's audio volume, in dBov.
    public var volume: Double
    /// The `volume` (dBov) of `producer`.
    public init(producer: ObjectSnapshot, volume: Double) {
        self.producer = producer
        self.volume = volume
    }
}

/// A DataConsumer's `message`: the payload in base64 and its PPID.
public struct RemoteMessageEventData: Sendable, Hashable, Codable {
    /// The message's payload, in base64.
    public var message: String
    /// The message's SCTP payload protocol identifier (51 string, 53 binary, …).
    public var ppid: UInt32
    /// The data of a `message` event: `message` is encoded in base64.
    public init(message: [UInt8], ppid: UInt32) {
        self.message = RemoteBytes.encode(message)
        self.ppid = ppid
    }

    /// The message's payload, decoded from base64.
    ///
    /// - Throws: `TypeError` when `message` is not base64.
    public func bytes() throws(TypeError) -> [UInt8] {
        try RemoteBytes.decode(message, field: "message")
    }
}
