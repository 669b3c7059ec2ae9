/// An `Encoder` that builds a ``JSONValue`` tree directly from any
/// `Encodable`, with the tree Foundation's `JSONEncoder` would write as text
/// (whole numbers and fractions as doubles, `Float`s as their shortest
/// decimal, a value that encodes nothing as `{}`) without writing or reading
/// any text. `value.jsonValue()`, `jsonData()` and `jsonString()` go through it.
enum JSONTreeEncoder {
    /// - Throws: `EncodingError.invalidValue` for a NaN or infinite number, as `JSONEncoder` does.
    static func encode(_ value: some Encodable) throws -> JSONValue {
        try tree(of: value, path: .root)
    }

    /// The tree of one value: primitives and ``JSONValue``s as they are,
    /// anything else through its `encode(to:)`.
    fileprivate static func tree<T: Encodable>(of value: T, path: @autoclosure () -> JSONCodingPath) throws
        -> JSONValue
    {
        if let primitive = try primitive(value, path()) { return primitive }
        let node = Node()
        try value.encode(to: TreeEncoder(node: node, path: path()))
        return node.tree
    }

    /// The value when it is a JSON primitive. Compares type identities first:
    /// a failed dynamic cast, or `T.self == X.self` (which looks up the
    /// metadata of `Optional<Any.Type>`), costs far more.
    private static func primitive<T>(_ value: T, _ path: @autoclosure () -> JSONCodingPath) throws -> JSONValue? {
        let type = ObjectIdentifier(T.self)
        if type == ObjectIdentifier(JSONValue.self) { return value as? JSONValue }
        if type == ObjectIdentifier(String.self) { return (value as? String).map(JSONValue.string) }
        if type == ObjectIdentifier(Bool.self) { return (value as? Bool).map(JSONValue.bool) }
        if type == ObjectIdentifier(Int.self) { return (value as? Int).map(number) }
        if type == ObjectIdentifier(Double.self), let double = value as? Double { return try number(double, path()) }
        if type == ObjectIdentifier(UInt32.self) { return (value as? UInt32).map(number) }
        if type == ObjectIdentifier(UInt8.self) { return (value as? UInt8).map(number) }
        if type == ObjectIdentifier(UInt16.self) { return (value as? UInt16).map(number) }
        if type == ObjectIdentifier(UInt64.self) { return (value as? UInt64).map(number) }
        if type == ObjectIdentifier(Int64.self) { return (value as? Int64).map(number) }
        if type == ObjectIdentifier(Int32.self) { return (value as? Int32).map(number) }
        if type == ObjectIdentifier(UInt.self) { return (value as? UInt).map(number) }
        if type == ObjectIdentifier(Int8.self) { return (value as? Int8).map(number) }
        if type == ObjectIdentifier(Int16.self) { return (value as? Int16).map(number) }
        if type == ObjectIdentifier(Float.self), let float = value as? Float { return try number(float, path()) }
        return nil
    }

    fileprivate static func number(_ value: some BinaryInteger) -> JSONValue {
        .number(Double(value))
    }

    fileprivate static func number(_ value: Double, _ path: @autoclosure () -> JSONCodingPath) throws -> JSONValue {
        guard value.isFinite else { throw nonFinite(value, path()) }
        return .number(value)
    }

    /// A `Float` as the decimal `JSONEncoder` writes for it (`0.1`, not `0.100000001490116`).
    fileprivate static func number(_ value: Float, _ path: @autoclosure () -> JSONCodingPath) throws -> JSONValue {
        guard value.isFinite, let decimal = Double(value.description) else { throw nonFinite(value, path()) }
        return .number(decimal)
    }

    private static func nonFinite(_ value: Any, _ path: JSONCodingPath) -> EncodingError {
        EncodingError.invalidValue(
            value, EncodingError.Context(codingPath: path.keys, debugDescription: "Unable to encode \(value) in JSON."))
    }
}

/// A container under construction. Members are kept in the order they come
/// and made a dictionary once, at its final size, when the tree is taken;
/// containers handed out before they are filled (`nestedContainer`,
/// `superEncoder`) are read then too.
private final class Node {
    enum Kind { case empty, single, object, array }

    enum Member {
        case value(JSONValue)
        case pending(Node)

        var tree: JSONValue {
            switch self {
            case .value(let value): value
            case .pending(let node): node.tree
            }
        }
    }

    var kind = Kind.empty
    var single = JSONValue.null
    var members: [(key: String, member: Member)] = []
    var elements: [JSONValue] = []
    var pendingElements: [Int: Node] = [:]

