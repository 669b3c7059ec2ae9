// Helpers for the codec payload tests: hex rows into bytes, and every prefix
// of a payload through a parser (truncated inputs must throw, never trap).
import Testing

@testable import RTP

enum CodecFixture {
    /// Bytes from hex rows (spaces ignored), one row per field so each can be
    /// commented where it is written.
    static func bytes(_ rows: String...) -> [UInt8] {
        var result: [UInt8] = []
        for row in rows {
            let digits = row.filter { !$0.isWhitespace }
            var index = digits.startIndex
            while index < digits.endIndex {
                let next = digits.index(index, offsetBy: 2)
                guard let byte = UInt8(digits[index..<next], radix: 16) else {
                    Issue.record("bad hex row: \(row)")
                    return []
                }
                result.append(byte)
                index = next
            }
        }
        return result
    }

    /// Runs `parse` on every proper prefix of `payload` shorter than
    /// `headerSize` and expects each to throw `truncated`.
    static func expectTruncatedPrefixesThrow<T>(
        _ payload: [UInt8], headerSize: Int,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ parse: ([UInt8]) throws(CodecPayloadError) -> T
    ) {
        for length in 0..<min(headerSize, payload.count) {
            let prefix = Array(payload.prefix(length))
            do {
                _ = try parse(prefix)
                Issue.record("prefix of \(length) bytes parsed", sourceLocation: sourceLocation)
            } catch {
                guard case .truncated = error else {
                    Issue.record("prefix of \(length) bytes: \(error)", sourceLocation: sourceLocation)
                    continue
                }
            }
        }
    }
}

/// A deterministic generator for the fuzz-style tests (SplitMix64).
struct CodecFuzzRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
