// The fuzz entry of the JSON parser (Fuzz/RTPFuzzer runs it under libFuzzer,
// MediasoupTests over a seed corpus). Any input must be refused with a
// TypeError or parsed; what parsed must serialize to text that parses back to
// the same value. A failed check is a bug of ours, hence a trap.

extension JSONValue {
    /// Runs `data` through the parser, the serializer and the parser again.
    package static func fuzz(_ data: UnsafeRawBufferPointer) {
        guard let value = try? JSONValue(json: data) else { return }
        guard let text = try? value.jsonString() else {
            // Only numbers that are not finite cannot be written; the parser never makes one.
            preconditionFailure("fuzz invariant broken: a parsed value does not serialize")
        }
        guard let again = try? JSONValue(json: Array(text.utf8)) else {
            preconditionFailure("fuzz invariant broken: serialized JSON does not parse: \(text)")
        }
        precondition(again == value, "fuzz invariant broken: JSON round trip changed \(text)")
    }
}
