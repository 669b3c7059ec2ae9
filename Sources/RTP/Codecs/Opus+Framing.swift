// The frame length rules of an Opus packet (RFC 6716 3.2.1–3.2.5, checked as
// the requirements R1–R7 of 3.4), and the fuzz entry.

extension OpusPayload {
    /// The longest frame an Opus packet may carry (RFC 6716 3.4, R2).
    static let maximumFrameLength = 1275

    /// Reads a frame length (RFC 6716 3.2.1) at `offset`: one byte below 252,
    /// else two bytes (first + 4 × second). Returns the length and its size.
    private static func frameLength(
        _ payload: UnsafeRawBufferPointer, at offset: Int
    ) throws(CodecPayloadError) -> (length: Int, size: Int) {
        guard payload.count > offset else { throw .truncated(needed: offset + 1, had: payload.count) }
        let first = Int(payload[offset])
        guard first >= 252 else { return (first, 1) }
        guard payload.count > offset + 1 else { throw .truncated(needed: offset + 2, had: payload.count) }
        return (first + 4 * Int(payload[offset + 1]), 2)
    }

    /// Checks that the frames of a code `code` packet fit it exactly.
    static func checkFrameLengths(
        _ payload: UnsafeRawBufferPointer, code: UInt8, frames: Int
    ) throws(CodecPayloadError) {
        let count = payload.count
        switch code {
        case 0:  // R2: one frame of N - 1 bytes
            guard count - 1 <= maximumFrameLength else { throw .malformed(.opusFrameLengths) }
        case 1:  // R3: two frames of (N - 1) / 2 bytes each
            guard (count - 1) % 2 == 0, (count - 1) / 2 <= maximumFrameLength else {
                throw .malformed(.opusFrameLengths)
            }
        case 2:  // R4: the first length fits, the second frame is the rest
            let (first, size) = try frameLength(payload, at: 1)
            let second = count - 1 - size - first
            guard second >= 0, first <= maximumFrameLength, second <= maximumFrameLength else {
                throw .malformed(.opusFrameLengths)
            }
        default:  // R5–R7: padding, then M equal frames (CBR) or M - 1 coded lengths (VBR)
            let isVariable = payload[1] & 0x80 != 0
            var offset = 2
            var padding = 0
            if payload[1] & 0x40 != 0 {
                while true {
                    guard count > offset else { throw .truncated(needed: offset + 1, had: count) }
                    let byte = Int(payload[offset])
                    offset += 1
                    padding += byte == 255 ? 254 : byte
                    if byte != 255 { break }
                }
            }
            var remaining = count - offset - padding
            guard remaining >= 0 else { throw .malformed(.opusFrameLengths) }
            if isVariable {
                for _ in 0..<(frames - 1) {
                    let (length, size) = try frameLength(payload, at: offset)
                    offset += size
                    remaining -= size + length
                    guard remaining >= 0, length <= maximumFrameLength else { throw .malformed(.opusFrameLengths) }
                }
                guard remaining <= maximumFrameLength else { throw .malformed(.opusFrameLengths) }
            } else {
                guard remaining % frames == 0, remaining / frames <= maximumFrameLength else {
                    throw .malformed(.opusFrameLengths)
                }
            }
        }
    }

    /// Fuzz entry: parses arbitrary bytes strictly and leniently; what the
    /// strict parse accepts, the lenient one accepts the same.
    package static func fuzz(_ data: UnsafeRawBufferPointer) {
        let lenient = try? OpusPayload(parsing: data, checksFrameLengths: false)
        guard let strict = try? OpusPayload(parsing: data) else { return }
        precondition(lenient == strict, "Opus: strict and lenient parses disagree")
        precondition(strict.durationSamples <= 5760, "Opus: a packet over 120 ms parsed")
    }
}
