/// A `Decoder` over a ``JSONValue`` tree: how every value is decoded from
/// JSON (`T(json:)` parses the text into a tree, then decodes the tree).
/// Its errors carry the coding path of the field at fault, also for a number
/// that does not fit its field (`payloadType: 300`, `ssrc: 4294967296`,
/// `maxBitrate: 1.5`). Paths are built only when an error needs one.
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let path: JSONCodingPath
    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: JSONValue, path: JSONCodingPath = .root) {
        self.value = value
        self.path = path
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw JSONValueDecoder.mismatch([String: JSONValue].self, value, path)
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(object: object, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let array) = value else {
            throw JSONValueDecoder.mismatch([JSONValue].self, value, path)
        }
        return UnkeyedContainer(array: array, path: path)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(value: value, path: path)
    }

    // MARK: Values

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: @autoclosure () -> JSONCodingPath)
        -> DecodingError
    {
        if case .null = value {
            return .valueNotFound(type, .init(codingPath: path().keys, debugDescription: "Found null."))
        }
        return .typeMismatch(type, .init(codingPath: path().keys, debugDescription: "Found \(value)."))
    }

    static func decodeBool(_ value: JSONValue, _ path: @autoclosure () -> JSONCodingPath) throws -> Bool {
        guard case .bool(let bool) = value else { throw mismatch(Bool.self, value, path()) }
        return bool
    }

    static func decodeString(_ value: JSONValue, _ path: @autoclosure () -> JSONCodingPath) throws -> String {
        guard case .string(let string) = value else { throw mismatch(String.self, value, path()) }
        return string
    }

    static func decodeDouble(_ value: JSONValue, _ path: @autoclosure () -> JSONCodingPath) throws -> Double {
        guard case .number(let number) = value else { throw mismatch(Double.self, value, path()) }
        return number
    }

    static func decodeFloat(_ value: JSONValue, _ path: @autoclosure () -> JSONCodingPath) throws -> Float {
        Float(try decodeDouble(value, path()))
    }

    static func decodeInteger<T: FixedWidthInteger>(
        _ type: T.Type, _ value: JSONValue, _ path: @autoclosure () -> JSONCodingPath
    ) throws -> T {
        guard case .number(let number) = value else { throw mismatch(T.self, value, path()) }
        guard let integer = T(exactly: number) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: path().keys, debugDescription: "Number \(value) is not representable in \(T.self)."))
        }
        return integer
    }

    static func decode<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ path: JSONCodingPath) throws -> T {
        // Free-form members (appData, codec parameters, channel data) are trees
        // already. (`as!` after comparing the types: `as?` would make every
        // call look up the metadata of `Optional<T>`.)
        if ObjectIdentifier(T.self) == ObjectIdentifier(JSONValue.self) { return value as! T }
        return try T(from: JSONValueDecoder(value, path: path))
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: JSONValue]
    let path: JSONCodingPath
    var codingPath: [any CodingKey] { path.keys }

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value for key \(key.stringValue)."))
        }
        return value
    }

    /// The member when present and not null (one lookup, where the default
    /// `decodeIfPresent` makes three).
    private func presentMember(_ key: Key) -> JSONValue? {
        guard let value = object[key.stringValue] else { return nil }
        if case .null = value { return nil }
        return value
    }

    private func path(_ key: Key) -> JSONCodingPath { path.appending(key) }

    private func integer<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T {
        try JSONValueDecoder.decodeInteger(type, member(key), path(key))
    }

    private func integerIfPresent<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T? {
        try presentMember(key).map { try JSONValueDecoder.decodeInteger(type, $0, path(key)) }
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key) == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try JSONValueDecoder.decodeBool(member(key), path(key))
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try JSONValueDecoder.decodeString(member(key), path(key))
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try JSONValueDecoder.decodeDouble(member(key), path(key))
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try JSONValueDecoder.decodeFloat(member(key), path(key))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try JSONValueDecoder.decode(type, member(key), path(key))
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try presentMember(key).map { try JSONValueDecoder.decodeBool($0, path(key)) }
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try presentMember(key).map { try JSONValueDecoder.decodeString($0, path(key)) }
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try presentMember(key).map { try JSONValueDecoder.decodeDouble($0, path(key)) }
    }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        try presentMember(key).map { try JSONValueDecoder.decodeFloat($0, path(key)) }
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try integerIfPresent(type, key) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try presentMember(key).map { try JSONValueDecoder.decode(type, $0, path(key)) }
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONValueDecoder(member(key), path: path(key)).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONValueDecoder(member(key), path: path(key)).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder {
        JSONValueDecoder(object["super"] ?? .null, path: path)
    }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoder(object[key.stringValue] ?? .null, path: path(key))
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let array: [JSONValue]
    let path: JSONCodingPath
    var codingPath: [any CodingKey] { path.keys }
    var currentIndex = 0

    init(array: [JSONValue], path: JSONCodingPath) {
        self.array = array
        self.path = path
    }

    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    private func element(_ type: Any.Type) throws -> JSONValue {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type,
                .init(
                    codingPath: path.appending(index: currentIndex).keys,
                    debugDescription: "Unkeyed container is at end."))
        }
        return array[currentIndex]
    }

    /// Decodes the current element with `body`, which gets its path on demand, and moves past it.
    private mutating func next<T>(_ type: T.Type, _ body: (JSONValue, () -> JSONCodingPath) throws -> T) throws -> T {
        let (path, index) = (self.path, currentIndex)
        let value = try body(element(type), { path.appending(index: index) })
        currentIndex += 1
        return value
    }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        try next(type) { try JSONValueDecoder.decodeInteger(type, $0, $1()) }
    }

    mutating func decodeNil() throws -> Bool {
        guard try element(JSONValue.self) == .null else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool {
        try next(type) { try JSONValueDecoder.decodeBool($0, $1()) }
    }
    mutating func decode(_ type: String.Type) throws -> String {
        try next(type) { try JSONValueDecoder.decodeString($0, $1()) }
    }
    mutating func decode(_ type: Double.Type) throws -> Double {
        try next(type) { try JSONValueDecoder.decodeDouble($0, $1()) }
    }
    mutating func decode(_ type: Float.Type) throws -> Float {
        try next(type) { try JSONValueDecoder.decodeFloat($0, $1()) }
    }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next(type) { try JSONValueDecoder.decode(type, $0, $1()) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try next(KeyedDecodingContainer<NestedKey>.self) {
            try JSONValueDecoder($0, path: $1()).container(keyedBy: type)
        }
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next((any UnkeyedDecodingContainer).self) { try JSONValueDecoder($0, path: $1()).unkeyedContainer() }
    }
    mutating func superDecoder() throws -> any Decoder {
        try next((any Decoder).self) { JSONValueDecoder($0, path: $1()) }
    }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let path: JSONCodingPath
    var codingPath: [any CodingKey] { path.keys }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        try JSONValueDecoder.decodeInteger(type, value, path)
    }

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try JSONValueDecoder.decodeBool(value, path) }
    func decode(_ type: String.Type) throws -> String { try JSONValueDecoder.decodeString(value, path) }
    func decode(_ type: Double.Type) throws -> Double { try JSONValueDecoder.decodeDouble(value, path) }
    func decode(_ type: Float.Type) throws -> Float { try JSONValueDecoder.decodeFloat(value, path) }
    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONValueDecoder.decode(type, value, path) }
}
