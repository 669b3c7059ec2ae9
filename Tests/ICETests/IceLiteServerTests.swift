import Testing

@testable import ICE

@Suite("ICE-lite agent: checks and states")
struct IceLiteServerTests {
    @Test func aValidCheckGetsAnAuthenticatedSuccessResponse() throws {
        var server = IceLiteServer.make()
        let peer = tuple(port: 50000)
        let request = bindingRequest(transactionID: StunTransactionID(high: 0xAABB_CCDD, low: 99))
        let outputs = server.receive(request, from: peer)

        let sent = responses(outputs)
        try #require(sent.count == 1)
        let (response, bytes, destination) = sent[0]
        #expect(destination == peer)
        #expect(response.type == StunMessageType(.successResponse, .binding))
        #expect(response.transactionID == StunTransactionID(high: 0xAABB_CCDD, low: 99))
        #expect(response.xorMappedAddress == peer.remote)
        #expect(response.hasFingerprint)
        bytes.withUnsafeBytes { raw in
            #expect(response.verifyMessageIntegrity(key: Array(TestCredentials.password.utf8), in: raw))
            #expect(!response.verifyMessageIntegrity(key: Array("another".utf8), in: raw))
        }
    }

    @Test func anIPv6SourceIsMappedBack() throws {
        var server = IceLiteServer.make()
        let peer = tuple(port: 6000, ipv6: true)
        let sent = responses(server.receive(bindingRequest(), from: peer))
        #expect(sent.first?.fields.xorMappedAddress == peer.remote)
        #expect(sent.first?.bytes.count == 20 + 24 + 24 + 8)
    }

    @Test func withoutUseCandidateICEIsConnectedNotCompleted() {
        var server = IceLiteServer.make()
        let peer = tuple(port: 50000)
        let outputs = server.receive(bindingRequest(), from: peer)
        #expect(events(outputs) == [.tupleAdded(peer), .selectedTupleChanged(peer), .stateChanged(.connected)])
        #expect(server.state == .connected)
        #expect(server.selectedTuple == peer)
        #expect(server.isValidTuple(peer))

        // Repeated checks without nomination change nothing.
        #expect(events(server.receive(bindingRequest(), from: peer, now: 500)).isEmpty)

        // Then the nomination (aiortc's regular nomination) completes.
        let nominated = server.receive(bindingRequest(useCandidate: true), from: peer, now: 1000)
        #expect(events(nominated) == [.stateChanged(.completed)])
        #expect(server.state == .completed)
    }

    /// As the acceptance case "WebRtcTransport reaches ICE completed with a
    /// real STUN peer" sends it: USE-CANDIDATE in the first check.
    @Test func aNominatingFirstCheckCompletesAtOnce() {
        var server = IceLiteServer.make()
        let peer = tuple(port: 50000)
        let outputs = server.receive(bindingRequest(useCandidate: true), from: peer)
        #expect(responses(outputs).count == 1)
        #expect(events(outputs) == [.tupleAdded(peer), .selectedTupleChanged(peer), .stateChanged(.completed)])
        #expect(server.state == .completed && server.selectedTuple == peer)
    }

    @Test func aNominationOnAnotherTupleMovesTheSelection() {
        var server = IceLiteServer.make()
        let first = tuple(port: 50000)
        let second = tuple(port: 50001)
        _ = server.receive(bindingRequest(useCandidate: true), from: first)
        #expect(events(server.receive(bindingRequest(), from: second)) == [.tupleAdded(second)])
        #expect(server.selectedTuple == first)
        let nominated = server.receive(bindingRequest(useCandidate: true), from: second)
        #expect(events(nominated) == [.selectedTupleChanged(second)])
        #expect(server.tuples == [second, first])
    }

    @Test func renominationNeedsAGreaterValue() {
        var server = IceLiteServer.make()
        let first = tuple(port: 50000)
        let second = tuple(port: 50001)
        _ = server.receive(bindingRequest(nomination: 5), from: first)
        #expect(server.state == .completed)
        // A nomination not above 5 only adds the tuple.
        #expect(events(server.receive(bindingRequest(nomination: 5), from: second)) == [.tupleAdded(second)])
        #expect(server.selectedTuple == first)
        #expect(events(server.receive(bindingRequest(nomination: 6), from: second)) == [.selectedTupleChanged(second)])
    }

    @Test func aWrongPasswordGets401() throws {
        var server = IceLiteServer.make()
        let outputs = server.receive(bindingRequest(password: "wrongpassword"), from: tuple(port: 50000))
        let sent = responses(outputs)
        try #require(sent.count == 1)
        #expect(sent[0].fields.type == StunMessageType(.errorResponse, .binding))
        #expect(sent[0].fields.errorCode == 401)
        #expect(sent[0].fields.messageIntegrityOffset == nil && sent[0].fields.hasFingerprint)
        #expect(events(outputs).isEmpty)
        #expect(server.state == .new && server.tuples.isEmpty)
    }

