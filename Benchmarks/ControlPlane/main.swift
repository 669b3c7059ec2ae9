// mafalda-bench: figures of the local engine, from one run.
//
//   swift run -c release mafalda-bench [--transports N] [--round-trips N]
//       Control plane (the default mode, ControlPlane.swift): createWorker
//       time; request round trip p50/p99 (worker.dump and router.dump);
//       creating and closing N WebRtcTransports with one producer and one
//       consumer each; worker memory per transport, per producer and per
//       consumer (resident set growth of the worker process over the count).
//
//   mafalda-bench forward --fan-out N --sink-base-port P [--srtp SUITE --srtp-key B64]
//       Media plane (Forwarding.swift), driven by scripts/bench: one worker
//       with a comedia PlainTransport producer and N PlainTransport consumers
//       sending to P .. P + N - 1; prints the producer's port and the worker's
//       pid, forwards until stdin closes or SIGINT/SIGTERM, then prints stats.
//       With --webrtc --srtp SUITE --source-port S (WebRtcForwarding.swift):
//       WebRtcTransports instead, keyed by DTLS handshakes this program runs
//       from S and from each sink port (then frees them), with `srtp_key=HEX`
//       (the producer side's key) on the `forward:` line. With --vertical
//       [--workers W] (VerticalForwarding.swift): the same set-up through a
//       MediasoupVertical spreading over W real workers (default 2), with
//       their pids and the real pipe count on the `forward:` line.
//
//   mafalda-bench remote [--round-trips N] [--requests N] [--in-flight N]
//       Remote control (RemoteRoundTrip.swift): request round trips p50/p99
//       and requests/s through the remote client (ROPE over WebSocket on
//       loopback) next to the local engine's, from one run.
//
//   mafalda-bench forward-memory --consumers N [--sink-base-port P]
//       Worker resident set growth for N PlainTransports and N consumers of
//       one video producer, per transport and per consumer.
//
//   mafalda-bench abuse [--short]
//       The abuse suite (Abuse.swift): a remote-mediasoup-server process under
//       floods, a slow reader, oversized input, bad tokens, quotas and a
//       killed worker; a table of figures and whether each row held.
//
//   mafalda-bench webrtc-handshake [--count N]
//       WebRTC setup (WebRtcHandshake.swift): first ICE check to DTLS
//       connected on loopback, p50/p99 over N WebRtcTransports (default 50).
//
//   mafalda-bench vertical-placement [--cores N] [--watermark PERCENT]
//       Vertical placement (VerticalPlacement.swift): a model host; cores
//       and pipe consumers of Mafalda's placement against the full mesh of
//       one router per worker per room, for the same rooms.
//
//   mafalda-bench horizontal [--round-trips N] [--requests N] [--in-flight N]
//       Horizontal figures (HorizontalCluster.swift): two server processes
//       in an etcd of the bench's own; router.dump() round trips and
//       requests/s straight, through MediasoupHorizontal and through a
//       `mafalda cluster` process; registration to first use; a SIGKILL to
//       the cluster's died.
//
//   mafalda-bench congestion [--iterations N]
//       Congestion control's CPU cost (CongestionCost.swift): per copy
//       remembered and per transport-cc feedback through the estimator, per
//       packet on the receive side, per consumer when the bitrate is shared out.
//
//   mafalda-bench json [--iterations N]
//       JSON cost (JSONCost.swift): parse, serialize, encode and decode a
//       ~3.5 KB transport dump, next to the Foundation route, p50 each.

import Foundation

var arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "forward":
    arguments.removeFirst()
    try await runForwardBenchmark(ForwardOptions(arguments))
case "remote":
    arguments.removeFirst()
    try await runRemoteBenchmark(arguments)
case "forward-memory":
    arguments.removeFirst()
    try await runForwardMemoryBenchmark(ForwardOptions(arguments))
case "abuse-flood":
    try await runAbuseFlooder(Array(arguments.dropFirst()))
case "abuse":
    try await runAbuseSuite(Array(arguments.dropFirst()))
case "webrtc-handshake":
    try await runWebRtcHandshakeBenchmark(Array(arguments.dropFirst()))
case "vertical-placement":
    runVerticalPlacementSimulation(Array(arguments.dropFirst()))
case "json":
    try await runJSONCostBenchmark(Array(arguments.dropFirst()))
case "horizontal":
    try await runHorizontalBenchmark(Array(arguments.dropFirst()))
case "congestion":
    runCongestionCostBenchmark(Array(arguments.dropFirst()))
default:
    try await runControlPlaneBenchmark(arguments)
}
