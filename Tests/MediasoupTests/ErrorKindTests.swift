import Mediasoup
import Testing

@Suite struct ErrorKindTests {
    @Test(arguments: ErrorKind.allCases)
    func kindSurvivesNameAndMessage(kind: ErrorKind) {
        let error = kind.make("missing codec.mimeType")
        #expect(error.kind == kind)
        #expect(error.message == "missing codec.mimeType")
        #expect(error.description == "\(kind.rawValue): missing codec.mimeType")
    }

    @Test func eachKindIsItsOwnType() {
        #expect(ErrorKind.typeError.make("x") is TypeError)
        #expect(ErrorKind.unsupportedError.make("x") is UnsupportedError)
        #expect(ErrorKind.invalidStateError.make("x") is InvalidStateError)
        #expect(ErrorKind.error.make("x") is MediasoupError)
    }

    @Test func namesAreMediasoups() {
        #expect(ErrorKind.allCases.map(\.rawValue) == ["Error", "TypeError", "UnsupportedError", "InvalidStateError"])
    }
}
