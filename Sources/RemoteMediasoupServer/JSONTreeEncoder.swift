import Mediasoup

/// An `Encoder` that builds a ``JSONValue`` tree directly, with the same
/// result as `value.jsonValue()` (Foundation's `JSONEncoder`, then decoding
/// the text into a tree) at a fraction of its cost: every event the server
/// sends carries snapshots, so this is on its hot path.
enum JSONTreeEncoder {
    /// - Throws: `EncodingError` for a non-finite number, as `JSONEncoder` does.
    static func encode(_ value: some Encodable) throws -> JSONValue {
        try box(value, codingPath: []).tree
    }

    fileprivate static func box(_ value: some Encodable, codingPath: [any CodingKey]) throws -> Node {
        if let primitive = try primitive(value, codingPath: codingPath) { return Node(.value(primitive)) }
        let node = Node(.empty)
        try value.encode(to: TreeEncoder(node: node, codingPath: codingPath))
        return node
    }

    private static func primitive(_ value: Any, codingPath: [any CodingKey]) throws -> JSONValue? {
        switch value {
        case let value as JSONValue: return value
        case let value as String: return .string(value)
        case let value as Bool: return .bool(value)
        case let value as Int: return .number(Double(value))
        case let value as Double: return try finite(value, codingPath)
        case let value as Float: return try finite(Double(value), codingPath)
        case let value as Int8: return .number(Double(value))
        case let value as Int16: return .number(Double(value))
        case let value as Int32: return .number(Double(value))
        case let value as Int64: return .number(Double(value))
        case let value as UInt: return .number(Double(value))
        case let value as UInt8: return .number(Double(value))
        case let value as UInt16: return .number(Double(value))
        case let value as UInt32: return .number(Double(value))
        case let value as UInt64: return .number(Double(value))
        default: return nil
        }
    }

    private static func finite(_ value: Double, _ codingPath: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: codingPath, debugDescription: "non-finite number"))
        }
        return .number(value)
    }
}

/// A tree under construction: containers hand out their nodes before they are filled.
private final class Node {
    enum Content {
        case empty
        case value(JSONValue)
        case object([String: Node])
        case array([Node])
    }

    var content: Content

    init(_ content: Content) { self.content = content }

    var tree: JSONValue {
        switch content {
        case .empty: .object([:])
        case .value(let value): value
        case .object(let members): .object(members.mapValues(\.tree))
        case .array(let elements): .array(elements.map(\.tree))
        }
    }

    func makeObject() {
        if case .object = content { return }
        content = .object([:])
    }

    func makeArray() {
        if case .array = content { return }
        content = .array([])
    }

    func set(_ key: String, _ node: Node) {
        guard case .object(var members) = content else { return }
        content = .empty
        members[key] = node
        content = .object(members)
    }

    func append(_ node: Node) {
        guard case .array(var elements) = content else { return }
        content = .empty
        elements.append(node)
        content = .array(elements)
    }

    var count: Int {
        if case .array(let elements) = content { return elements.count }
        return 0
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(_ index: Int) {
        intValue = index
        stringValue = "Index \(index)"
    }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.init(intValue) }
}

private struct SuperKey: CodingKey {
    let stringValue = "super"
    let intValue: Int? = nil
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}

private struct TreeEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(node: node, codingPath: codingPath)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        node.set(key.stringValue, Node(.value(.null)))
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.set(key.stringValue, try JSONTreeEncoder.box(value, codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = Node(.object([:]))
        node.set(key.stringValue, child)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = Node(.array([]))
        node.set(key.stringValue, child)
        return UnkeyedContainer(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let child = Node(.empty)
        node.set(SuperKey().stringValue, child)
        return TreeEncoder(node: child, codingPath: codingPath + [SuperKey()])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = Node(.empty)
        node.set(key.stringValue, child)
        return TreeEncoder(node: child, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    mutating func encodeNil() throws {
        node.append(Node(.value(.null)))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.append(try JSONTreeEncoder.box(value, codingPath: codingPath + [IndexKey(count)]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = Node(.object([:]))
        let path = codingPath + [IndexKey(count)]
        node.append(child)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = Node(.array([]))
        let path = codingPath + [IndexKey(count)]
        node.append(child)
        return UnkeyedContainer(node: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let child = Node(.empty)
        let path = codingPath + [IndexKey(count)]
        node.append(child)
        return TreeEncoder(node: child, codingPath: path)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws {
        node.content = .value(.null)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.content = try JSONTreeEncoder.box(value, codingPath: codingPath).content
    }
}
