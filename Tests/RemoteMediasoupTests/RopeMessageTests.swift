import Mediasoup
import ROPE
import Testing

@Suite struct RopeMessageTests {
    @Test func requestRoundTrip() throws {
        let message = RopeMessage.request(id: 3, method: "Router.dump", params: ["target": "r1"])
        #expect(try RopeMessage(frame: Array(message.frame.utf8)) == message)
    }

    @Test func errorKindSurvivesTheWire() throws {
        let failure = RopeMessage.failure(
            id: 9, RopeErrorObject(id: 9, code: .procedureFailed, kind: .invalidStateError, message: "closed"))
        guard case .failure(let id, let error) = try RopeMessage(frame: Array(failure.frame.utf8)) else {
            Issue.record("not a failure")
            return
        }
        #expect(id == 9)
        #expect(error.contractError is InvalidStateError)
        #expect(error.message == "closed")
    }

    @Test func malformedFramesAreRefusedWithTheirCode() {
        #expect(throws: RopeErrorObject.self) { try RopeMessage(frame: Array("{nope".utf8)) }
        do {
            _ = try RopeMessage(frame: Array(#"{"id":1,"method":"x"}"#.utf8))
            Issue.record("accepted a message without jsonrpc")
        } catch {
            #expect(error.code == .invalidRequest)
        }
    }
}
