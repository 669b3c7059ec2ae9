// swift-tools-version:6.1
//
// Mafalda SFU for Swift: a selective forwarding unit with mediasoup's API that
// scales one room over every core of a host and over many hosts.
//
// Layers (each depends only on those above it in this list):
//   MafaldaFoundation    JSON (values, parser, coding), the event emitter, the
//                        error kinds, call-order helpers. No I/O.
//   Mediasoup            the contract: value types with mediasoup's JSON, ORTC,
//                        supported capabilities, API protocols. No I/O.
//   C* system libraries  libsrtp2, OpenSSL, libpcap; COpenSSLShims for OpenSSL
//                        macros, CSystemShims for pipe2, spawn and mmsg,
//                        CSRTPCrypto for SRTP's allocation-free HMAC-SHA1.
//   RTP, SRTP, ICE, Pcap sans-I/O protocol cores (bytes in, bytes out).
//   CongestionControl    the send side's bandwidth estimate from transport-cc feedback
//                        (GoogCC's delay- and loss-based halves), sans-I/O.
//   DTLS                 a sans-I/O DTLS 1.2 endpoint for DTLS-SRTP on OpenSSL
//                        (memory BIOs; identity, handshake, keys, app data).
//   MediaEngine          the worker's media logic as sans-I/O state machines:
//                        layer selection, rewriting, keyframe requests, scores,
//                        receive streams, speaker and audio-level rules.
//   MediasoupChannel     the control channel between library and worker process.
//   mediasoup-worker     the worker process: one event loop, sockets, routing.
//   MediasoupLocal       the local engine's library side (implements the contract).
//   ROPEWire             JSON-RPC 2.0 messages (no networking).
//   ROPE                 Remote Objects, Procedures and Events: JSON-RPC 2.0 over
//                        WebSocket (token and JWTs, TLS, limits, reconnection).
//   RemoteMediasoup*     the contract over ROPE: wire vocabulary, server, client,
//                        and the client mock over the local engine.
//   MediasoupGetStats    host, worker and process figures for a manager.
//   MediasoupHorizontal  many servers as one mediasoup (Mafalda's horizontal).
//   ClusterMembership    servers register in etcd (its JSON gateway); a cluster follows them.
//   MafaldaServe         what the server commands share: flags, engines, serving, registration,
//                        /metrics and /health, logs (swift-log), shutdown (swift-service-lifecycle).
//   mafalda              the command: server, proxy, cluster and their vertical forms.
//   MafaldaDemo          the demo room: a page of our own (an ES module that turns
//                        mediasoup's parameters into SDP), its HTTP signalling,
//                        on any implementation; `mafalda-demo` runs it locally.
//   AcceptanceSuite      the one acceptance suite: a catalog of named cases that
//                        depend only on the contract.
//   AcceptanceTargets    the registry of implementation targets the suite runs on.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "MafaldaSFU",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Mediasoup", targets: ["Mediasoup"]),
        .library(name: "MediasoupLocal", targets: ["MediasoupLocal"]),
        .library(name: "MediasoupGetStats", targets: ["MediasoupGetStats"]),
        .library(name: "MediasoupVertical", targets: ["MediasoupVertical"]),
        .library(name: "MediasoupHorizontal", targets: ["MediasoupHorizontal"]),
        .library(name: "ClusterMembership", targets: ["ClusterMembership"]),
        .library(name: "ROPE", targets: ["ROPE"]),
        .library(name: "RemoteMediasoupProtocol", targets: ["RemoteMediasoupProtocol"]),
        .library(name: "RemoteMediasoupServer", targets: ["RemoteMediasoupServer"]),
        .library(name: "RemoteMediasoupClient", targets: ["RemoteMediasoupClient"]),
        .library(name: "RemoteMediasoupClientMock", targets: ["RemoteMediasoupClientMock"]),
        .library(name: "RTP", targets: ["RTP"]),
        .library(name: "Pcap", targets: ["Pcap"]),
        .library(name: "AcceptanceSuite", targets: ["AcceptanceSuite"]),
        .executable(name: "mafalda-conformance", targets: ["mafalda-conformance"]),
        .executable(name: "mediasoup-worker", targets: ["mediasoup-worker"]),
        .executable(name: "remote-mediasoup-server", targets: ["remote-mediasoup-server"]),
        .executable(name: "mafalda", targets: ["mafalda"]),
        .executable(name: "mafalda-demo", targets: ["mafalda-demo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/websocket-kit", from: "2.16.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // `swift package generate-documentation` (scripts/docs); a plugin, linked into nothing.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: The contract (pure Swift, no I/O)
        .target(name: "MafaldaFoundation", swiftSettings: swiftSettings),
        .target(name: "Mediasoup", dependencies: ["MafaldaFoundation"], swiftSettings: swiftSettings),

        // MARK: Sans-I/O protocol cores (bytes in, bytes out; no sockets, no clocks of their own)
        .target(name: "RTP", swiftSettings: swiftSettings),
        // SRTP: RFC 3711 / RFC 7714 transforms of our own on OpenSSL's EVP (no libsrtp).
        .target(name: "SRTP", dependencies: ["COpenSSL", "CSRTPCrypto"], swiftSettings: swiftSettings),
        // libsrtp2 behind SRTPSession's API: the reference of the SRTP tests and micro-benchmark only.
        .target(name: "SRTPReference", dependencies: ["SRTP", "CSRTP"], swiftSettings: swiftSettings),
        .target(name: "Pcap", dependencies: ["CPcap", "RTP"], swiftSettings: swiftSettings),
        .target(name: "ICE", dependencies: ["RTP", "MafaldaFoundation", "COpenSSL"], swiftSettings: swiftSettings),
        .target(name: "DTLS", dependencies: ["Mediasoup", "COpenSSL", "COpenSSLShims"], swiftSettings: swiftSettings),
        .target(name: "SCTP", dependencies: ["Mediasoup", "CUsrsctpShims"], swiftSettings: swiftSettings),

        // MARK: System libraries and C shims
        .systemLibrary(name: "CSRTP", pkgConfig: "libsrtp2", providers: [.apt(["libsrtp2-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CPcap", providers: [.apt(["libpcap-dev"])]),
        .target(name: "COpenSSLShims", dependencies: ["COpenSSL"]),
        .target(name: "CSRTPCrypto", dependencies: ["COpenSSL"]),
        .target(name: "CSystemShims"),
        // usrsctp (libusrsctp-dev, a static library) behind a small C API.
        .target(
            name: "CUsrsctpShims", cSettings: [.define("INET"), .define("INET6")],
            linkerSettings: [.linkedLibrary("usrsctp")]),

        // MARK: The media engine: the worker's media logic as sans-I/O state machines (time is an input)
        .target(name: "MediaEngine", dependencies: ["Mediasoup", "RTP"], swiftSettings: swiftSettings),

        // MARK: The local engine: the control channel, the worker process, the library side
        .target(name: "MediasoupChannel", dependencies: ["Mediasoup"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "mediasoup-worker",
            dependencies: [
                "Mediasoup", "MediasoupChannel", "MediaEngine", "DTLS", "ICE", "SCTP", "COpenSSL", "CSystemShims", "RTP",
                "SRTP", "CongestionControl",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // MediasoupLocal spawns the worker executable: depending on it makes SwiftPM build the
        // worker beside any program that links the local engine (it is not linked in).
        .target(
            name: "MediasoupLocal", dependencies: ["Mediasoup", "MediasoupChannel", "CSystemShims", "mediasoup-worker"],
            swiftSettings: swiftSettings
        ),

        // MARK: Remote control: ROPE, the remote server and client, the mock, getStats
        // ROPEWire: JSON-RPC 2.0 messages, no networking (fuzzers and tools parse them).
        .target(name: "ROPEWire", dependencies: ["MafaldaFoundation"], swiftSettings: swiftSettings),
        .target(
            name: "ROPE",
            dependencies: [
                "MafaldaFoundation", "ROPEWire",
                .product(name: "WebSocketKit", package: "websocket-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "RemoteMediasoupProtocol", dependencies: ["Mediasoup"], swiftSettings: swiftSettings),
        .target(
            name: "RemoteMediasoupServer", dependencies: ["Mediasoup", "ROPE", "RemoteMediasoupProtocol"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RemoteMediasoupClient", dependencies: ["Mediasoup", "ROPE", "RemoteMediasoupProtocol"],
            swiftSettings: swiftSettings
        ),
        .target(name: "MediasoupGetStats", dependencies: ["Mediasoup"], swiftSettings: swiftSettings),
        .target(name: "CongestionControl", dependencies: ["RTP"], swiftSettings: swiftSettings),
        .target(name: "MediasoupVertical", dependencies: ["Mediasoup"], swiftSettings: swiftSettings),
        .target(name: "MediasoupHorizontal", dependencies: ["Mediasoup"], swiftSettings: swiftSettings),
        .target(
            name: "ClusterMembership",
            dependencies: ["Mediasoup", "MediasoupHorizontal", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),
        .target(
            name: "RemoteMediasoupClientMock",
            dependencies: ["Mediasoup", "MediasoupLocal", "MediasoupGetStats", "RemoteMediasoupProtocol"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MafaldaServe",
            dependencies: [
                "Mediasoup", "MediasoupLocal", "MediasoupGetStats", "MediasoupVertical", "MediasoupHorizontal",
                "ClusterMembership", "ROPE", "RemoteMediasoupServer", "RemoteMediasoupClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "remote-mediasoup-server",
            dependencies: ["MafaldaServe", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "mafalda",
            dependencies: ["MafaldaServe", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),

        // MARK: The demo: a video room in the browser (the page, its signalling; the local engine)
        .target(
            name: "MafaldaDemo",
            dependencies: [
                "Mediasoup",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Resources/web")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "mafalda-demo",
            dependencies: [
                "MafaldaDemo", "Mediasoup", "MediasoupLocal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: The acceptance suite, its targets and its two runners
        .target(
            name: "AcceptanceSuite",
            dependencies: [
                "Mediasoup", "RTP", "SRTP", "Pcap", "SCTP",
                "ICE", "DTLS",  // the ICE-TCP peer's STUN check and DTLS client (WebRtcPeerHandshake)
                "MafaldaDemo",  // the browser cases serve the demo page to Chromium
                "CongestionControl",  // the shaped link's endpoint sends transport-cc feedback
                .product(name: "WebSocketKit", package: "websocket-kit"),  // the DevTools protocol
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "AcceptanceTests/Catalog",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AcceptanceTargets",
            dependencies: [
                "Mediasoup", "MediasoupLocal", "AcceptanceSuite", "ROPE", "RemoteMediasoupServer",
                "RemoteMediasoupClient", "RemoteMediasoupClientMock", "MediasoupGetStats", "MediasoupVertical",
                "MediasoupHorizontal", "ClusterMembership",
                "remote-mediasoup-server",  // built beside the runner, for the `remote` target's server process
            ],
            path: "AcceptanceTests/Targets",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AcceptanceTests",
            dependencies: ["AcceptanceSuite", "AcceptanceTargets", "ROPE", "RemoteMediasoupClient", "mediasoup-worker", "remote-mediasoup-server"],
            path: "AcceptanceTests/Runner",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "mafalda-conformance",
            dependencies: [
                "AcceptanceSuite", "AcceptanceTargets",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Conformance/Runner",
            swiftSettings: swiftSettings
        ),

        // MARK: Benchmarks (figures, never timed assertions)
        .executableTarget(
            name: "mafalda-bench",
            dependencies: [
                "Mediasoup", "MediasoupLocal", "ROPE", "RemoteMediasoupServer", "RemoteMediasoupClient", "ICE", "DTLS",
                "MediasoupVertical", "MediasoupGetStats", "AcceptanceTargets",  // its server process, for the abuse suite
                "AcceptanceSuite",  // WebRtcPeerHandshake: the bench's ICE and DTLS peer
                "MediasoupHorizontal", "ClusterMembership", "mafalda",  // the horizontal figures
                "CongestionControl",  // the congestion-control costs
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            path: "Benchmarks/ControlPlane",
            swiftSettings: swiftSettings
        ),
        // srtp-bench: ns per protect and unprotect, libsrtp2 against the SRTP module (scripts/bench).
        .executableTarget(
            name: "srtp-bench", dependencies: ["SRTP", "SRTPReference"], path: "Benchmarks/SRTPMicro",
            swiftSettings: swiftSettings
        ),

        // MARK: Unit tests
        .testTarget(name: "MediasoupTests", dependencies: ["MafaldaFoundation", "Mediasoup"], swiftSettings: swiftSettings),
        .testTarget(name: "RTPTests", dependencies: ["RTP", "MafaldaFoundation", "Mediasoup", "ROPEWire"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "rtp-fuzzer",
            dependencies: ["RTP", "ICE", "DTLS", "SCTP", "SRTP", "Pcap", "MafaldaFoundation", "ROPEWire"],
            path: "Fuzz/RTPFuzzer"),
        .testTarget(name: "SRTPTests", dependencies: ["SRTP", "SRTPReference"], swiftSettings: swiftSettings),
        .testTarget(name: "MediaEngineTests", dependencies: ["MediaEngine", "Mediasoup", "RTP"], swiftSettings: swiftSettings),
        .testTarget(name: "PcapTests", dependencies: ["Pcap", "RTP"], resources: [], swiftSettings: swiftSettings),
        .testTarget(name: "ICETests", dependencies: ["ICE", "RTP"], swiftSettings: swiftSettings),
        .testTarget(name: "DTLSTests", dependencies: ["DTLS", "Mediasoup"], swiftSettings: swiftSettings),
        .testTarget(name: "SCTPTests", dependencies: ["SCTP", "Mediasoup"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MafaldaDemoTests", dependencies: ["MafaldaDemo", "Mediasoup", "MediasoupLocal", "mediasoup-worker"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VerticalTests",
            dependencies: [
                "MediasoupVertical", "MediasoupLocal", "MediasoupGetStats", "AcceptanceSuite", "mediasoup-worker",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HorizontalTests",
            dependencies: [
                "MediasoupHorizontal", "ClusterMembership", "MediasoupLocal", "MediasoupGetStats", "AcceptanceSuite",
                "AcceptanceTargets", "RemoteMediasoupClient", "mediasoup-worker", "remote-mediasoup-server", "mafalda",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "CongestionControlTests", dependencies: ["CongestionControl", "RTP"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LocalEngineTests",
            dependencies: ["Mediasoup", "MediasoupChannel", "MediasoupLocal", "mediasoup-worker"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RemoteMediasoupTests",
            dependencies: [
                "Mediasoup", "ROPE", "RemoteMediasoupProtocol", "RemoteMediasoupServer", "RemoteMediasoupClient",
                "RemoteMediasoupClientMock", "MediasoupGetStats", "MediasoupLocal", "AcceptanceTargets",
                "mediasoup-worker", "remote-mediasoup-server",
                .product(name: "WebSocketKit", package: "websocket-kit"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NativeLibrariesTests",
            dependencies: ["CSRTP", "COpenSSL", "CPcap", "COpenSSLShims"],
            swiftSettings: swiftSettings
        ),
    ]
)
