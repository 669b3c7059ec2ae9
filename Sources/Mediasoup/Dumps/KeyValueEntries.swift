/// One `{key, value}` entry of a map in a dump (mediasoup dumps maps as arrays).
public struct KeyValue<Key: Sendable & Hashable & Codable, Value: Sendable & Hashable & Codable>:
    Sendable, Hashable, Codable
{
    /// The map key: an SSRC, MID, RID, SCTP stream id or entity id, depending on the map.
    public var key: Key
    /// The value stored under `key`, usually the id of the producer, consumer or data producer it maps to.
    public var value: Value
    /// Creates an entry mapping `key` to `value`.
    public init(key: Key, value: Value) {
        self.key = key
        self.value = value
    }
}

/// One `{key, values}` entry of a one-to-many map in a dump.
public struct KeyValues<Key: Sendable & Hashable & Codable, Value: Sendable & Hashable & Codable>:
    Sendable, Hashable, Codable
{
    /// The map key, usually a producer or data producer id.
    public var key: Key
    /// Every value under `key` (e.g. the ids of a producer's consumers); empty when there is none.
    public var values: [Value]
    /// Creates an entry mapping `key` to `values`.
    public init(key: Key, values: [Value]) {
        self.key = key
        self.values = values
    }
}
