import Testing

@testable import MafaldaFoundation
@testable import Mediasoup

// Bad input must come back as a TypeError naming the field at fault (as
// mediasoup's own validation does), never as a crash.
@Suite("JSON decoding errors")
struct JSONTypeErrorTests {
    static let opus = #"{"mimeType": "audio/opus", "payloadType": 111, "clockRate": 48000, "channels": 2}"#

    // MARK: Wrong types and values out of range

    @Test("payloadType as a string")
    func payloadTypeAsString() {
        JSONShape.expectTypeError(
            RtpParameters.self,
            #"{"codecs": [{"mimeType": "audio/opus", "payloadType": "111", "clockRate": 48000}]}"#,
            mentioning: ["RtpParameters.codecs[0].payloadType"])
    }

    @Test("payloadType out of range (300), negative, or fractional")
    func payloadTypeOutOfRange() {
        for payloadType in ["300", "256", "-1", "96.5"] {
            JSONShape.expectTypeError(
                RtpParameters.self,
                #"{"codecs": [\#(Self.opus), {"mimeType": "video/VP8", "payloadType": \#(payloadType), "clockRate": 90000}]}"#,
                mentioning: ["RtpParameters.codecs[1].payloadType"])
        }
    }

    @Test("ssrc as a string")
    func ssrcAsString() {
        JSONShape.expectTypeError(
            RtpParameters.self,
            #"{"codecs": [\#(Self.opus)], "encodings": [{"ssrc": "12345678"}]}"#,
            mentioning: ["RtpParameters.encodings[0].ssrc"])
    }

