// swift-tools-version:6.1
//
// EchoRoom: an application of a user's, outside the SFU's package. It depends on
// the SFU by path here; an application elsewhere names it by URL instead:
//   .package(url: "https://github.com/<owner>/mafalda-sfu-swift", branch: "main")
import PackageDescription

let package = Package(
    name: "EchoRoom",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "MafaldaSFU", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "EchoRoom",
            dependencies: [
                .product(name: "Mediasoup", package: "MafaldaSFU"),
                .product(name: "MediasoupLocal", package: "MafaldaSFU"),
                .product(name: "Pcap", package: "MafaldaSFU"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
