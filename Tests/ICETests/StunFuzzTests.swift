import Testing

@testable import ICE

/// The fuzz entry over the test vectors and deterministic mutations of them,
/// as a fuzzer would start.
@Suite("STUN fuzz entry")
struct StunFuzzTests {
    static let seeds: [[UInt8]] = [
        StunVectorTests.request, StunVectorTests.ipv4Response, StunVectorTests.ipv6Response,
        StunMessageTests.successResponse, StunMessageTests.unauthenticated,
        bindingRequest(useCandidate: true), bindingRequest(usernameFragment: "ufrag", password: "password"),
        bindingRequest(usernameFragment: "ufrag", password: "password", nomination: 3),
        [], [0x00, 0x01, 0x00, 0x00], Array(repeating: 0, count: 20),
    ]

    @Test func seedsRunThroughTheFuzzEntry() {
        for seed in Self.seeds { seed.withUnsafeBytes { StunMessage.fuzz($0) } }
    }

    /// A xorshift generator, so that every run sees the same inputs.
    struct Xorshift: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    @Test func mutationsRunThroughTheFuzzEntry() {
        var random = Xorshift(state: 0x9E37_79B9_7F4A_7C15)
        for _ in 0..<3000 {
            var input = Self.seeds[Int.random(in: 0..<Self.seeds.count, using: &random)]
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                switch Int.random(in: 0..<4, using: &random) {
                case 0 where !input.isEmpty:
                    input[Int.random(in: 0..<input.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
                case 1 where !input.isEmpty:
                    input.removeLast(Int.random(in: 1...min(8, input.count), using: &random))
                case 2:
                    input += (0..<4).map { _ in UInt8.random(in: 0...255, using: &random) }
                default:
                    // Keep the length field right so that attribute parsing is reached.
                    if input.count >= 20 {
                        let length = input.count - 20
                        input[2] = UInt8(truncatingIfNeeded: length >> 8)
                        input[3] = UInt8(truncatingIfNeeded: length)
                    }
                }
            }
            input.withUnsafeBytes { StunMessage.fuzz($0) }
        }
    }
}
