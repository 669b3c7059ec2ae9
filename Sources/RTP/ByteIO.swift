// Big-endian reads and writes on borrowed byte buffers, shared by every parser
// and serializer of the module (and, at package level, by ICE's STUN codec). Callers check bounds before calling: these
// helpers only trap (in debug builds) on our own broken invariants.

extension UnsafeRawBufferPointer {
    @inline(__always)
    func u8(_ offset: Int) -> UInt8 {
        self[offset]
    }

    @inline(__always)
    package func u16(_ offset: Int) -> UInt16 {
        UInt16(self[offset]) << 8 | UInt16(self[offset + 1])
    }

    @inline(__always)
    func u24(_ offset: Int) -> UInt32 {
        UInt32(self[offset]) << 16 | UInt32(self[offset + 1]) << 8 | UInt32(self[offset + 2])
    }

    /// A 24-bit two's complement value, sign-extended.
    @inline(__always)
    func i24(_ offset: Int) -> Int32 {
        Int32(bitPattern: u24(offset) << 8) >> 8
    }

    @inline(__always)
    package func u32(_ offset: Int) -> UInt32 {
        UInt32(u16(offset)) << 16 | UInt32(u16(offset + 2))
    }

    @inline(__always)
    package func u64(_ offset: Int) -> UInt64 {
        UInt64(u32(offset)) << 32 | UInt64(u32(offset + 4))
    }

    /// The sub-buffer `range`, clamped to the buffer (empty when out of it).
    @inline(__always)
    func clamped(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        let lower = Swift.min(Swift.max(range.lowerBound, 0), count)
        let upper = Swift.min(Swift.max(range.upperBound, lower), count)
        return UnsafeRawBufferPointer(rebasing: self[lower..<upper])
    }
}

extension UnsafeMutableRawBufferPointer {
    @inline(__always)
    func put8(_ value: UInt8, at offset: Int) {
        self[offset] = value
    }

    @inline(__always)
    package func put16(_ value: UInt16, at offset: Int) {
        self[offset] = UInt8(truncatingIfNeeded: value >> 8)
        self[offset + 1] = UInt8(truncatingIfNeeded: value)
    }

    @inline(__always)
    func put24(_ value: UInt32, at offset: Int) {
        self[offset] = UInt8(truncatingIfNeeded: value >> 16)
        self[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
        self[offset + 2] = UInt8(truncatingIfNeeded: value)
    }

    @inline(__always)
    package func put32(_ value: UInt32, at offset: Int) {
        put16(UInt16(truncatingIfNeeded: value >> 16), at: offset)
        put16(UInt16(truncatingIfNeeded: value), at: offset + 2)
    }

    @inline(__always)
    package func put64(_ value: UInt64, at offset: Int) {
        put32(UInt32(truncatingIfNeeded: value >> 32), at: offset)
        put32(UInt32(truncatingIfNeeded: value), at: offset + 4)
    }

    /// Copies `bytes` to `offset` and returns the offset just past them.
    @inline(__always)
    @discardableResult
    package func put<C: Collection>(_ bytes: C, at offset: Int) -> Int where C.Element == UInt8 {
        var index = offset
        for byte in bytes {
            self[index] = byte
            index += 1
        }
        return index
    }

    /// Writes `count` zero bytes from `offset`.
    @inline(__always)
    func zero(_ count: Int, at offset: Int) {
        var index = offset
        while index < offset + count {
            self[index] = 0
            index += 1
        }
    }
}

/// Rounds `value` up to a multiple of 4.
@inline(__always)
package func roundUp4(_ value: Int) -> Int {
    (value + 3) & ~3
}

/// Runs `body` on the bytes of `array` and rethrows its typed error (the
/// standard library's `withUnsafeBytes` erases it to `any Error`).
@inline(__always)
package func withBytes<R, E: Error>(
    of array: some ContiguousBytesView,
    _ body: (UnsafeRawBufferPointer) throws(E) -> R
) throws(E) -> R {
    let result: Result<R, E> = array.withRawBytes { bytes in
        Result { () throws(E) -> R in try body(bytes) }
    }
    return try result.get()
}

/// The byte containers our allocating conveniences accept.
package protocol ContiguousBytesView {
    func withRawBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R
}

extension Array: ContiguousBytesView where Element == UInt8 {
    @inline(__always)
    package func withRawBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        withUnsafeBytes(body)
    }
}

extension ArraySlice: ContiguousBytesView where Element == UInt8 {
    @inline(__always)
    package func withRawBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        withUnsafeBytes(body)
    }
}

/// Allocates an array of exactly `size` bytes and lets `write` fill it; `write`
/// returns the count it wrote, which must equal `size`.
@inline(__always)
package func makeBytes(size: Int, _ write: (UnsafeMutableRawBufferPointer) -> Int) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
        let raw = UnsafeMutableRawBufferPointer(buffer)
        raw.initializeMemory(as: UInt8.self, repeating: 0)
        let written = write(raw)
        precondition(written == size, "serializedSize (\(size)) and serialize(into:) (\(written)) disagree")
        initialized = size
    }
}
