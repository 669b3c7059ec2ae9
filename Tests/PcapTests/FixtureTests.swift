import Foundation
import Testing

import Pcap

/// Fixtures/manifest.json, as scripts/fixture-facts.py writes it.
struct FixtureManifest: Decodable {
    struct HeaderExtension: Decodable, Hashable {
        var id: UInt8
        var uri: String
    }

    struct Destination: Decodable {
        var address: String
        var port: UInt16
    }

    struct AudioLevel: Decodable, Equatable {
        var min: Int
        var max: Int
        var silentPackets: Int
        var voiceActivityPackets: Int
    }

    struct SRTP: Decodable {
        var cryptoSuite: String
        var keyBase64: String
        var authTagLength: Int
    }

    struct Encoding: Decodable {
        var ssrc: UInt32
        var rid: String?
        var mid: String?
        var packetCount: Int
        var rtpBytes: Int
        var payloadBytes: Int
        var firstSequenceNumber: UInt16
        var lastSequenceNumber: UInt16
        var firstTimestamp: UInt32
        var lastTimestamp: UInt32
        var markerCount: Int
        var missingSequenceNumbers: Int
        var keyframeStartIndices: [Int]?
        var keyframePacketIndices: [Int]?
        var h264Packetizations: [String: Int]?
        var audioLevel: AudioLevel?
        var temporalLayerPackets: [String: Int]?
        var scalabilityMode: String?
    }

    struct Capture: Decodable {
        var file: String
        var description: String
        var kind: String
        var codec: String
        var mimeType: String
        var clockRate: Int
        var channels: Int?
        var payloadType: UInt8
        var headerExtensions: [HeaderExtension]
        var linkType: Int32
        var destination: Destination
        var packetCount: Int
        var rtpBytes: Int
        var payloadBytes: Int
        var durationMicroseconds: Int64
        var fileBytes: Int
        var encodings: [Encoding]
        var srtp: SRTP?
    }

    var about: String
    var generator: String
    var captures: [Capture]

    /// The fixture folder, found from this file's path: <root>/Tests/PcapTests/ -> <root>/Fixtures.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func load() throws -> (FixtureManifest, [String: Any]) {
        let data = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (try JSONDecoder().decode(FixtureManifest.self, from: data), json)
    }
}

/// Every committed capture, read with PcapReader, against every fact of the manifest.
@Suite struct FixtureTests {
    static let files = [
        "opus.pcap", "vp8.pcap", "h264.pcap", "vp8-simulcast.pcap", "opus-srtp.pcap", "vp8-temporal.pcap",
    ]

    /// The keys this suite checks: a fact added to the manifest fails here until a test checks it.
    static let captureKeys: Set<String> = [
        "file", "description", "kind", "codec", "mimeType", "clockRate", "channels", "payloadType",
        "headerExtensions", "linkType", "destination", "packetCount", "rtpBytes", "payloadBytes",
        "durationMicroseconds", "fileBytes", "encodings", "srtp",
    ]
    static let encodingKeys: Set<String> = [
        "ssrc", "rid", "mid", "packetCount", "rtpBytes", "payloadBytes", "firstSequenceNumber", "lastSequenceNumber",
        "firstTimestamp", "lastTimestamp", "markerCount", "missingSequenceNumbers", "keyframeStartIndices",
        "keyframePacketIndices", "h264Packetizations", "audioLevel", "temporalLayerPackets", "scalabilityMode",
    ]

    static let midURI = "urn:ietf:params:rtp-hdrext:sdes:mid"
    static let ridURI = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"
    static let audioLevelURI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level"

