import Testing

@testable import ICE

@Suite("ICE-lite agent: consent and restart")
struct IceConsentAndRestartTests {
    @Test func consentLapsesWithoutValidChecks() {
        var server = IceLiteServer.make(consentTimeout: 10)
        let peer = tuple(port: 50000)
        #expect(server.nextTimeout == nil)
        _ = server.receive(bindingRequest(useCandidate: true), from: peer, now: 1000)
        #expect(server.nextTimeout == 11000)

        // A check at 9 s pushes the deadline; the timer firing early does nothing.
        _ = server.receive(bindingRequest(), from: peer, now: 9000)
        #expect(server.nextTimeout == 19000)
        server.handleTimeout(now: 11000)
        #expect(server.drain().isEmpty && server.state == .completed)

        // A failed check does not refresh consent.
        _ = server.receive(bindingRequest(password: "wrong"), from: peer, now: 15000)
        #expect(server.nextTimeout == 19000)

        server.handleTimeout(now: 19000)
        #expect(server.drain() == [.tupleRemoved(peer), .stateChanged(.disconnected)])
        #expect(server.state == .disconnected)
        #expect(server.selectedTuple == nil && server.tuples.isEmpty && server.nextTimeout == nil)

        // A new check reconnects.
        let outputs = server.receive(bindingRequest(), from: peer, now: 20000)
        #expect(events(outputs) == [.tupleAdded(peer), .selectedTupleChanged(peer), .stateChanged(.connected)])
        #expect(server.nextTimeout == 30000)
    }

    @Test func aZeroTimeoutTurnsConsentOffAndOthersAreClamped() {
        var server = IceLiteServer.make(consentTimeout: 0)
        _ = server.receive(bindingRequest(useCandidate: true), from: tuple(port: 1), now: 0)
        #expect(server.nextTimeout == nil)
        server.handleTimeout(now: 1_000_000)
        #expect(server.state == .completed)
        #expect(IceLiteServer.make(consentTimeout: 3).consentTimeout == 10)
        #expect(IceLiteServer.make(consentTimeout: 600).consentTimeout == 60)
        #expect(IceLiteServer.make(consentTimeout: 30).consentTimeout == 30)
    }

    @Test func restartKeepsTheOldCredentialsUntilTheNewOnesAreUsed() throws {
        var server = IceLiteServer.make(consentTimeout: 10)
        let peer = tuple(port: 50000)
        _ = server.receive(bindingRequest(useCandidate: true), from: peer, now: 0)
        server.restartIce(usernameFragment: "newufrag", password: "newpassword", now: 4000)
        #expect(server.drain().isEmpty)
        #expect(server.usernameFragment == "newufrag" && server.oldUsernameFragment == TestCredentials.usernameFragment)
        #expect(server.nextTimeout == 14000)

        // The old credentials still pass, answered with the old password.
        let old = responses(server.receive(bindingRequest(), from: peer, now: 5000))
        try #require(old.count == 1)
        #expect(old[0].fields.type.messageClass == .successResponse)
        old[0].bytes.withUnsafeBytes { raw in
            #expect(old[0].fields.verifyMessageIntegrity(key: Array(TestCredentials.password.utf8), in: raw))
        }

        // The first check with the new ones retires the old fragment.
        let outputs = server.receive(
            bindingRequest(usernameFragment: "newufrag", password: "newpassword"), from: peer, now: 6000)
        #expect(events(outputs) == [.usernameFragmentRemoved(TestCredentials.usernameFragment)])
        let new = responses(outputs)
        try #require(new.count == 1)
        new[0].bytes.withUnsafeBytes { raw in
            #expect(new[0].fields.verifyMessageIntegrity(key: Array("newpassword".utf8), in: raw))
        }
        #expect(server.oldUsernameFragment == nil)

        // From then on the old ones are refused.
        let refused = responses(server.receive(bindingRequest(), from: peer, now: 7000))
        #expect(refused.map(\.fields.errorCode) == [401])
        #expect(server.state == .completed)
    }

    @Test func restartingTwiceRetiresTheFirstFragment() {
        var server = IceLiteServer.make()
        server.restartIce(usernameFragment: "second", password: "password2", now: 0)
        server.restartIce(usernameFragment: "third", password: "password3", now: 0)
        #expect(server.drain() == [.usernameFragmentRemoved(TestCredentials.usernameFragment)])
        #expect(server.oldUsernameFragment == "second")
        let refused = responses(server.receive(bindingRequest(), from: tuple(port: 1)))
        #expect(refused.map(\.fields.errorCode) == [401])
        let accepted = server.receive(
            bindingRequest(usernameFragment: "second", password: "password2"), from: tuple(port: 1))
        #expect(responses(accepted).map(\.fields.type.messageClass) == [.successResponse])
    }

    @Test func restartResetsTheNomination() {
        var server = IceLiteServer.make()
        let first = tuple(port: 1)
        let second = tuple(port: 2)
        _ = server.receive(bindingRequest(nomination: 9), from: first)
        server.restartIce(usernameFragment: "newufrag", password: "newpassword", now: 0)
        let outputs = server.receive(
            bindingRequest(usernameFragment: "newufrag", password: "newpassword", nomination: 1), from: second)
        #expect(events(outputs).contains(.selectedTupleChanged(second)))
    }
}
