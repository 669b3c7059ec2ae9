/// One `{key, value}` entry of a map in a dump (mediasoup dumps maps as arrays).
public struct KeyValue<Key: Sendable & Hashable & Codable, Value: Sendable & Hashable & Codable>:
    Sendable, Hashable, Codable
{
    public var key: Key
    public var value: Value
    public init(key: Key, value: Value) {
        self.key = key
        self.value = value
    }
}

/// One `{key, values}` entry of a one-to-many map in a dump.
public struct KeyValues<Key: Sendable & Hashable & Codable, Value: Sendable & Hashable & Codable>:
    Sendable, Hashable, Codable
{
    public var key: Key
    public var values: [Value]
    public init(key: Key, values: [Value]) {
        self.key = key
        self.values = values
    }
}