    @Test func manifestListsEveryCaptureAndOnlyKnownFacts() throws {
        let (manifest, json) = try FixtureManifest.load()
        #expect(manifest.generator == "scripts/make-fixtures")
        #expect(manifest.captures.map(\.file) == Self.files)
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: FixtureManifest.directory.path)
            .filter { $0.hasSuffix(".pcap") }
        #expect(Set(onDisk) == Set(Self.files))
        for capture in try #require(json["captures"] as? [[String: Any]]) {
            let unchecked = Set(capture.keys).subtracting(Self.captureKeys)
            #expect(unchecked.isEmpty, "facts no test checks: \(unchecked)")
            for encoding in try #require(capture["encodings"] as? [[String: Any]]) {
                let unchecked = Set(encoding.keys).subtracting(Self.encodingKeys)
                #expect(unchecked.isEmpty, "facts no test checks: \(unchecked)")
            }
        }
    }

    @Test(arguments: files)
    func captureMatchesManifest(file: String) throws {
        let (manifest, _) = try FixtureManifest.load()
        let capture = try #require(manifest.captures.first { $0.file == file })
        let path = FixtureManifest.directory.appendingPathComponent(file).path

        // The file and its records.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size == capture.fileBytes)
        #expect(size < 1_000_000)
        let reader = try PcapReader(path: path)
        #expect(reader.linkType.rawValue == capture.linkType)
        let packets = Array(reader)
        #expect(reader.error == nil)
        #expect(reader.skipped == PcapSkipCounts())
        #expect(reader.recordsRead == packets.count)
        #expect(packets.count == capture.packetCount)
        let times = packets.map(\.timestamp.totalMicroseconds)
        #expect((times.last ?? 0) - (times.first ?? 0) == capture.durationMicroseconds)
        for packet in packets {
            #expect(packet.destination.description == "\(capture.destination.address):\(capture.destination.port)")
            #expect(packet.source.address == .ipv4(0x7F00_0001))
        }

        // Codec facts that follow from each other (RFC 7587: Opus is always opus/48000/2).
        #expect(capture.mimeType.lowercased() == "\(capture.kind)/\(capture.codec)")
        switch capture.codec {
        case "opus": #expect(capture.clockRate == 48000 && capture.channels == 2 && capture.kind == "audio")
        case "vp8", "h264": #expect(capture.clockRate == 90000 && capture.channels == nil && capture.kind == "video")
        default: Issue.record("unknown codec \(capture.codec)")
        }
        #expect(!capture.description.isEmpty)
        if let srtp = capture.srtp {
            #expect(srtp.cryptoSuite == "AES_CM_128_HMAC_SHA1_80")
            #expect(srtp.authTagLength == 10)
            #expect(Data(base64Encoded: srtp.keyBase64)?.count == 30)  // 16-byte master key, 14-byte salt
        }

        // Every packet is RTP with the payload type and exactly the header extensions announced.
        let tag = capture.srtp?.authTagLength ?? 0
        let rtp = try packets.map { try #require(TestRTP($0.payload, authTagLength: tag)) }
        #expect(rtp.allSatisfy { $0.payloadType == capture.payloadType })
        let ids = Set(capture.headerExtensions.map(\.id))
        #expect(ids.count == capture.headerExtensions.count)
        #expect(rtp.allSatisfy { Set($0.extensions.keys) == ids })
        #expect(packets.reduce(0) { $0 + $1.payload.count } == capture.rtpBytes)
        #expect(rtp.reduce(0) { $0 + $1.payload.count } == capture.payloadBytes)

        // Per encoding, by SSRC.
        #expect(Set(rtp.map(\.ssrc)) == Set(capture.encodings.map(\.ssrc)))
        #expect(capture.encodings.reduce(0) { $0 + $1.packetCount } == capture.packetCount)
        let uris = Dictionary(uniqueKeysWithValues: capture.headerExtensions.map { ($0.uri, $0.id) })
        for encoding in capture.encodings {
            let indices = rtp.indices.filter { rtp[$0].ssrc == encoding.ssrc }
            let stream = indices.map { rtp[$0] }
            try check(encoding, stream: stream, indices: indices, packets: packets, capture: capture, uris: uris)
        }
    }

    private func check(
        _ encoding: FixtureManifest.Encoding, stream: [TestRTP], indices: [Int], packets: [PcapPacket],
        capture: FixtureManifest.Capture, uris: [String: UInt8]
    ) throws {
        let label = "\(capture.file) SSRC \(encoding.ssrc)"
        let first = try #require(stream.first)
        let last = try #require(stream.last)
        #expect(stream.count == encoding.packetCount, "\(label)")
        #expect(indices.reduce(0) { $0 + packets[$1].payload.count } == encoding.rtpBytes, "\(label)")
        #expect(stream.reduce(0) { $0 + $1.payload.count } == encoding.payloadBytes, "\(label)")
        #expect(first.sequenceNumber == encoding.firstSequenceNumber, "\(label)")
        #expect(last.sequenceNumber == encoding.lastSequenceNumber, "\(label)")
        #expect(first.timestamp == encoding.firstTimestamp, "\(label)")
        #expect(last.timestamp == encoding.lastTimestamp, "\(label)")
        #expect(stream.filter(\.marker).count == encoding.markerCount, "\(label)")

        // Missing sequence numbers: the span of extended sequence numbers less the packets.
        var extended = Int(first.sequenceNumber)
        var (lowest, highest) = (extended, extended)
        for packet in stream.dropFirst() {
            extended += (Int(packet.sequenceNumber) - extended + 0x8000) & 0xFFFF - 0x8000
            lowest = min(lowest, extended)
            highest = max(highest, extended)
        }
        #expect(highest - lowest + 1 - stream.count == encoding.missingSequenceNumbers, "\(label)")

        // The clock rate: RTP time elapsed matches capture time elapsed (within 150 ms).
        let rtpSeconds = Double(last.timestamp &- first.timestamp) / Double(capture.clockRate)
        let firstTime = packets[indices[0]].timestamp.totalMicroseconds
        let lastTime = packets[indices[indices.count - 1]].timestamp.totalMicroseconds
        #expect(abs(rtpSeconds - Double(lastTime - firstTime) / 1e6) < 0.15, "\(label): \(rtpSeconds) s of RTP time")

        // rid and mid, from their header extensions.
        func text(_ uri: String) -> String?? {
            guard let id = uris[uri] else { return .some(nil) }
            let values = Set(stream.map { $0.extensions[id].map { String(decoding: $0, as: UTF8.self) } })
            return values.count == 1 ? values.first : nil
        }
        #expect(text(Self.ridURI) == .some(encoding.rid), "\(label)")
        #expect(text(Self.midURI) == .some(encoding.mid), "\(label)")

        // ssrc-audio-level (RFC 6464): V bit and level (-dBov, 127 = silence).
        if let id = uris[Self.audioLevelURI] {
            let bytes = stream.compactMap { $0.extensions[id]?.first }
            let levels = bytes.map { Int($0 & 0x7F) }
            let measured = FixtureManifest.AudioLevel(
                min: levels.min() ?? -1, max: levels.max() ?? -1, silentPackets: levels.filter { $0 == 127 }.count,
                voiceActivityPackets: bytes.filter { $0 & 0x80 != 0 }.count
            )
            #expect(measured == encoding.audioLevel, "\(label)")
            #expect(bytes.count == stream.count)
        } else {
            #expect(encoding.audioLevel == nil, "\(label)")
        }

        // Keyframes (capture-wide packet indices) and H.264 packetizations.
        var starts: [Int] = []
        var keyframePackets: [Int] = []
        var startTimestamps: Set<UInt32> = []
        var packetizations: [String: Int] = [:]
        for (index, packet) in zip(indices, stream) {
            let keyframe: Bool
            switch capture.codec {
            case "vp8":
                keyframe = vp8StartsKeyframe(packet.payload)
            case "h264":
                let (kind, isKeyframe) = h264Packetization(packet.payload)
                packetizations[kind, default: 0] += 1
                keyframe = isKeyframe
            default:
                keyframe = false
            }
            guard keyframe else { continue }
            keyframePackets.append(index)
            if startTimestamps.insert(packet.timestamp).inserted { starts.append(index) }
        }
        if capture.kind == "video" {
            #expect(starts == encoding.keyframeStartIndices, "\(label)")
            #expect(keyframePackets == encoding.keyframePacketIndices, "\(label)")
            #expect(starts.count >= 2, "\(label)")
        } else {
            #expect(encoding.keyframeStartIndices == nil && encoding.keyframePacketIndices == nil, "\(label)")
        }
        // VP8 temporal layers (TID): packets per layer; an L1Tn encoding has n of them.
        let layers = stream.compactMap { capture.codec == "vp8" ? vp8TemporalLayer($0.payload) : nil }
        if layers.isEmpty {
            #expect(encoding.temporalLayerPackets == nil, "\(label)")
        } else {
            let counts = Dictionary(grouping: layers, by: { String($0) }).mapValues(\.count)
            #expect(counts == encoding.temporalLayerPackets, "\(label)")
        }
        if let mode = encoding.scalabilityMode {
            #expect(mode == "L1T\(Set(layers).count)", "\(label)")
        }
        if capture.codec == "h264" {
            #expect(packetizations == encoding.h264Packetizations, "\(label)")
            #expect(packetizations["fuA", default: 0] > 0 && packetizations["stapA", default: 0] > 0, "\(label)")
        } else {
            #expect(encoding.h264Packetizations == nil, "\(label)")
        }
    }
}
