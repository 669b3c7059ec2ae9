/// The coding path of a value being encoded or decoded, as a linked list:
/// going one level down costs one small allocation instead of copying an
/// array, and the array an `Encoder` or `Decoder` reports is built only when
/// asked for (in practice, for an error).
indirect enum JSONCodingPath {
    case root
    case child(any CodingKey, of: JSONCodingPath)

    func appending(_ key: any CodingKey) -> JSONCodingPath {
        .child(key, of: self)
    }

    func appending(index: Int) -> JSONCodingPath {
        .child(JSONIndexKey(index), of: self)
    }

    /// The path as `Encoder.codingPath` and `Decoder.codingPath` give it, outermost key first.
    var keys: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node = self
        while case .child(let key, let parent) = node {
            keys.append(key)
            node = parent
        }
        return keys.reversed()
    }
}

/// The coding key of an array element, written `[index]` in error messages.
struct JSONIndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}
