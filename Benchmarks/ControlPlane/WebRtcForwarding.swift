import DTLS
import Foundation
import Mediasoup
import MediasoupLocal

// `mafalda-bench forward --webrtc --srtp SUITE --fan-out N --sink-base-port P
// --source-port S`: the WebRtcTransport rows of scripts/bench. The worker gets
// a router, a WebRtcTransport producing the generator's stream and N
// WebRtcTransports consuming it. This program is every peer's ICE and DTLS
// side: from 127.0.0.1:S (the generator's source port) and from each sink
// port it sends a nominating Binding request and runs the DTLS client
// handshake offering only SUITE (HandshakeClient, WebRtcHandshake.swift),
// then closes that socket, so that the C generator and sinks bind the same
// ports and their tuples are the selected ones. The producer side's exported
// client key, printed as `srtp_key=HEX`, is what `generator gen --srtp-key`
// protects with; the sinks only count packets, so theirs are dropped.
//
// ICE consent: the transports are created with iceConsentTimeout 0 (no
// consent check), as mediasoup allows: the generator and the sinks send no
// STUN, and a run of any length must not lose its selected tuples.

/// Runs the WebRtcTransport forwarding set-up, then forwards until the end of input.
func runWebRtcForwardBenchmark(_ options: ForwardOptions) async throws {
    guard let suite = options.srtp else {
        throw HandshakeClient.Failure(description: "--webrtc needs --srtp aes-cm-80 or gcm-128")
    }
    let mediasoup = LocalMediasoup()
    let worker = try await mediasoup.createWorker(WorkerSettings(logLevel: WorkerLogLevel.none))
    let router = try await worker.createRouter(RouterOptions(mediaCodecs: [GeneratorStream.routerCodec]))
    let identity = try DtlsIdentity.generateSelfSigned()

    /// A WebRtcTransport whose DTLS-SRTP keys come from a handshake from `port`.
    func connectedTransport(from port: UInt16, receiveBufferSize: Int? = nil) async throws -> (
        any WebRtcTransport, DtlsSrtpKeys
    ) {
        let transport = try await router.createWebRtcTransport(
            WebRtcTransportOptions(
                listenInfos: [
                    TransportListenInfo(protocol: .udp, ip: options.listenIp, recvBufferSize: receiveBufferSize)
                ],
                iceConsentTimeout: 0))
        try await transport.connect(
            dtlsParameters: DtlsParameters(role: .client, fingerprints: [identity.fingerprint(.sha256)]))
        let result = try HandshakeClient.run(
            against: transport, identity: identity, localPort: port, srtpSuites: [suite])
        guard let keys = result.keys, keys.cryptoSuite == suite else {
            throw HandshakeClient.Failure(description: "the handshake from port \(port) negotiated '\(result.suite)'")
        }
        return (transport, keys)
    }

    // The producer's receive buffer is the C loop's, as for the PlainTransport rows.
    let (producerTransport, producerKeys) = try await connectedTransport(
        from: options.sourcePort, receiveBufferSize: ForwardOptions.receiveBufferSize)
    let producer = try await producerTransport.produce(GeneratorStream.producerOptions)
    var consumers: [any Consumer] = []
    for index in 0..<max(options.fanOut, 1) {
        let (transport, _) = try await connectedTransport(from: options.sinkPort(index))
        consumers.append(
            try await transport.consume(
                ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities)))
    }
    guard let port = producerTransport.iceCandidates.first?.port else {
        throw HandshakeClient.Failure(description: "the producer's transport has no candidate")
    }
    let key = producerKeys.localMasterKey.map { String(format: "%02x", $0) }.joined()
    try await forwardUntilEndOfInput(
        worker: worker, port: port, producer: producer, consumers: consumers, options: options,
        extra: " srtp_key=\(key)")
}
