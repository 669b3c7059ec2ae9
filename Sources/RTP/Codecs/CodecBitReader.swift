// A most-significant-bit-first reader over borrowed bytes, for the few header
// fields that are not byte aligned: the VP9 uncompressed header (VP9 spec 6.2)
// and the H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1, with Exp-Golomb
// codes of 9.1 and the emulation prevention bytes of 7.4.1).

/// Reads bits from a borrowed buffer; runs out with `CodecBitReader.EndOfData`.
struct CodecBitReader {
    /// The bits ran out, or an Exp-Golomb code was longer than 32 bits.
    struct EndOfData: Error {}

    private let bytes: UnsafeRawBufferPointer
    private var index: Int
    private var current: UInt8 = 0
    private var bitsLeft = 0
    private let removesEmulationPrevention: Bool
    private var zeroRun = 0

    /// Reads `bytes` from `offset`; with `removesEmulationPrevention`, an 0x03
    /// after two zero bytes is skipped (H.264 NAL unit payloads).
    init(_ bytes: UnsafeRawBufferPointer, from offset: Int = 0, removesEmulationPrevention: Bool = false) {
        self.bytes = bytes
        self.index = offset
        self.removesEmulationPrevention = removesEmulationPrevention
    }

    private mutating func nextByte() throws(EndOfData) -> UInt8 {
        guard index < bytes.count else { throw EndOfData() }
        var byte = bytes[index]
        index += 1
        if removesEmulationPrevention && zeroRun >= 2 && byte == 0x03 {
            zeroRun = 0
            guard index < bytes.count else { throw EndOfData() }
            byte = bytes[index]
            index += 1
        }
        zeroRun = byte == 0 ? zeroRun + 1 : 0
        return byte
    }

    /// One bit.
    mutating func bit() throws(EndOfData) -> UInt32 {
        if bitsLeft == 0 {
            current = try nextByte()
            bitsLeft = 8
        }
        bitsLeft -= 1
        return UInt32((current >> UInt8(bitsLeft)) & 1)
    }

    /// One bit as a flag.
    mutating func flag() throws(EndOfData) -> Bool { try bit() == 1 }

    /// `count` bits (at most 32), first bit most significant.
    mutating func bits(_ count: Int) throws(EndOfData) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count { value = value << 1 | (try bit()) }
        return value
    }

    /// An unsigned Exp-Golomb code, ue(v).
    mutating func unsignedExpGolomb() throws(EndOfData) -> UInt32 {
        var leadingZeros = 0
        while try bit() == 0 {
            leadingZeros += 1
            if leadingZeros > 31 { throw EndOfData() }
        }
        guard leadingZeros > 0 else { return 0 }
        let suffix = try bits(leadingZeros)
        return UInt32((UInt64(1) << UInt64(leadingZeros)) - 1 + UInt64(suffix))
    }

    /// A signed Exp-Golomb code, se(v).
    mutating func signedExpGolomb() throws(EndOfData) -> Int64 {
        let code = Int64(try unsignedExpGolomb())
        return code & 1 == 1 ? (code + 1) / 2 : -(code / 2)
    }
}
