import Testing

@testable import RTP

/// The stream cores' fuzz entry on deterministic pseudo-random runs: random
/// bytes, and streams that are mostly in order with gaps, reordering, RTX and
/// jumps (the shapes that reach the NACK list's overflow and ring paths).
@Suite("Stream cores fuzz entry")
struct StreamCoresFuzzTests {
    /// xorshift64*, seeded: the same runs every time.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
    }

    @Test(arguments: 1...40)
    func randomBytes(seed: UInt64) {
        var random = Generator(state: seed &* 0x9E37_79B9_7F4A_7C15 | 1)
        let bytes = (0..<Int.random(in: 0...2048, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        bytes.withUnsafeBytes { NackGenerator.fuzz($0) }
    }

    @Test(arguments: 1...40)
    func lossyStreams(seed: UInt64) {
        var random = Generator(state: seed &* 0xD1B5_4A32_D192_ED03 | 1)
        var bytes = [UInt8]()
        var sequenceNumber = UInt16.random(in: 0...UInt16.max, using: &random)
        for _ in 0..<3000 {
            switch UInt8.random(in: 0..<100, using: &random) {
            case 0..<80: sequenceNumber &+= 1
            case 80..<90: sequenceNumber &+= UInt16.random(in: 2...40, using: &random)
            case 90..<97: sequenceNumber &-= UInt16.random(in: 1...30, using: &random)
            case 97..<99: sequenceNumber &+= UInt16.random(in: 41...5000, using: &random)
            default: sequenceNumber &+= UInt16.random(in: 0...UInt16.max, using: &random)
            }
            bytes += [UInt8(sequenceNumber >> 8), UInt8(sequenceNumber & 0xFF)]
            bytes.append(UInt8.random(in: 0...255, using: &random))
            bytes.append(UInt8.random(in: 0...30, using: &random))
        }
        bytes.withUnsafeBytes { NackGenerator.fuzz($0) }
    }

    @Test func rtxVectors() {
        // An RTX packet, an empty one, a truncated header.
        for vector in [RetransmissionBufferTests.rtx, hex("80 61 00 01 00 00 00 00 55 66 77 88 00"), hex("90 61 00")] {
            vector.withUnsafeBytes { NackGenerator.fuzz($0) }
        }
    }
}
