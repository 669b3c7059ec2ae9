import Foundation
import Testing

@testable import MafaldaFoundation
@testable import Mediasoup

/// `value.jsonValue()` builds its tree with JSONTreeEncoder, without text:
/// it must give the tree Foundation's `JSONEncoder` writes as text.
@Suite("JSON tree encoder")
struct JSONTreeEncoderTests {
    /// What `JSONEncoder` writes for `value`, read back as a tree by Foundation's `JSONDecoder`.
    static func foundationTree(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    static let mediaCodecs = [
        RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2),
        RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000),
        RtpCodecCapability(
            kind: .video, mimeType: "video/H264", clockRate: 90000,
            parameters: ["packetization-mode": 1, "profile-level-id": "42e01f", "level-asymmetry-allowed": 1]),
    ]

    @Test("contract values encode to the tree JSONEncoder writes")
    func contractValues() throws {
        let capabilities = try ORTC.generateRouterRtpCapabilities(mediaCodecs: Self.mediaCodecs)
        let parameters = RtpParameters(
            mid: "AUDIO",
            codecs: [RtpCodecParameters(mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2)],
            encodings: [RtpEncodingParameters(ssrc: 11_111_111, maxBitrate: 100_000)])
        let dump = try TransportDump(json: DumpAndStatsJSONTests.webRtcTransportDump)
        let stats = MediasoupStats(
            os: MediasoupStats.OS(
                availableParallelism: 2, cpus: [], freemem: 1, totalmem: 2, loadavg: [0.5, 0, 0.1], uptime: 3),
            pidusages: ["42": MediasoupStats.PidUsage(
                cpu: 1.5, memory: 2, ppid: 1, pid: 42, ctime: 3, elapsed: 4, timestamp: 5)],
            process: MediasoupStats.Process(
                cpuUsage: MediasoupStats.Process.CPUUsage(user: 1, system: 2), hrtime: 1 << 40,
                memoryUsage: ["rss": 5], uptime: 6))
        let appData: AppData = ["nested": ["list": [1, 2.5, "x", nil, true, [:]]], "text": "a/\"b\"\n"]

        #expect(try JSONTreeEncoder.encode(capabilities) == Self.foundationTree(capabilities))
        #expect(try JSONTreeEncoder.encode(parameters) == Self.foundationTree(parameters))
        #expect(try JSONTreeEncoder.encode(dump) == Self.foundationTree(dump))
        #expect(try JSONTreeEncoder.encode(stats) == Self.foundationTree(stats))
        #expect(try JSONTreeEncoder.encode(appData) == Self.foundationTree(appData))
        let layers = [ConsumerLayers(spatialLayer: 1)]
        #expect(try JSONTreeEncoder.encode(layers) == Self.foundationTree(layers))
        #expect(try JSONTreeEncoder.encode(IceState.completed) == "completed")
        #expect(try parameters.jsonValue() == Self.foundationTree(parameters))
    }

    @Test("primitives of every width, optionals, integer-keyed dictionaries and Floats")
    func primitives() throws {
        struct Widths: Encodable {
            var int8: Int8 = -8, int16: Int16 = -16, int32: Int32 = -32, int64: Int64 = -(1 << 40), int: Int = -1
            var uint8: UInt8 = 8, uint16: UInt16 = 16, uint32: UInt32 = .max, uint64: UInt64 = 1 << 52, uint: UInt = 1
            var double = 0.1, float: Float = 0.1, bool = true, string = "é☕", absent: Int? = nil
            var byNumber: [Int: String] = [1: "one", 20: "twenty"]
            var list: [UInt32] = [1, 2], nested: [[String]] = [["a"], []]
        }
        #expect(try JSONTreeEncoder.encode(Widths()) == Self.foundationTree(Widths()))
        #expect(try JSONTreeEncoder.encode(Widths())["float"] == 0.1)
        #expect(try JSONTreeEncoder.encode(Optional<Int>.none) == .null)
    }

    @Test("hand-written encode(to:) with nested containers filled after they are placed")
    func nestedContainers() throws {
        struct Manual: Encodable {
            enum Key: String, CodingKey { case a, b, c, list, overwritten }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                var nested = container.nestedContainer(keyedBy: Key.self, forKey: .a)
                var list = container.nestedUnkeyedContainer(forKey: .list)
                try container.encode("x", forKey: .b)
                var overwritten = container.nestedUnkeyedContainer(forKey: .overwritten)
                try overwritten.encode(1)
                try container.encode(2, forKey: .overwritten)
                try nested.encode(1, forKey: .c)
                try list.encode("first")
                var inner = list.nestedContainer(keyedBy: Key.self)
                try list.encode("third")
                try inner.encode(true, forKey: .b)
                try list.encodeNil()
            }
        }
        let expected: JSONValue = [
            "a": ["c": 1], "b": "x", "list": ["first", ["b": true], "third", nil], "overwritten": 2,
        ]
        #expect(try JSONTreeEncoder.encode(Manual()) == expected)
        #expect(try Self.foundationTree(Manual()) == expected)
    }

    @Test("non-finite numbers throw EncodingError, as with JSONEncoder")
    func nonFinite() {
        #expect(throws: EncodingError.self) { try JSONTreeEncoder.encode(Double.nan) }
        #expect(throws: EncodingError.self) { try JSONTreeEncoder.encode(["x": Double.infinity]) }
        #expect(throws: EncodingError.self) { try JSONTreeEncoder.encode([Float.nan]) }
        #expect(throws: EncodingError.self) { try JSONValue.number(.nan).jsonString() }
    }
}