    @Test func aWrongUsernameFragmentGets401() {
        var server = IceLiteServer.make()
        let sent = responses(server.receive(bindingRequest(usernameFragment: "localufra"), from: tuple(port: 1)))
        #expect(sent.map(\.fields.errorCode) == [401])
    }

    @Test func malformedChecksGet400() {
        let peer = tuple(port: 50000)
        let requests = [
            bindingRequest(password: nil),  // no MESSAGE-INTEGRITY
            bindingRequest(priority: nil),  // no PRIORITY
            bindingRequest(priority: 0),  // PRIORITY 0, as mediasoup
            bindingRequest(fingerprint: false),  // no FINGERPRINT
            bindingRequest(method: StunMethod(rawValue: 0x003)),  // not Binding
        ]
        for request in requests {
            var server = IceLiteServer.make()
            let outputs = server.receive(request, from: peer)
            #expect(responses(outputs).map(\.fields.errorCode) == [400])
            #expect(events(outputs).isEmpty && server.state == .new)
        }
    }

    @Test func aControlledPeerGets487() {
        var server = IceLiteServer.make()
        let outputs = server.receive(bindingRequest(controlled: true), from: tuple(port: 50000))
        #expect(responses(outputs).map(\.fields.errorCode) == [487])
        #expect(server.state == .new)
    }

    /// RFC 5769's sample request authenticates (USERNAME "evtj:h6vY", its
    /// password) but comes from a controlled agent.
    @Test func theRFC5769SampleRequestIsARoleConflict() {
        var server = IceLiteServer(usernameFragment: "evtj", password: "VOkJxbRl1RmTxUk/WvJxBt")
        let sent = responses(server.receive(StunVectorTests.request, from: tuple(port: 32853)))
        #expect(sent.map(\.fields.errorCode) == [487])
        #expect(sent.first?.fields.transactionID == StunVectorTests.transactionID)
    }

    @Test func indicationsResponsesAndGarbageAreNotAnswered() {
        var server = IceLiteServer.make()
        let peer = tuple(port: 50000)
        #expect(server.receive(bindingRequest(messageClass: .indication), from: peer).isEmpty)
        #expect(server.receive(StunVectorTests.ipv4Response, from: peer).isEmpty)
        var corrupted = bindingRequest()
        corrupted[30] ^= 0xFF
        #expect(server.receive(corrupted, from: peer).isEmpty)
        let accepted = [0x80, 0x60, 0, 1].withUnsafeBytes { server.handleStun($0, from: peer, now: 0) }
        #expect(!accepted)
        #expect(server.state == .new)
    }

    @Test func tuplesBeyondEightForgetTheOldestUnselected() {
        var server = IceLiteServer.make()
        let selected = tuple(port: 1)
        _ = server.receive(bindingRequest(useCandidate: true), from: selected)
        for port: UInt16 in 2...8 { _ = server.receive(bindingRequest(), from: tuple(port: port)) }
        #expect(server.tuples.count == 8)
        let outputs = server.receive(bindingRequest(), from: tuple(port: 9))
        #expect(events(outputs) == [.tupleAdded(tuple(port: 9)), .tupleRemoved(tuple(port: 2))])
        #expect(server.tuples.count == 8 && server.isValidTuple(selected))
    }

    @Test func removingTheSelectedTupleFallsBackOrDisconnects() {
        var server = IceLiteServer.make()
        let first = tuple(port: 1)
        let second = tuple(port: 2)
        _ = server.receive(bindingRequest(useCandidate: true), from: first)
        _ = server.receive(bindingRequest(), from: second)
        server.removeTuple(first, now: 100)
        #expect(server.drain() == [.tupleRemoved(first), .selectedTupleChanged(second)])
        #expect(server.state == .completed)
        server.removeTuple(second, now: 200)
        #expect(server.drain() == [.tupleRemoved(second), .stateChanged(.disconnected)])
        #expect(server.selectedTuple == nil && server.nextTimeout == nil)
    }

    @Test func forcingTheSelectionNeedsAValidTuple() {
        var server = IceLiteServer.make()
        let first = tuple(port: 1)
        let second = tuple(port: 2)
        server.forceSelectedTuple(first)
        #expect(server.drain().isEmpty)
        _ = server.receive(bindingRequest(), from: first)
        _ = server.receive(bindingRequest(), from: second)
        server.forceSelectedTuple(tuple(port: 3))
        #expect(server.drain().isEmpty)
        server.forceSelectedTuple(second)
        #expect(server.drain() == [.selectedTupleChanged(second)])
    }
}
