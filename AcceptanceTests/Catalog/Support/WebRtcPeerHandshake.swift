#if canImport(Glibc)
import Glibc
#endif
import DTLS
import ICE
import Mediasoup

/// A peer's way to a transport for ``WebRtcPeerHandshake``: a connected UDP
/// socket (``PeerUdpSocket``) or an ICE-TCP connection carrying RFC 4571
/// frames (``PeerTcpConnection``). Blocking calls with timeouts.
public protocol PeerPacketLink: AnyObject {
    /// Sends one packet (a datagram, or a frame).
    func send(_ bytes: [UInt8])
    /// The next packet, or nil when none arrives within `timeoutMilliseconds`.
    func receive(timeoutMilliseconds: Int32) -> [UInt8]?
}

/// What a browser does to a WebRtcTransport before media: one nominating
/// ICE check (a Binding request with USE-CANDIDATE, as the controlling
/// agent), then, once answered, the DTLS handshake as the client (the
/// transport was told the remote role is `client`, so the worker is the
/// DTLS server). Used by the cases over TCP and by `mafalda-bench` over UDP.
public enum WebRtcPeerHandshake {
    /// A completed handshake.
    public struct Result: Sendable {
        /// From the ICE check sent to DTLS connected.
        public let milliseconds: Double
        /// The DTLS-SRTP keys (the local one protects what the peer sends).
        public let keys: DtlsSrtpKeys?
    }

    /// Why a handshake did not complete.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Runs the ICE check and the DTLS client handshake over `link` against
    /// `transport` (already given `identity`'s fingerprint with role
    /// `client` by connect()), offering `srtpSuites`, for 5 s at most.
    ///
    /// - Throws: ``Failure`` when ICE or DTLS does not complete; DTLS errors.
    public static func run(
        against transport: any WebRtcTransport, identity: DtlsIdentity, over link: some PeerPacketLink,
        srtpSuites: [SrtpCryptoSuite] = SrtpCryptoSuite.dtlsSrtpPreference
    ) throws -> Result {
        guard let remoteFingerprint = transport.dtlsParameters.fingerprints.first(where: { $0.algorithm == .sha256 })
        else {
            throw Failure(description: "the transport has no sha-256 fingerprint")
        }
        let clock = ContinuousClock()
        let start = clock.now
        var generator = SystemRandomNumberGenerator()
        let check = StunMessage(
            type: StunMessageType(.request), transactionID: .random(using: &generator),
            attributes: [
                .username("\(transport.iceParameters.usernameFragment):peer"), .priority(1_853_824_767),
                .iceControlling(UInt64.random(in: 0...UInt64.max, using: &generator)), .useCandidate,
            ],
            messageIntegrity: .key(Array(transport.iceParameters.password.utf8)))
        link.send(check.bytes)
        let dtls = try DtlsEndpoint(
            identity: identity, role: .client, remoteFingerprint: remoteFingerprint, srtpSuites: srtpSuites)
        var answered = false
        var keys: DtlsSrtpKeys?
        func elapsedMilliseconds() -> Double {
            let elapsed = clock.now - start
            return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        }
        func now() -> UInt64 { UInt64(elapsedMilliseconds()) }
        while clock.now - start < .seconds(5) {
            while let output = dtls.pollOutput() {
                switch output {
                case .send(let datagram): link.send(datagram)
                case .connected(let exported): keys = exported
                case .stateChanged(.connected): return Result(milliseconds: elapsedMilliseconds(), keys: keys)
                case .stateChanged(.failed), .stateChanged(.closed):
                    throw Failure(description: "DTLS ended: \(dtls.endReason.map { "\($0)" } ?? "?")")
                default: break
                }
            }
            let timeout = dtls.nextTimeout.map { $0 > now() ? Int32(clamping: $0 - now()) : 0 } ?? 50
            guard let packet = link.receive(timeoutMilliseconds: min(timeout, 50)) else {
                dtls.handleTimeout(now: now())
                continue
            }
            if packet.first.map({ $0 < 4 }) == true {
                // The Binding success response: ICE is completed, the worker runs DTLS as the server.
                if !answered {
                    answered = true
                    dtls.start(now: now())
                }
            } else {
                dtls.receive(packet, now: now())
            }
        }
        throw Failure(description: answered ? "no DTLS connection within 5 s" : "no ICE answer within 5 s")
    }
}
