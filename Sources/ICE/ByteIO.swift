// Big-endian reads and writes on borrowed byte buffers for the STUN parser
// and writer. Callers check bounds first: these helpers only trap on our own
// broken invariants.

extension UnsafeRawBufferPointer {
    @inline(__always)
    func u16(_ offset: Int) -> UInt16 {
        UInt16(self[offset]) << 8 | UInt16(self[offset + 1])
    }

    @inline(__always)
    func u32(_ offset: Int) -> UInt32 {
        UInt32(u16(offset)) << 16 | UInt32(u16(offset + 2))
    }

    @inline(__always)
    func u64(_ offset: Int) -> UInt64 {
        UInt64(u32(offset)) << 32 | UInt64(u32(offset + 4))
    }

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

extension UnsafeMutableRawBufferPointer {
    @inline(__always)
    func put16(_ value: UInt16, at offset: Int) {
        self[offset] = UInt8(truncatingIfNeeded: value >> 8)
        self[offset + 1] = UInt8(truncatingIfNeeded: value)
    }

    @inline(__always)
    func put32(_ value: UInt32, at offset: Int) {
        put16(UInt16(truncatingIfNeeded: value >> 16), at: offset)
        put16(UInt16(truncatingIfNeeded: value), at: offset + 2)
    }

    @inline(__always)
    func put64(_ value: UInt64, at offset: Int) {
        put32(UInt32(truncatingIfNeeded: value >> 32), at: offset)
        put32(UInt32(truncatingIfNeeded: value), at: offset + 4)
    }

    /// Copies `bytes` to `offset` and returns the offset just past them.
    @inline(__always)
    @discardableResult
    func put<C: Collection>(_ bytes: C, at offset: Int) -> Int where C.Element == UInt8 {
        var index = offset
        for byte in bytes {
            self[index] = byte
            index += 1
        }
        return index
    }
}

/// Rounds `value` up to a multiple of 4 (STUN attributes end on 32-bit boundaries).
@inline(__always)
func padded4(_ value: Int) -> Int {
    (value + 3) & ~3
}

/// Runs `body` on the bytes of `array` and rethrows its typed error (the
/// standard library's `withUnsafeBytes` erases it to `any Error`).
@inline(__always)
func withBytes<R, E: Error>(
    of array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(E) -> R
) throws(E) -> R {
    let result: Result<R, E> = array.withUnsafeBytes { bytes in
        Result { () throws(E) -> R in try body(bytes) }
    }
    return try result.get()
}

/// An array of exactly `size` bytes that `write` fills; `write` answers the
/// count it wrote, which must equal `size`.
@inline(__always)
func makeBytes(size: Int, _ write: (UnsafeMutableRawBufferPointer) -> Int) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
        let raw = UnsafeMutableRawBufferPointer(buffer)
        raw.initializeMemory(as: UInt8.self, repeating: 0)
        let written = write(raw)
        precondition(written == size, "serializedSize (\(size)) and serialize(into:) (\(written)) disagree")
        initialized = size
    }
}