    @Test("ssrc out of the UInt32 range (2^32, negative) and rtx ssrc 2^32")
    func ssrcOutOfRange() {
        JSONShape.expectTypeError(
            RtpParameters.self,
            #"{"codecs": [\#(Self.opus)], "encodings": [{"ssrc": 1}, {"ssrc": 4294967296}]}"#,
            mentioning: ["RtpParameters.encodings[1].ssrc"])
        JSONShape.expectTypeError(
            RtpParameters.self,
            #"{"codecs": [\#(Self.opus)], "encodings": [{"ssrc": -5}]}"#,
            mentioning: ["RtpParameters.encodings[0].ssrc"])
        JSONShape.expectTypeError(
            RtpParameters.self,
            #"{"codecs": [\#(Self.opus)], "encodings": [{"ssrc": 1, "rtx": {"ssrc": 4294967296}}]}"#,
            mentioning: ["RtpParameters.encodings[0].rtx.ssrc"])
        JSONShape.expectTypeError(
            [ProducerScore].self, #"[{"encodingIdx": 0, "ssrc": 4294967296, "score": 10}]"#, mentioning: ["[0].ssrc"])
    }

    @Test("other fields of the wrong type")
    func otherWrongTypes() {
        JSONShape.expectTypeError(
            RtpParameters.self, #"{"codecs": [{"mimeType": 7, "payloadType": 1, "clockRate": 8000}]}"#,
            mentioning: ["RtpParameters.codecs[0].mimeType"])
        JSONShape.expectTypeError(
            RtpParameters.self, #"{"codecs": [{"mimeType": "audio/PCMU", "payloadType": 0, "clockRate": "8000"}]}"#,
            mentioning: ["RtpParameters.codecs[0].clockRate"])
        JSONShape.expectTypeError(
            RtpParameters.self, #"{"codecs": [\#(Self.opus)], "encodings": [{"dtx": "yes"}]}"#,
            mentioning: ["RtpParameters.encodings[0].dtx"])
        JSONShape.expectTypeError(
            RtpParameters.self, #"{"codecs": [\#(Self.opus)], "encodings": [{"maxBitrate": 1.5}]}"#,
            mentioning: ["RtpParameters.encodings[0].maxBitrate"])
        JSONShape.expectTypeError(
            RtpParameters.self, #"{"codecs": [\#(Self.opus)], "rtcp": {"reducedSize": 1}}"#,
            mentioning: ["RtpParameters.rtcp.reducedSize"])
        JSONShape.expectTypeError(
            RtpParameters.self, #"{"codecs": {"0": \#(Self.opus)}}"#, mentioning: ["RtpParameters.codecs"])
        JSONShape.expectTypeError(
            RtpParameters.self, #"{"codecs": [\#(Self.opus)], "mid": 0}"#, mentioning: ["RtpParameters.mid"])
        JSONShape.expectTypeError(
            RtpParameters.self, #"{"codecs": [\#(Self.opus)], "headerExtensions": [{"uri": 1, "id": 1}]}"#,
            mentioning: ["RtpParameters.headerExtensions[0].uri"])
        JSONShape.expectTypeError(
            RtpParameters.self, #"{"codecs": [\#(Self.opus)], "headerExtensions": [{"uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 256}]}"#,
            mentioning: ["RtpParameters.headerExtensions[0].id"])
        JSONShape.expectTypeError(
            RtpCapabilities.self, #"{"codecs": [{"kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "parameters": []}]}"#,
            mentioning: ["RtpCapabilities.codecs[0].parameters"])
        JSONShape.expectTypeError(
            SctpParameters.self, #"{"port": 70000, "OS": 1024, "MIS": 1024, "maxMessageSize": 262144}"#,
            mentioning: ["SctpParameters.port"])
        JSONShape.expectTypeError(
            SctpStreamParameters.self, #"{"streamId": 65536}"#, mentioning: ["SctpStreamParameters.streamId"])
        JSONShape.expectTypeError(
            IceCandidate.self,
            #"{"foundation": "udpcandidate", "priority": 1, "ip": "1.2.3.4", "address": "1.2.3.4", "protocol": "udp", "port": "443", "type": "host"}"#,
            mentioning: ["IceCandidate.port"])
        JSONShape.expectTypeError(
            TransportStats.self, #"{"type": "webrtc-transport", "transportId": "t", "timestamp": "now"}"#,
            mentioning: ["TransportStats.timestamp"])
        JSONShape.expectTypeError(
            DataConsumerDump.self,
            #"""
            {"id": "dc", "dataProducerId": "dp", "type": "sctp", "label": "", "protocol": "", "bufferedAmountLowThreshold": 0,
             "paused": false, "dataProducerPaused": false, "subchannels": [1, 65536]}
            """#,
            mentioning: ["DataConsumerDump.subchannels[1]"])
    }

    // MARK: Missing required fields

    @Test("missing codecs in RtpParameters")
    func missingCodecs() {
        JSONShape.expectTypeError(RtpParameters.self, #"{"mid": "0", "encodings": [{"ssrc": 1}]}"#, mentioning: ["RtpParameters.codecs"])
        JSONShape.expectTypeError(RtpParameters.self, "{}", mentioning: ["RtpParameters.codecs"])
    }

    @Test("missing mimeType, payloadType or clockRate in a codec")
    func missingCodecFields() {
        JSONShape.expectTypeError(
            RtpParameters.self, #"{"codecs": [\#(Self.opus), {"payloadType": 96, "clockRate": 90000}]}"#,
            mentioning: ["RtpParameters.codecs[1].mimeType"])
        JSONShape.expectTypeError(
            RtpParameters.self, #"{"codecs": [{"mimeType": "video/VP8", "clockRate": 90000}]}"#,
            mentioning: ["RtpParameters.codecs[0].payloadType"])
        JSONShape.expectTypeError(
            RtpCapabilities.self, #"{"codecs": [{"kind": "video", "mimeType": "video/VP8"}]}"#,
            mentioning: ["RtpCapabilities.codecs[0].clockRate"])
        JSONShape.expectTypeError(
            RtpCapabilities.self, #"{"codecs": [{"mimeType": "video/VP8", "clockRate": 90000}]}"#,
            mentioning: ["RtpCapabilities.codecs[0].kind"])
    }

    @Test("missing fields elsewhere name their path")
    func missingOtherFields() {
        JSONShape.expectTypeError(DtlsParameters.self, #"{"role": "auto"}"#, mentioning: ["DtlsParameters.fingerprints"])
        JSONShape.expectTypeError(
            DtlsParameters.self, #"{"fingerprints": [{"algorithm": "sha-256"}]}"#,
            mentioning: ["DtlsParameters.fingerprints[0].value"])
        JSONShape.expectTypeError(IceParameters.self, #"{"usernameFragment": "u"}"#, mentioning: ["IceParameters.password"])
        JSONShape.expectTypeError(SrtpParameters.self, #"{"cryptoSuite": "AEAD_AES_256_GCM"}"#, mentioning: ["SrtpParameters.keyBase64"])
        JSONShape.expectTypeError(TransportListenInfo.self, #"{"protocol": "udp"}"#, mentioning: ["TransportListenInfo.ip"])
        JSONShape.expectTypeError(TransportListenInfo.self, #"{"ip": "127.0.0.1"}"#, mentioning: ["TransportListenInfo.protocol"])
        JSONShape.expectTypeError(SctpCapabilities.self, #"{"numStreams": {"OS": 1024}}"#, mentioning: ["SctpCapabilities.numStreams.MIS"])
        JSONShape.expectTypeError(
            TransportTuple.self, #"{"localIp": "1.2.3.4", "localAddress": "1.2.3.4", "protocol": "udp"}"#,
            mentioning: ["TransportTuple.localPort"])
        JSONShape.expectTypeError(
            RtpHeaderExtension.self, #"{"kind": "audio", "uri": "urn:ietf:params:rtp-hdrext:sdes:mid"}"#,
            mentioning: ["RtpHeaderExtension.preferredId"])
        JSONShape.expectTypeError(
            TransportDump.self, #"{"id": "t", "direct": false, "maxMessageSize": 1}"#, mentioning: ["TransportDump."])
        JSONShape.expectTypeError(WorkerDump.self, #"{"pid": 1}"#, mentioning: ["WorkerDump."])
        JSONShape.expectTypeError(ConsumerLayers.self, #"{"temporalLayer": 1}"#, mentioning: ["ConsumerLayers.spatialLayer"])
        JSONShape.expectTypeError(
            TransportTraceEventData.self, #"{"type": "bwe", "direction": "in"}"#, mentioning: ["timestamp"])
    }

    // MARK: Unknown enumeration strings

    @Test("unknown enumeration strings are TypeErrors naming the field")
    func unknownEnumStrings() {
        JSONShape.expectTypeError(
            IceCandidate.self,
            #"{"foundation": "x", "priority": 1, "ip": "1.2.3.4", "address": "1.2.3.4", "protocol": "sctp", "port": 1, "type": "host"}"#,
            mentioning: ["IceCandidate.protocol"])
        JSONShape.expectTypeError(
            TransportListenInfo.self, #"{"protocol": "sctp", "ip": "0.0.0.0"}"#, mentioning: ["TransportListenInfo.protocol"])
        JSONShape.expectTypeError(
            DtlsParameters.self, #"{"fingerprints": [{"algorithm": "md5", "value": "AB:CD"}]}"#,
            mentioning: ["DtlsParameters.fingerprints[0].algorithm"])
        JSONShape.expectTypeError(
            DtlsParameters.self, #"{"fingerprints": [{"algorithm": "SHA-256", "value": "AB:CD"}]}"#,
            mentioning: ["DtlsParameters.fingerprints[0].algorithm"])
        JSONShape.expectTypeError(
            DtlsParameters.self, #"{"role": "foo", "fingerprints": []}"#, mentioning: ["DtlsParameters.role"])
        JSONShape.expectTypeError(
            SrtpParameters.self, #"{"cryptoSuite": "FOO", "keyBase64": "AAAA"}"#, mentioning: ["SrtpParameters.cryptoSuite"])
        JSONShape.expectTypeError(
            RtpCapabilities.self, #"{"codecs": [{"kind": "data", "mimeType": "data/x", "clockRate": 1}]}"#,
            mentioning: ["RtpCapabilities.codecs[0].kind"])
        JSONShape.expectTypeError(
            RtpCapabilities.self,
            #"{"headerExtensions": [{"kind": "video", "uri": "urn:3gpp:video-orientation", "preferredId": 11, "direction": "both"}]}"#,
            mentioning: ["RtpCapabilities.headerExtensions[0].direction"])
        JSONShape.expectTypeError(
            IceCandidate.self,
            #"{"foundation": "x", "priority": 1, "ip": "1.2.3.4", "address": "1.2.3.4", "protocol": "tcp", "port": 1, "type": "host", "tcpType": "active"}"#,
            mentioning: ["IceCandidate.tcpType"])
        JSONShape.expectTypeError(
            IceCandidate.self,
            #"{"foundation": "x", "priority": 1, "ip": "1.2.3.4", "address": "1.2.3.4", "protocol": "udp", "port": 1, "type": "srflx"}"#,
            mentioning: ["IceCandidate.type"])
        JSONShape.expectTypeError(SctpState.self, #""open""#, mentioning: ["SctpState"])
        JSONShape.expectTypeError(
            DataProducerDump.self, #"{"id": "d", "type": "webrtc", "label": "", "protocol": "", "paused": false}"#,
            mentioning: ["DataProducerDump.type"])
        JSONShape.expectTypeError(
            TransportTraceEventData.self, #"{"type": "bwe", "timestamp": 1, "direction": "sideways", "info": {}}"#,
            mentioning: ["TraceEventData<TransportTraceEventType>.direction"])
    }

    // MARK: Malformed text, empty input, null and garbage

    @Test("malformed JSON text", arguments: ["{", #"{"codecs": ["#, #"{"codecs": [}"#, "{codecs: []}", #"{"codecs": []"#, "]"])
    func malformedText(json: String) {
        JSONShape.expectTypeError(RtpParameters.self, json, mentioning: ["RtpParameters"])
    }

    @Test("empty input and whitespace only")
    func emptyInput() throws {
        JSONShape.expectTypeError(RtpParameters.self, "", mentioning: ["RtpParameters"])
        JSONShape.expectTypeError(RtpParameters.self, "   \n", mentioning: ["RtpParameters"])
        #expect(throws: TypeError.self) { try RtpCapabilities(json: [UInt8]()) }
    }

    @Test("bytes that are not UTF-8 text")
    func notText() {
        #expect(throws: TypeError.self) { try RtpParameters(json: [0xFF, 0xFE, 0x00, 0x7B]) }
        #expect(throws: TypeError.self) { try JSONValue(json: [0xC3, 0x28]) }
    }

    @Test("null where an object or a value is required")
    func nullWhereRequired() {
        JSONShape.expectTypeError(RtpParameters.self, "null", mentioning: ["RtpParameters"])
        JSONShape.expectTypeError(RtpParameters.self, #"{"codecs": null}"#, mentioning: ["RtpParameters.codecs"])
        JSONShape.expectTypeError(RtpParameters.self, #"{"codecs": [null]}"#, mentioning: ["RtpParameters.codecs[0]"])
        JSONShape.expectTypeError(
            RtpParameters.self, #"{"codecs": [{"mimeType": null, "payloadType": 1, "clockRate": 1}]}"#,
            mentioning: ["RtpParameters.codecs[0].mimeType"])
        JSONShape.expectTypeError(DtlsParameters.self, #"{"fingerprints": [null]}"#, mentioning: ["DtlsParameters.fingerprints[0]"])
        JSONShape.expectTypeError(TransportDump.self, "null", mentioning: ["TransportDump"])
        JSONShape.expectTypeError(TransportListenIp.self, "null", mentioning: ["TransportListenIp"])
    }

    @Test("null for an optional field reads as absent")
    func nullForOptional() throws {
        let params = try RtpParameters(json: #"{"mid": null, "codecs": [], "encodings": [{"ssrc": null, "rid": "r0"}], "rtcp": null}"#)
        #expect(params.mid == nil)
        #expect(params.rtcp == nil)
        #expect(params.encodings == [RtpEncodingParameters(rid: "r0")])
    }

    @Test("a value of the wrong JSON kind at the top level", arguments: ["[]", "42", #""codecs""#, "true"])
    func wrongTopLevelKind(json: String) {
        JSONShape.expectTypeError(RtpParameters.self, json, mentioning: ["RtpParameters"])
        JSONShape.expectTypeError(RtpCapabilities.self, json, mentioning: ["RtpCapabilities"])
    }

    @Test("deeply nested garbage throws TypeError instead of crashing")
    func deeplyNestedGarbage() {
        let depth = 50_000
        JSONShape.expectTypeError(RtpParameters.self, String(repeating: "[", count: depth), mentioning: ["RtpParameters"])
        JSONShape.expectTypeError(
            RtpParameters.self, #"{"codecs": "# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}",
            mentioning: ["RtpParameters"])
        JSONShape.expectTypeError(
            RtpParameters.self,
            #"{"codecs": [{"mimeType": "audio/opus", "payloadType": 111, "clockRate": 48000, "parameters": "#
                + String(repeating: #"{"a": "#, count: depth) + "1" + String(repeating: "}", count: depth) + "}]}",
            mentioning: ["RtpParameters"])
        JSONShape.expectTypeError(
            TransportDump.self, String(repeating: #"{"id": "#, count: depth), mentioning: ["TransportDump"])
    }

    @Test("nested but reasonable free-form parameters still decode")
    func nestedParametersDecode() throws {
        let depth = 50
        let nested = String(repeating: #"{"a": "#, count: depth) + "1" + String(repeating: "}", count: depth)
        let params = try RtpParameters(
            json: #"{"codecs": [{"mimeType": "audio/opus", "payloadType": 111, "clockRate": 48000, "parameters": {"x": \#(nested)}}]}"#)
        #expect(params.codecs.first?.parameters?["x"]?["a"]?["a"] != nil)
    }

    // MARK: Open and lenient shapes

    @Test("TransportListenIp rejects values that are neither a string nor an object with ip")
    func listenIpRejects() {
        JSONShape.expectTypeError(TransportListenIp.self, "123", mentioning: ["TransportListenIp"])
        JSONShape.expectTypeError(TransportListenIp.self, #"{"announcedIp": "1.2.3.4"}"#, mentioning: ["TransportListenIp.ip"])
        JSONShape.expectTypeError(TransportListenIp.self, #"["127.0.0.1"]"#, mentioning: ["TransportListenIp"])
    }

    @Test("decoding from a JSONValue reports errors the same way")
    func decodingFromJSONValue() throws {
        let good: JSONValue = ["role": "client", "fingerprints": [["algorithm": "sha-256", "value": "AA:BB"]]]
        #expect(try DtlsParameters(jsonValue: good).role == .client)
        let bad: JSONValue = ["role": "client", "fingerprints": [["algorithm": "md5", "value": "AA:BB"]]]
        do {
            _ = try DtlsParameters(jsonValue: bad)
            Issue.record("expected a TypeError")
        } catch {
            #expect(error.message.contains("DtlsParameters.fingerprints[0].algorithm"))
        }
    }

    @Test("the error's description is 'TypeError: <message>'")
    func errorDescription() {
        do {
            _ = try SrtpParameters(json: #"{"cryptoSuite": "FOO", "keyBase64": ""}"#)
            Issue.record("expected a TypeError")
        } catch {
            #expect(error.description.hasPrefix("TypeError: "))
            #expect(error.description.contains("SrtpParameters.cryptoSuite"))
            #expect(ErrorKind.typeError.make(error.message) as? TypeError == error)
        }
    }
}
