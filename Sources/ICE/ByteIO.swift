import RTP

// The STUN codec's one byte helper of its own; big-endian reads and writes
// come from RTP's ByteIO (package level).

extension UnsafeRawBufferPointer {
    /// Whether the bytes in `range` equal `other`.
    @inline(__always)
    func bytes(_ range: Range<Int>, equal other: [UInt8]) -> Bool {
        guard range.count == other.count else { return false }
        var index = range.lowerBound
        for byte in other {
            if self[index] != byte { return false }
            index += 1
        }
        return true
    }
}
