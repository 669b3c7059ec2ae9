import Testing

@testable import MafaldaFoundation
@testable import Mediasoup

// The expected JSON is written from the table of contract section 11
// (mediasoup 3.14's supportedRtpCapabilities.ts), not read back from the code.
@Suite("Supported RTP capabilities JSON")
struct SupportedRtpCapabilitiesJSONTests {
    static let expected = #"""
        {
          "codecs": [
            { "kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2,
              "rtcpFeedback": [ { "type": "nack" }, { "type": "transport-cc" } ] },
            { "kind": "audio", "mimeType": "audio/multiopus", "clockRate": 48000, "channels": 4,
              "parameters": { "channel_mapping": "0,1,2,3", "num_streams": 2, "coupled_streams": 2 },
              "rtcpFeedback": [ { "type": "nack" }, { "type": "transport-cc" } ] },
            { "kind": "audio", "mimeType": "audio/multiopus", "clockRate": 48000, "channels": 6,
              "parameters": { "channel_mapping": "0,4,1,2,3,5", "num_streams": 4, "coupled_streams": 2 },
              "rtcpFeedback": [ { "type": "nack" }, { "type": "transport-cc" } ] },
            { "kind": "audio", "mimeType": "audio/multiopus", "clockRate": 48000, "channels": 8,
              "parameters": { "channel_mapping": "0,6,1,2,3,4,5,7", "num_streams": 5, "coupled_streams": 3 },
              "rtcpFeedback": [ { "type": "nack" }, { "type": "transport-cc" } ] },
            { "kind": "audio", "mimeType": "audio/PCMU", "preferredPayloadType": 0, "clockRate": 8000,
              "rtcpFeedback": [ { "type": "transport-cc" } ] },
            { "kind": "audio", "mimeType": "audio/PCMA", "preferredPayloadType": 8, "clockRate": 8000,
              "rtcpFeedback": [ { "type": "transport-cc" } ] },
            { "kind": "audio", "mimeType": "audio/ISAC", "clockRate": 32000, "rtcpFeedback": [ { "type": "transport-cc" } ] },
            { "kind": "audio", "mimeType": "audio/ISAC", "clockRate": 16000, "rtcpFeedback": [ { "type": "transport-cc" } ] },
            { "kind": "audio", "mimeType": "audio/G722", "preferredPayloadType": 9, "clockRate": 8000,
              "rtcpFeedback": [ { "type": "transport-cc" } ] },
            { "kind": "audio", "mimeType": "audio/iLBC", "clockRate": 8000, "rtcpFeedback": [ { "type": "transport-cc" } ] },
            { "kind": "audio", "mimeType": "audio/SILK", "clockRate": 24000, "rtcpFeedback": [ { "type": "transport-cc" } ] },
            { "kind": "audio", "mimeType": "audio/SILK", "clockRate": 16000, "rtcpFeedback": [ { "type": "transport-cc" } ] },
            { "kind": "audio", "mimeType": "audio/SILK", "clockRate": 12000, "rtcpFeedback": [ { "type": "transport-cc" } ] },
            { "kind": "audio", "mimeType": "audio/SILK", "clockRate": 8000, "rtcpFeedback": [ { "type": "transport-cc" } ] },
            { "kind": "audio", "mimeType": "audio/CN", "preferredPayloadType": 13, "clockRate": 32000 },
            { "kind": "audio", "mimeType": "audio/CN", "preferredPayloadType": 13, "clockRate": 16000 },
            { "kind": "audio", "mimeType": "audio/CN", "preferredPayloadType": 13, "clockRate": 8000 },
            { "kind": "audio", "mimeType": "audio/telephone-event", "clockRate": 48000 },
            { "kind": "audio", "mimeType": "audio/telephone-event", "clockRate": 32000 },
            { "kind": "audio", "mimeType": "audio/telephone-event", "clockRate": 16000 },
            { "kind": "audio", "mimeType": "audio/telephone-event", "clockRate": 8000 },
            { "kind": "video", "mimeType": "video/VP8", "clockRate": 90000,
              "rtcpFeedback": [ { "type": "nack" }, { "type": "nack", "parameter": "pli" }, { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb" }, { "type": "transport-cc" } ] },
            { "kind": "video", "mimeType": "video/VP9", "clockRate": 90000,
              "rtcpFeedback": [ { "type": "nack" }, { "type": "nack", "parameter": "pli" }, { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb" }, { "type": "transport-cc" } ] },
            { "kind": "video", "mimeType": "video/H264", "clockRate": 90000, "parameters": { "level-asymmetry-allowed": 1 },
              "rtcpFeedback": [ { "type": "nack" }, { "type": "nack", "parameter": "pli" }, { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb" }, { "type": "transport-cc" } ] },
            { "kind": "video", "mimeType": "video/H264-SVC", "clockRate": 90000, "parameters": { "level-asymmetry-allowed": 1 },
              "rtcpFeedback": [ { "type": "nack" }, { "type": "nack", "parameter": "pli" }, { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb" }, { "type": "transport-cc" } ] },
            { "kind": "video", "mimeType": "video/H265", "clockRate": 90000, "parameters": { "level-asymmetry-allowed": 1 },
              "rtcpFeedback": [ { "type": "nack" }, { "type": "nack", "parameter": "pli" }, { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb" }, { "type": "transport-cc" } ] }
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
            { "kind": "video", "uri": "http://tools.ietf.org/html/draft-ietf-avtext-framemarking-07", "preferredId": 6, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "urn:ietf:params:rtp-hdrext:framemarking", "preferredId": 7, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "audio", "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "preferredId": 10, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "urn:3gpp:video-orientation", "preferredId": 11, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "urn:ietf:params:rtp-hdrext:toffset", "preferredId": 12, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "audio", "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time", "preferredId": 13, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time", "preferredId": 13, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "audio", "uri": "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", "preferredId": 14, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", "preferredId": 14, "preferredEncrypt": false, "direction": "sendrecv" }
          ]
        }
        """#

    @Test("the whole table encodes to exactly mediasoup's JSON, in order")
    func wholeTable() throws {
        try JSONShape.expectEncodes(SupportedRtpCapabilities.rtpCapabilities, as: Self.expected)
    }

    @Test("26 codecs in mediasoup's order")
    func codecOrder() throws {
        let tree = try SupportedRtpCapabilities.rtpCapabilities.jsonValue()
        let codecs = try #require(tree["codecs"]?.arrayValue)
        #expect(codecs.count == 26)
        let rows = codecs.map { codec in
            "\(codec["mimeType"]?.stringValue ?? "?")/\(codec["clockRate"]?.intValue ?? -1)"
        }
        #expect(rows == [
            "audio/opus/48000", "audio/multiopus/48000", "audio/multiopus/48000", "audio/multiopus/48000",
            "audio/PCMU/8000", "audio/PCMA/8000", "audio/ISAC/32000", "audio/ISAC/16000", "audio/G722/8000",
            "audio/iLBC/8000", "audio/SILK/24000", "audio/SILK/16000", "audio/SILK/12000", "audio/SILK/8000",
            "audio/CN/32000", "audio/CN/16000", "audio/CN/8000",
            "audio/telephone-event/48000", "audio/telephone-event/32000", "audio/telephone-event/16000",
            "audio/telephone-event/8000",
            "video/VP8/90000", "video/VP9/90000", "video/H264/90000", "video/H264-SVC/90000", "video/H265/90000",
        ])
    }

    @Test("CN and telephone-event have no rtcpFeedback key; every other codec has one")
    func rtcpFeedbackPresence() throws {
        let tree = try SupportedRtpCapabilities.rtpCapabilities.jsonValue()
        let codecs = try #require(tree["codecs"]?.arrayValue)
        for codec in codecs {
            let mimeType = try #require(codec["mimeType"]?.stringValue)
            let hasFeedback = codec.objectValue?.keys.contains("rtcpFeedback") ?? false
            if mimeType == "audio/CN" || mimeType == "audio/telephone-event" {
                #expect(!hasFeedback, "\(mimeType) must have no rtcpFeedback")
            } else {
                #expect(hasFeedback, "\(mimeType) must have rtcpFeedback")
            }
        }
    }

    @Test("only opus and multiopus list channels; only PCMU, PCMA, G722 and CN a preferredPayloadType")
    func channelsAndPayloadTypes() throws {
        let codecs = try #require(SupportedRtpCapabilities.rtpCapabilities.codecs)
        for codec in codecs {
            switch codec.mimeType {
            case "audio/opus": #expect(codec.channels == 2)
            case "audio/multiopus": #expect([4, 6, 8].contains(codec.channels ?? 0))
            default: #expect(codec.channels == nil, "\(codec.mimeType)")
            }
            switch codec.mimeType {
            case "audio/PCMU": #expect(codec.preferredPayloadType == 0)
            case "audio/PCMA": #expect(codec.preferredPayloadType == 8)
            case "audio/G722": #expect(codec.preferredPayloadType == 9)
            case "audio/CN": #expect(codec.preferredPayloadType == 13)
            default: #expect(codec.preferredPayloadType == nil, "\(codec.mimeType)")
            }
        }
    }

    @Test("17 header extensions in mediasoup's order, with ids, directions and preferredEncrypt false")
    func headerExtensions() throws {
        let extensions = try #require(SupportedRtpCapabilities.rtpCapabilities.headerExtensions)
        #expect(extensions.count == 17)
        let rows = extensions.map { "\($0.kind.rawValue) \($0.preferredId) \($0.direction?.rawValue ?? "-")" }
        #expect(rows == [
            "audio 1 sendrecv", "video 1 sendrecv", "video 2 recvonly", "video 3 recvonly",
            "audio 4 sendrecv", "video 4 sendrecv", "audio 5 recvonly", "video 5 sendrecv",
            "video 6 sendrecv", "video 7 sendrecv", "audio 10 sendrecv", "video 11 sendrecv", "video 12 sendrecv",
            "audio 13 sendrecv", "video 13 sendrecv", "audio 14 sendrecv", "video 14 sendrecv",
        ])
        #expect(extensions.allSatisfy { $0.preferredEncrypt == false })
    }

    @Test("every read is a fresh copy")
    func freshCopies() throws {
        var caps = SupportedRtpCapabilities.rtpCapabilities
        caps.codecs?.removeAll()
        caps.headerExtensions?[0].preferredId = 99
        try JSONShape.expectEncodes(SupportedRtpCapabilities.rtpCapabilities, as: Self.expected)
    }

    @Test("the table round-trips through its own JSON")
    func roundTrip() throws {
        let decoded = try JSONShape.roundTrip(RtpCapabilities.self, Self.expected)
        #expect(decoded == SupportedRtpCapabilities.rtpCapabilities)
    }
}
