import Testing

@testable import MafaldaFoundation
@testable import Mediasoup

// Samples are written by hand from mediasoup's TypeScript types
// (node/src/RtpParameters.ts) and what a router, mediasoup-client or a worker
// dump actually produces.
@Suite("RTP parameters and capabilities JSON")
struct RtpParametersJSONTests {
    // MARK: Router and device capabilities

    /// `router.rtpCapabilities` of a router created with opus, VP8 and H264: validated
    /// codecs carry `parameters: {}` and `rtcpFeedback` with `parameter: ""`, RTX
    /// codecs `rtcpFeedback: []`.
    static let routerRtpCapabilities = #"""
        {
          "codecs": [
            {
              "kind": "audio",
              "mimeType": "audio/opus",
              "preferredPayloadType": 100,
              "clockRate": 48000,
              "channels": 2,
              "parameters": {},
              "rtcpFeedback": [
                { "type": "nack", "parameter": "" },
                { "type": "transport-cc", "parameter": "" }
              ]
            },
            {
              "kind": "video",
              "mimeType": "video/VP8",
              "preferredPayloadType": 101,
              "clockRate": 90000,
              "parameters": {},
              "rtcpFeedback": [
                { "type": "nack", "parameter": "" },
                { "type": "nack", "parameter": "pli" },
                { "type": "ccm", "parameter": "fir" },
                { "type": "goog-remb", "parameter": "" },
                { "type": "transport-cc", "parameter": "" }
              ]
            },
            {
              "kind": "video",
              "mimeType": "video/rtx",
              "preferredPayloadType": 102,
              "clockRate": 90000,
              "parameters": { "apt": 101 },
              "rtcpFeedback": []
            },
            {
              "kind": "video",
              "mimeType": "video/H264",
              "preferredPayloadType": 103,
              "clockRate": 90000,
              "parameters": {
                "level-asymmetry-allowed": 1,
                "packetization-mode": 1,
                "profile-level-id": "42e01f"
              },
              "rtcpFeedback": [
                { "type": "nack", "parameter": "" },
                { "type": "nack", "parameter": "pli" },
                { "type": "ccm", "parameter": "fir" },
                { "type": "goog-remb", "parameter": "" },
                { "type": "transport-cc", "parameter": "" }
              ]
            },
            {
              "kind": "video",
              "mimeType": "video/rtx",
              "preferredPayloadType": 104,
              "clockRate": 90000,
              "parameters": { "apt": 103 },
              "rtcpFeedback": []
            }
          ],
          "headerExtensions": [
            { "kind": "audio", "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "preferredId": 1, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "preferredId": 1, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", "preferredId": 2, "preferredEncrypt": false, "direction": "recvonly" },
            { "kind": "video", "uri": "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", "preferredId": 3, "preferredEncrypt": false, "direction": "recvonly" },
            { "kind": "audio", "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "preferredId": 4, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "preferredId": 4, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "audio", "uri": "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", "preferredId": 5, "preferredEncrypt": false, "direction": "recvonly" },
            { "kind": "video", "uri": "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", "preferredId": 5, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "audio", "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "preferredId": 10, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "urn:3gpp:video-orientation", "preferredId": 11, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "urn:ietf:params:rtp-hdrext:toffset", "preferredId": 12, "preferredEncrypt": false, "direction": "sendrecv" }
          ]
        }
        """#

    @Test("router rtpCapabilities round-trip unchanged")
    func routerCapabilities() throws {
        let caps = try JSONShape.roundTrip(RtpCapabilities.self, Self.routerRtpCapabilities)
        let codecs = try #require(caps.codecs)
        #expect(codecs.count == 5)
        let opus = try #require(codecs.first)
        #expect(opus.kind == .audio)
        #expect(opus.mimeType == "audio/opus")
        #expect(opus.preferredPayloadType == 100)
        #expect(opus.clockRate == 48000)
        #expect(opus.channels == 2)
        #expect(opus.parameters == [:])
        #expect(opus.rtcpFeedback == [RtcpFeedback(type: "nack", parameter: ""), RtcpFeedback(type: "transport-cc", parameter: "")])
        let rtx = codecs[2]
        #expect(rtx.mimeType == "video/rtx")
        #expect(rtx.channels == nil)
        #expect(rtx.parameters?["apt"] == .number(101))
        #expect(rtx.rtcpFeedback == [])
        #expect(codecs[3].parameters?["profile-level-id"] == .string("42e01f"))
        let extensions = try #require(caps.headerExtensions)
        #expect(extensions.count == 11)
        #expect(extensions[2].uri == .rtpStreamId)
        #expect(extensions[2].direction == .recvonly)
        #expect(extensions[6].kind == .audio)
        #expect(extensions[6].uri == .transportWideCc01)
        #expect(extensions.allSatisfy { $0.preferredEncrypt == false })
    }

    @Test("device rtpCapabilities from mediasoup-client round-trip, with parameter-less feedback staying parameter-less")
    func deviceCapabilities() throws {
        let json = #"""
            {
              "codecs": [
                {
                  "mimeType": "audio/opus", "kind": "audio", "preferredPayloadType": 100, "clockRate": 48000, "channels": 2,
                  "parameters": { "minptime": 10, "useinbandfec": 1 },
                  "rtcpFeedback": [ { "type": "transport-cc" } ]
                },
                {
                  "mimeType": "video/VP8", "kind": "video", "preferredPayloadType": 101, "clockRate": 90000,
                  "rtcpFeedback": [ { "type": "goog-remb" }, { "type": "transport-cc" }, { "type": "ccm", "parameter": "fir" }, { "type": "nack" }, { "type": "nack", "parameter": "pli" } ]
                },
                { "mimeType": "video/rtx", "kind": "video", "preferredPayloadType": 102, "clockRate": 90000, "parameters": { "apt": 101 } }
              ],
              "headerExtensions": [
                { "kind": "audio", "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "preferredId": 1 },
                { "kind": "video", "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "preferredId": 1, "preferredEncrypt": false, "direction": "sendrecv" }
              ]
            }
            """#
        let caps = try JSONShape.roundTrip(RtpCapabilities.self, json)
        let vp8 = try #require(caps.codecs?.dropFirst().first)
        #expect(vp8.parameters == nil)
        #expect(vp8.rtcpFeedback?[3] == RtcpFeedback(type: "nack"))
        #expect(vp8.rtcpFeedback?[3].parameter == nil)
        #expect(caps.headerExtensions?.first?.direction == nil)
        #expect(caps.headerExtensions?.first?.preferredEncrypt == nil)
    }

    @Test("empty capabilities: absent stays absent, empty arrays stay present")
    func emptyCapabilities() throws {
        let empty = try JSONShape.roundTrip(RtpCapabilities.self, "{}")
        #expect(empty.codecs == nil)
        #expect(empty.headerExtensions == nil)
        #expect(try empty.jsonString() == "{}")
        let emptyArrays = try JSONShape.roundTrip(RtpCapabilities.self, #"{"codecs": [], "headerExtensions": []}"#)
        #expect(emptyArrays.codecs == [])
        #expect(emptyArrays.headerExtensions == [])
    }

    // MARK: Producer parameters

    /// What mediasoup-client sends to `transport.produce()` for a simulcast VP8 webcam
    /// (Chrome: RID-based, three encodings).
    static let simulcastRidProducerParameters = #"""
        {
          "mid": "1",
          "codecs": [
            {
              "mimeType": "video/VP8",
              "payloadType": 96,
              "clockRate": 90000,
              "parameters": {},
              "rtcpFeedback": [
                { "type": "goog-remb", "parameter": "" },
                { "type": "transport-cc", "parameter": "" },
                { "type": "ccm", "parameter": "fir" },
                { "type": "nack", "parameter": "" },
                { "type": "nack", "parameter": "pli" }
              ]
            },
            { "mimeType": "video/rtx", "payloadType": 97, "clockRate": 90000, "parameters": { "apt": 96 }, "rtcpFeedback": [] }
          ],
          "headerExtensions": [
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 4, "encrypt": false, "parameters": {} },
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", "id": 10, "encrypt": false, "parameters": {} },
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", "id": 11, "encrypt": false, "parameters": {} },
            { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "id": 2, "encrypt": false, "parameters": {} },
            { "uri": "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", "id": 3, "encrypt": false, "parameters": {} },
            { "uri": "urn:3gpp:video-orientation", "id": 13, "encrypt": false, "parameters": {} },
            { "uri": "urn:ietf:params:rtp-hdrext:toffset", "id": 14, "encrypt": false, "parameters": {} }
          ],
          "encodings": [
            { "rid": "r0", "scalabilityMode": "L1T3", "scaleResolutionDownBy": 4, "maxBitrate": 100000, "dtx": false },
            { "rid": "r1", "scalabilityMode": "L1T3", "scaleResolutionDownBy": 2, "maxBitrate": 300000, "dtx": false },
            { "rid": "r2", "scalabilityMode": "L1T3", "scaleResolutionDownBy": 1, "maxBitrate": 900000, "dtx": false }
          ],
          "rtcp": { "cname": "wNGmMHBDDgRUPJqg", "reducedSize": true }
        }
        """#

    @Test("simulcast producer rtpParameters with RIDs round-trip unchanged")
    func simulcastRidProducer() throws {
        let params = try JSONShape.roundTrip(RtpParameters.self, Self.simulcastRidProducerParameters)
        #expect(params.mid == "1")
        #expect(params.codecs.map(\.payloadType) == [96, 97])
        #expect(params.codecs[1].parameters?["apt"]?.intValue == 96)
        let encodings = try #require(params.encodings)
        #expect(encodings.map(\.rid) == ["r0", "r1", "r2"])
        #expect(encodings.map(\.maxBitrate) == [100_000, 300_000, 900_000])
        #expect(encodings.map(\.scaleResolutionDownBy) == [4, 2, 1])
        #expect(encodings.allSatisfy { $0.scalabilityMode == "L1T3" && $0.dtx == false && $0.ssrc == nil })
        #expect(params.headerExtensions?.map(\.id) == [4, 10, 11, 2, 3, 13, 14])
        #expect(params.headerExtensions?.first?.parameters == [:])
        #expect(params.rtcp == RtcpParameters(cname: "wNGmMHBDDgRUPJqg", reducedSize: true))
        // Encoded again, scaleResolutionDownBy 4 is written `4`, not `4.0`.
        #expect(try params.jsonString().contains(#""scaleResolutionDownBy":4}"#))
    }

    @Test("simulcast producer rtpParameters with SSRCs and RTX SSRCs round-trip unchanged")
    func simulcastSsrcProducer() throws {
        let json = #"""
            {
              "mid": "video",
              "codecs": [
                { "mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000,
                  "rtcpFeedback": [ { "type": "nack" }, { "type": "nack", "parameter": "pli" }, { "type": "ccm", "parameter": "fir" } ] },
                { "mimeType": "video/rtx", "payloadType": 97, "clockRate": 90000, "parameters": { "apt": 96 } }
              ],
              "headerExtensions": [
                { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1 },
                { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "id": 4 }
              ],
              "encodings": [
                { "ssrc": 1111111111, "rtx": { "ssrc": 2222222222 }, "scalabilityMode": "L1T2", "maxBitrate": 150000 },
                { "ssrc": 3333333333, "rtx": { "ssrc": 4294967295 }, "scalabilityMode": "L1T2", "maxBitrate": 500000 },
                { "ssrc": 0, "rtx": { "ssrc": 1 }, "codecPayloadType": 96, "maxBitrate": 1500000 }
              ],
              "rtcp": { "cname": "video-cname" }
            }
            """#
        let params = try JSONShape.roundTrip(RtpParameters.self, json)
        let encodings = try #require(params.encodings)
        #expect(encodings.map(\.ssrc) == [1_111_111_111, 3_333_333_333, 0])
        #expect(encodings.map(\.rtx?.ssrc) == [2_222_222_222, 4_294_967_295, 1])
        #expect(encodings[2].codecPayloadType == 96)
        #expect(encodings[0].rid == nil)
        #expect(params.rtcp?.reducedSize == nil)
        #expect(params.codecs[0].parameters == nil)
        #expect(params.headerExtensions?[0].encrypt == nil)
    }

    @Test("SVC producer rtpParameters (VP9 L3T3_KEY) round-trip unchanged")
    func svcProducer() throws {
        let json = #"""
            {
              "mid": "2",
              "codecs": [
                { "mimeType": "video/VP9", "payloadType": 98, "clockRate": 90000, "parameters": { "profile-id": 0 },
                  "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" } ] },
                { "mimeType": "video/rtx", "payloadType": 99, "clockRate": 90000, "parameters": { "apt": 98 }, "rtcpFeedback": [] }
              ],
              "headerExtensions": [],
              "encodings": [ { "ssrc": 123456, "rtx": { "ssrc": 654321 }, "scalabilityMode": "L3T3_KEY", "maxBitrate": 2500000 } ],
              "rtcp": { "cname": "svc", "reducedSize": true }
            }
            """#
        let params = try JSONShape.roundTrip(RtpParameters.self, json)
        #expect(params.headerExtensions == [])
        #expect(params.encodings?.first?.scalabilityMode == "L3T3_KEY")
        #expect(try params.jsonString().contains(#""headerExtensions":[]"#))
    }

    @Test("opus producer rtpParameters with dtx and fmtp parameters round-trip unchanged")
    func opusProducer() throws {
        let json = #"""
            {
              "mid": "0",
              "codecs": [
                {
                  "mimeType": "audio/opus",
                  "payloadType": 111,
                  "clockRate": 48000,
                  "channels": 2,
                  "parameters": { "minptime": 10, "useinbandfec": 1, "usedtx": 1, "sprop-stereo": 1 },
                  "rtcpFeedback": [ { "type": "transport-cc", "parameter": "" } ]
                }
              ],
              "headerExtensions": [
                { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 4, "encrypt": false, "parameters": {} },
                { "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "id": 1, "encrypt": false, "parameters": { "vad": "on" } }
              ],
              "encodings": [ { "ssrc": 2748201734, "dtx": true, "maxBitrate": 64000 } ],
              "rtcp": { "cname": "Ue7iUtE+rGwWyZ2H", "reducedSize": true }
            }
            """#
        let params = try JSONShape.roundTrip(RtpParameters.self, json)
        let opus = try #require(params.codecs.first)
        #expect(opus.channels == 2)
        #expect(opus.parameters?["useinbandfec"] == .number(1))
        #expect(params.encodings?.first?.dtx == true)
        #expect(params.encodings?.first?.ssrc == 2_748_201_734)
        #expect(params.headerExtensions?[1].parameters?["vad"] == .string("on"))
    }

    @Test("minimal rtpParameters (codecs only) stay minimal")
    func minimalParameters() throws {
        let json = #"{"codecs": [{"mimeType": "audio/PCMU", "payloadType": 0, "clockRate": 8000}]}"#
        let params = try JSONShape.roundTrip(RtpParameters.self, json)
        #expect(params.mid == nil)
        #expect(params.headerExtensions == nil)
        #expect(params.encodings == nil)
        #expect(params.rtcp == nil)
        #expect(params.codecs.first?.payloadType == 0)
        let withEmpties = #"{"codecs": [], "headerExtensions": [], "encodings": [{}], "rtcp": {}}"#
        let empties = try JSONShape.roundTrip(RtpParameters.self, withEmpties)
        #expect(empties.encodings == [RtpEncodingParameters()])
        #expect(empties.rtcp == RtcpParameters())
    }

    @Test("keys mediasoup does not define are ignored, not an error")
    func unknownKeysIgnored() throws {
        let json = #"""
            {"codecs": [{"mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000, "x-vendor": true}],
             "encodings": [{"rid": "h", "active": true, "networkPriority": "high"}], "unknown": {"a": 1}}
            """#
        let params = try RtpParameters(json: json)
        #expect(params.encodings == [RtpEncodingParameters(rid: "h")])
        #expect(params.codecs.count == 1)
    }

    // MARK: Header extension URIs

    @Test("an unknown header extension URI still decodes and round-trips")
    func unknownHeaderExtensionUri() throws {
        let json = #"""
            {
              "codecs": [{ "mimeType": "audio/opus", "payloadType": 111, "clockRate": 48000, "channels": 2 }],
              "headerExtensions": [
                { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/color-space", "id": 9, "encrypt": false, "parameters": {} },
                { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 4 }
              ]
            }
            """#
        let params = try JSONShape.roundTrip(RtpParameters.self, json)
        let unknown = try #require(params.headerExtensions?.first)
        #expect(unknown.uri.rawValue == "http://www.webrtc.org/experiments/rtp-hdrext/color-space")
        #expect(unknown.uri != .mid)
        #expect(params.headerExtensions?[1].uri == .mid)

        let capability = try JSONShape.roundTrip(
            RtpHeaderExtension.self,
            #"{"kind": "video", "uri": "urn:example:custom-extension", "preferredId": 15, "direction": "inactive"}"#)
        #expect(capability.uri == RtpHeaderExtensionUri(rawValue: "urn:example:custom-extension"))
        #expect(capability.direction == .inactive)
    }

    @Test("header extension URI constants spell mediasoup's URIs and encode as plain strings")
    func headerExtensionUriConstants() throws {
        let expected: [(RtpHeaderExtensionUri, String)] = [
            (.mid, "urn:ietf:params:rtp-hdrext:sdes:mid"),
            (.rtpStreamId, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"),
            (.repairedRtpStreamId, "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"),
            (.frameMarking07, "http://tools.ietf.org/html/draft-ietf-avtext-framemarking-07"),
            (.frameMarking, "urn:ietf:params:rtp-hdrext:framemarking"),
            (.audioLevel, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
            (.videoOrientation, "urn:3gpp:video-orientation"),
            (.toffset, "urn:ietf:params:rtp-hdrext:toffset"),
            (.transportWideCc01, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"),
            (.absSendTime, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
            (.absCaptureTime, "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time"),
            (.playoutDelay, "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay"),
        ]
        for (uri, string) in expected {
            #expect(uri.rawValue == string)
            // Slashes are not escaped, so the JSON is byte-for-byte what mediasoup writes.
            #expect(try uri.jsonString() == "\"\(string)\"")
            #expect(try RtpHeaderExtensionUri(json: "\"\(string)\"") == uri)
        }
    }

    // MARK: Encoding values built in Swift

    @Test("values built in Swift encode without the keys left nil")
    func builtValuesOmitNil() throws {
        let codec = RtpCodecParameters(mimeType: "video/VP8", payloadType: 101, clockRate: 90000)
        #expect(try codec.jsonString() == #"{"clockRate":90000,"mimeType":"video/VP8","payloadType":101}"#)

        let capability = RtpCodecCapability(
            kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2,
            rtcpFeedback: [RtcpFeedback(type: "transport-cc")])
        try JSONShape.expectEncodes(
            capability,
            as: #"{"kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2, "rtcpFeedback": [{"type": "transport-cc"}]}"#
        )

        let ext = RtpHeaderExtensionParameters(uri: .mid, id: 1, encrypt: false, parameters: [:])
        try JSONShape.expectEncodes(
            ext, as: #"{"uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1, "encrypt": false, "parameters": {}}"#)

        let encoding = RtpEncodingParameters(ssrc: 42, rtx: RtxParameters(ssrc: 43), dtx: false)
        try JSONShape.expectEncodes(encoding, as: #"{"ssrc": 42, "rtx": {"ssrc": 43}, "dtx": false}"#)
    }

    // MARK: RTP mapping

    @Test("producer rtpMapping round-trips, with absent ssrc/rid/scalabilityMode staying absent")
    func rtpMapping() throws {
        let json = #"""
            {
              "codecs": [
                { "payloadType": 96, "mappedPayloadType": 101 },
                { "payloadType": 97, "mappedPayloadType": 102 }
              ],
              "encodings": [
                { "rid": "r0", "scalabilityMode": "L1T3", "mappedSsrc": 846159243 },
                { "rid": "r1", "scalabilityMode": "L1T3", "mappedSsrc": 846159244 },
                { "ssrc": 1234, "mappedSsrc": 846159245 }
              ]
            }
            """#
        let mapping = try JSONShape.roundTrip(RtpMapping.self, json)
        #expect(mapping.codecs == [.init(payloadType: 96, mappedPayloadType: 101), .init(payloadType: 97, mappedPayloadType: 102)])
        #expect(mapping.encodings[2] == .init(ssrc: 1234, mappedSsrc: 846_159_245))
        #expect(try JSONShape.roundTrip(RtpMapping.self, #"{"codecs": [], "encodings": []}"#) == RtpMapping())
    }
}
