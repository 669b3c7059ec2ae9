import Mediasoup

/// Port of mediasoup's `test-node-sctp.ts`.
///
/// The original's remote side is node-sctp (`sctp.connect` over a Node UDP
/// socket, PMTU 1200, SCTP ports 5000/5000) talking to a PlainTransport in
/// comedia mode, so no `connect()` is needed. No SCTP-over-UDP peer exists in
/// Swift here, and the worker has no SCTP association yet, so the case builds
/// the original's fixture with its exact options, asserts what the original
/// relies on before the association, and fails where the association is
/// needed (``openSctpAssociation(remoteIp:remotePort:OS:MIS:)``).
///
/// Once a peer exists, the rest of the original is, in order:
/// 1. wait (3 s at most, else "SCTP connection timeout") for the association
///    to open;
/// 2. open the peer's outgoing SCTP stream 123 and
///    `plainTransport.produceData({sctpStreamParameters: {streamId: 123,
///    ordered: true}, label: 'node-sctp', protocol: 'foo & bar 😀😀😀'})`;
/// 3. `plainTransport.consumeData({dataProducerId})`, whose
///    `sctpStreamParameters.streamId` must be 0 (first data consumer);
/// 4. send messages "1"…"200" on stream 123, PPID 51 (WebRTC string) for ids
///    below 100 and PPID 53 (WebRTC binary) from 100 on;
/// 5. the peer sees exactly one incoming stream, with id 0, on which the 200
///    messages arrive in order (id = count received), PPID 51 below 100 and
///    53 above 100, and as many bytes as were sent;
/// 6. `dataProducer.getStats()` matches `[{type: 'data-producer', label,
///    protocol, messagesReceived: 200, bytesReceived: bytes sent}]` and
///    `dataConsumer.getStats()` matches `[{type: 'data-consumer', label,
///    protocol, messagesSent: 200, bytesSent: bytes received}]`.
enum NodeSctpCases {
    static let suite = "test-node-sctp"

    static let all: [AcceptanceCase] = [
        AcceptanceCase(
            suite, "ordered DataProducer delivers all SCTP messages to the DataConsumer",
            pending: "needs a real SCTP association in the worker (usrsctp): media-plane issue",
            timeLimit: .seconds(10)
        ) { context in
            // `beforeEach`.
            let worker = try await context.createWorker(WorkerSettings(disableLiburing: true))
            let router = try await worker.createRouter()
            let plainTransport = try await router.createPlainTransport(
                PlainTransportOptions(
                    // https://github.com/nodejs/node/issues/14900.
                    listenIp: TransportListenIp(ip: "127.0.0.1"),
                    // So we don't need to call plainTransport.connect().
                    comedia: true,
                    enableSctp: true,
                    numSctpStreams: NumSctpStreams(OS: 256, MIS: 256)))

            // The peer's UDP socket connects to the transport's local tuple and
            // its SCTP association takes the transport's OS and MIS
            // (`plainTransport.sctpParameters!`).
            let remoteUdpIp = plainTransport.tuple.localAddress
            let remoteUdpPort = plainTransport.tuple.localPort
            let sctpParameters = try expectNotNil(plainTransport.sctpParameters, "plainTransport.sctpParameters")

            try openSctpAssociation(
                remoteIp: remoteUdpIp, remotePort: remoteUdpPort, OS: sctpParameters.OS, MIS: sctpParameters.MIS)
        },
    ]

    /// Where the original opens its SCTP association (node-sctp over UDP,
    /// local and remote SCTP port 5000, PMTU 1200) to `remoteIp:remotePort`.
    /// No SCTP peer exists in Swift here: fails the case.
    static func openSctpAssociation(remoteIp: String, remotePort: UInt16, OS: Int, MIS: Int) throws {
        throw ExpectationFailure(
            message: "no SCTP peer available: cannot open an SCTP association over UDP to "
                + "\(remoteIp):\(remotePort) (OS \(OS), MIS \(MIS))",
            file: #fileID, line: #line)
    }
}
