import Mediasoup

/// Port of mediasoup's `test-ortc.ts` (filled in below).
enum OrtcCases {
    static let suite = "test-ortc"
    static let all: [AcceptanceCase] = []
}