    var tree: JSONValue {
        switch kind {
        case .empty:
            return .object([:])
        case .single:
            return single
        case .object:
            var object = [String: JSONValue](minimumCapacity: members.count)
            for (key, member) in members { object[key] = member.tree }  // a key set twice keeps its last value
            return .object(object)
        case .array:
            guard !pendingElements.isEmpty else { return .array(elements) }
            var all = elements
            for (index, node) in pendingElements { all[index] = node.tree }
            return .array(all)
        }
    }

    func makeObject() {
        guard kind != .object else { return }
        kind = .object
        members.reserveCapacity(16)  // room for most objects of the contract: no regrowth
    }

    func makeArray() {
        if kind != .array { kind = .array }
    }

    func set(_ key: String, _ value: JSONValue) {
        members.append((key, .value(value)))
    }

    func set(_ key: String, _ node: Node) {
        members.append((key, .pending(node)))
    }

    func append(_ value: JSONValue) {
        elements.append(value)
    }

    func append(_ node: Node) {
        pendingElements[elements.count] = node
        elements.append(.null)
    }

    func setSingle(_ value: JSONValue) {
        kind = .single
        single = value
    }
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
    let path: JSONCodingPath
    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedContainer(node: node, path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(node: node, path: path)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let path: JSONCodingPath
    var codingPath: [any CodingKey] { path.keys }

    private func set(_ key: Key, _ value: JSONValue) { node.set(key.stringValue, value) }

    mutating func encodeNil(forKey key: Key) throws { set(key, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(key, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(key, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        set(key, try JSONTreeEncoder.number(value, path.appending(key)))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        set(key, try JSONTreeEncoder.number(value, path.appending(key)))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(key, JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(key, JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(key, JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(key, JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(key, JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(key, JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(key, JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(key, JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(key, JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(key, JSONTreeEncoder.number(value)) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(key, try JSONTreeEncoder.tree(of: value, path: path.appending(key)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = Node()
        child.makeObject()
        node.set(key.stringValue, child)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, path: path.appending(key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = Node()
        child.makeArray()
        node.set(key.stringValue, child)
        return UnkeyedContainer(node: child, path: path.appending(key))
    }

    mutating func superEncoder() -> any Encoder {
        let child = Node()
        node.set(SuperKey().stringValue, child)
        return TreeEncoder(node: child, path: path.appending(SuperKey()))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = Node()
        node.set(key.stringValue, child)
        return TreeEncoder(node: child, path: path.appending(key))
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    let path: JSONCodingPath
    var codingPath: [any CodingKey] { path.keys }
    var count: Int { node.elements.count }

    private var nextPath: JSONCodingPath { path.appending(index: count) }

    mutating func encodeNil() throws { node.append(.null) }
    mutating func encode(_ value: Bool) throws { node.append(.bool(value)) }
    mutating func encode(_ value: String) throws { node.append(.string(value)) }
    mutating func encode(_ value: Double) throws { node.append(try JSONTreeEncoder.number(value, nextPath)) }
    mutating func encode(_ value: Float) throws { node.append(try JSONTreeEncoder.number(value, nextPath)) }
    mutating func encode(_ value: Int) throws { node.append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: Int8) throws { node.append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: Int16) throws { node.append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: Int32) throws { node.append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: Int64) throws { node.append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt) throws { node.append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt8) throws { node.append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt16) throws { node.append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt32) throws { node.append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt64) throws { node.append(JSONTreeEncoder.number(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.append(try JSONTreeEncoder.tree(of: value, path: nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = Node()
        child.makeObject()
        let path = nextPath
        node.append(child)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, path: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = Node()
        child.makeArray()
        let path = nextPath
        node.append(child)
        return UnkeyedContainer(node: child, path: path)
    }

    mutating func superEncoder() -> any Encoder {
        let child = Node()
        let path = nextPath
        node.append(child)
        return TreeEncoder(node: child, path: path)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let node: Node
    let path: JSONCodingPath
    var codingPath: [any CodingKey] { path.keys }

    mutating func encodeNil() throws { node.setSingle(.null) }
    mutating func encode(_ value: Bool) throws { node.setSingle(.bool(value)) }
    mutating func encode(_ value: String) throws { node.setSingle(.string(value)) }
    mutating func encode(_ value: Double) throws { node.setSingle(try JSONTreeEncoder.number(value, path)) }
    mutating func encode(_ value: Float) throws { node.setSingle(try JSONTreeEncoder.number(value, path)) }
    mutating func encode(_ value: Int) throws { node.setSingle(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: Int8) throws { node.setSingle(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: Int16) throws { node.setSingle(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: Int32) throws { node.setSingle(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: Int64) throws { node.setSingle(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt) throws { node.setSingle(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt8) throws { node.setSingle(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt16) throws { node.setSingle(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt32) throws { node.setSingle(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt64) throws { node.setSingle(JSONTreeEncoder.number(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.setSingle(try JSONTreeEncoder.tree(of: value, path: path))
    }
}
