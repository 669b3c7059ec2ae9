import Mediasoup
import Pcap

/// The real RTP captures in `Fixtures/` and the facts their manifest records
/// (computed by scripts/fixture-facts.py, not by this package's code).
struct FixtureCapture: Decodable, Sendable {
    struct Encoding: Decodable, Sendable {
        let ssrc: UInt32
        let rid: String?
        let mid: String?
        let packetCount: Int
        let rtpBytes: Int
        let payloadBytes: Int
        let firstSequenceNumber: UInt16
        let lastSequenceNumber: UInt16
        /// Video: index of the first packet of each keyframe (capture packet indices).
        let keyframeStartIndices: [Int]?
    }

    struct HeaderExtension: Decodable, Sendable {
        let id: UInt8
        let uri: String
    }

    /// The SDES keying of an SRTP capture.
    struct Srtp: Decodable, Sendable {
        let cryptoSuite: SrtpCryptoSuite
        /// The master key then the master salt, in Base64.
        let keyBase64: String
        /// Bytes of the SRTP authentication tag on each packet.
        let authTagLength: Int
    }

    /// The capture's file name in `Fixtures/`, or its path when it lives elsewhere (a user's capture).
    var file: String
    let kind: MediaKind
    let mimeType: String
    let clockRate: Int
    let channels: Int?
    let payloadType: UInt8
    let headerExtensions: [HeaderExtension]
    let packetCount: Int
    let rtpBytes: Int
    let payloadBytes: Int
    let encodings: [Encoding]
    /// The keying when the capture is SRTP, else nil.
    let srtp: Srtp?

    /// A manifest of several captures, as Fixtures/manifest.json.
    struct Manifest: Decodable {
        let captures: [FixtureCapture]
    }

    /// The folder holding the captures: `Fixtures/` at the package root.
    static let directory: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)  // AcceptanceTests/Catalog/Support/Fixtures.swift
        return parts.joined(separator: "/") + "/Fixtures"
    }()

    /// The capture recorded in the manifest under `file`.
    static func named(_ file: String) throws -> FixtureCapture {
        let manifest = try Manifest(json: try readFile("\(directory)/manifest.json"))
        guard let capture = manifest.captures.first(where: { $0.file == file }) else {
            throw MediasoupError("no capture '\(file)' in Fixtures/manifest.json")
        }
        return capture
    }

    /// Where the capture's file is.
    var path: String { file.hasPrefix("/") ? file : "\(Self.directory)/\(file)" }

    /// The UDP payloads of the capture (RTP packets, in capture order).
    ///
    /// - Throws: ``PcapError`` when the file cannot be read to its end.
    func datagrams() throws -> [[UInt8]] {
        try timedDatagrams().map(\.bytes)
    }

    /// The codec as a router media codec.
    var routerCodec: RtpCodecCapability {
        RtpCodecCapability(
            kind: kind, mimeType: mimeType, clockRate: clockRate, channels: channels, parameters: codecParameters)
    }

    /// The producer's RTP parameters for this capture.
    var producerRtpParameters: RtpParameters {
        RtpParameters(
            mid: encodings.first?.mid,
            codecs: [
                RtpCodecParameters(
                    mimeType: mimeType, payloadType: payloadType, clockRate: clockRate, channels: channels,
                    parameters: codecParameters)
            ],
            headerExtensions: headerExtensions.map {
                RtpHeaderExtensionParameters(uri: RtpHeaderExtensionUri(rawValue: $0.uri), id: $0.id)
            },
            encodings: encodings.map { RtpEncodingParameters(ssrc: $0.ssrc, rid: $0.rid) },
            rtcp: RtcpParameters(cname: "fixture"))
    }

    private var codecParameters: [String: JSONValue] {
        mimeType.lowercased() == "video/h264"
            ? ["packetization-mode": 1, "profile-level-id": "42e01f", "level-asymmetry-allowed": 1] : [:]
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// The bytes of a file. - Throws: ``MediasoupError`` when it cannot be read.
func readFile(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else { throw MediasoupError("cannot open \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if count <= 0 { break }
        bytes += chunk.prefix(count)
    }
    return bytes
}
