// The fuzz entry of the DTLS endpoint. Any input must be dropped, refused by
// OpenSSL, or end the handshake; what the endpoint sends must frame as DTLS
// records within the MTU. A failed check here is a bug of ours, hence a trap.

import Mediasoup

/// Traps with `message` when `condition` is false: a fuzz finding.
@inline(__always)
func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String) {
    precondition(condition, "fuzz invariant broken: \(message())")
}

/// What every fuzz run shares: one identity (generating a key per input
/// would dominate the run) and a real ClientHello to bring a server mid-handshake.
struct DtlsFuzzFixtures: Sendable {
    let identity: DtlsIdentity
    let clientHello: [UInt8]

    static let shared: DtlsFuzzFixtures? = {
        guard let identity = try? DtlsIdentity.generateSelfSigned(),
            let client = try? DtlsEndpoint(
                identity: identity, role: .client, remoteFingerprint: identity.fingerprint(.sha256))
        else {
            return nil
        }
        client.start(now: 0)
        while let output = client.pollOutput() {
            if case .send(let datagram) = output { return DtlsFuzzFixtures(identity: identity, clientHello: datagram) }
        }
        return nil
    }()
}

extension DtlsEndpoint {
    /// Feeds `data` to an endpoint in handshake. The first byte picks it: a
    /// fresh server, a server that answered a real ClientHello (awaiting the
    /// client's second flight), or a client that sent its ClientHello. The
    /// rest goes in whole, then halved into two datagrams, then a timer
    /// expiry; every output is checked.
    package static func fuzz(_ data: UnsafeRawBufferPointer) {
        guard let fixtures = DtlsFuzzFixtures.shared, let selector = data.first else { return }
        let payload = UnsafeRawBufferPointer(rebasing: data.dropFirst())
        let role: DtlsEndpointRole = selector % 3 == 2 ? .client : .server
        guard
            let endpoint = try? DtlsEndpoint(
                identity: fixtures.identity, role: role, remoteFingerprint: fixtures.identity.fingerprint(.sha256))
        else {
            fuzzCheck(false, "an endpoint could not be made")
            return
        }
        endpoint.start(now: 0)
        endpoint.fuzzDrain()
        if selector % 3 == 1 {
            endpoint.receive(fixtures.clientHello, now: 1)
            endpoint.fuzzDrain()
            fuzzCheck(endpoint.state == .connecting, "a real ClientHello did not keep the server connecting")
        }
        endpoint.receive(payload, now: 2)
        endpoint.fuzzDrain()
        let half = payload.count / 2
        endpoint.receive(UnsafeRawBufferPointer(rebasing: payload[..<half]), now: 3)
        endpoint.fuzzDrain()
        endpoint.receive(UnsafeRawBufferPointer(rebasing: payload[half...]), now: 4)
        endpoint.fuzzDrain()
        endpoint.handleTimeout(now: 5_000)
        endpoint.fuzzDrain()
        endpoint.close()
        endpoint.fuzzDrain()
        fuzzCheck(endpoint.state == .closed || endpoint.state == .failed, "close() left \(endpoint.state)")
    }

    /// Takes every output, checking datagrams and states.
    func fuzzDrain() {
        while let output = pollOutput() {
            switch output {
            case .send(let datagram):
                fuzzCheck(!datagram.isEmpty, "an empty datagram")
                let framed = datagram.withUnsafeBytes { DtlsRecordFraming.isWellFormed($0) }
                fuzzCheck(framed, "a datagram that is not whole DTLS records")
                let single = datagram.withUnsafeBytes { DtlsRecordFraming.recordEnd(in: $0, at: 0) == datagram.count }
                fuzzCheck(datagram.count <= mtu || single, "a datagram of several records over the MTU")
            case .stateChanged(let state):
                fuzzCheck(state == self.state || self.state == .failed || self.state == .closed, "state out of order")
            case .connected, .applicationData:
                fuzzCheck(false, "connected with a fuzzed peer")
            }
        }
    }
}
