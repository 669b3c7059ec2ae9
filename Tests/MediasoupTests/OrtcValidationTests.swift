import Mediasoup
import Testing

/// The validation rules of mediasoup's `ortc.ts`: defaults filled in, bad input refused with TypeError.
@Suite struct OrtcValidationTests {
    @Test func codecCapabilityGetsDefaultsAndKindFromMimeType() throws {
        var audio = RtpCodecCapability(kind: .video, mimeType: "AUDIO/opus", clockRate: 48000)
        try ORTC.validateRtpCodecCapability(&audio)
        #expect(audio.kind == .audio)
        #expect(audio.channels == 1)
        #expect(audio.parameters == [:])
        #expect(audio.rtcpFeedback == [])

        var video = RtpCodecCapability(
            kind: .video, mimeType: "video/VP8", clockRate: 90000, channels: 2,
            rtcpFeedback: [RtcpFeedback(type: "nack")])
        try ORTC.validateRtpCodecCapability(&video)
        #expect(video.channels == nil)
        #expect(video.rtcpFeedback == [RtcpFeedback(type: "nack", parameter: "")])
    }

    @Test(arguments: ["", "opus", "text/plain", "audio/", "audiox/opus"])
    func invalidMimeTypeIsTypeError(mimeType: String) {
        var codec = RtpCodecCapability(kind: .audio, mimeType: mimeType, clockRate: 48000)
        #expect(throws: TypeError.self) { try ORTC.validateRtpCodecCapability(&codec) }
    }

    @Test func parameterValuesMustBeStringsOrNumbers() {
        var codec = RtpCodecCapability(
            kind: .audio, mimeType: "audio/opus", clockRate: 48000, parameters: ["useinbandfec": true])
        #expect(throws: TypeError.self) { try ORTC.validateRtpCodecCapability(&codec) }
    }

    @Test func aptMustBeANumber() {
        var codec = RtpCodecParameters(
            mimeType: "video/rtx", payloadType: 102, clockRate: 90000, parameters: ["apt": "101"])
        #expect(throws: TypeError.self) { try ORTC.validateRtpCodecParameters(&codec) }
    }

    @Test func emptyFeedbackTypeIsTypeError() {
        var codec = RtpCodecCapability(
            kind: .video, mimeType: "video/VP8", clockRate: 90000, rtcpFeedback: [RtcpFeedback(type: "")])
        #expect(throws: TypeError.self) { try ORTC.validateRtpCodecCapability(&codec) }
    }

    @Test func capabilitiesGetEmptyListsAndExtensionDefaults() throws {
        var caps = RtpCapabilities()
        try ORTC.validateRtpCapabilities(&caps)
        #expect(caps.codecs == [])
        #expect(caps.headerExtensions == [])

        var withExtension = RtpCapabilities(headerExtensions: [
            RtpHeaderExtension(kind: .audio, uri: .mid, preferredId: 1)
        ])
        try ORTC.validateRtpCapabilities(&withExtension)
        #expect(withExtension.headerExtensions?.first?.preferredEncrypt == false)
        #expect(withExtension.headerExtensions?.first?.direction == .sendrecv)
    }

    @Test func rtpParametersGetMediasoupsDefaults() throws {
        var params = RtpParameters(
            codecs: [RtpCodecParameters(mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2)],
            headerExtensions: [RtpHeaderExtensionParameters(uri: .mid, id: 1)],
            encodings: [RtpEncodingParameters(ssrc: 1111), RtpEncodingParameters(ssrc: 2222, dtx: true)],
            rtcp: RtcpParameters(cname: "abc", reducedSize: false))
        try ORTC.validateRtpParameters(&params)
        #expect(params.headerExtensions == [RtpHeaderExtensionParameters(uri: .mid, id: 1, encrypt: false, parameters: [:])])
        #expect(params.encodings?.map(\.dtx) == [false, true])
        // As in mediasoup, reducedSize always ends up true.
        #expect(params.rtcp == RtcpParameters(cname: "abc", reducedSize: true))

        var bare = RtpParameters(codecs: [])
        try ORTC.validateRtpParameters(&bare)
        #expect(bare.headerExtensions == [])
        #expect(bare.encodings == [])
        #expect(bare.rtcp == RtcpParameters(reducedSize: true))
    }

    @Test func sctpStreamParametersOrderedDefaults() throws {
        var reliable = SctpStreamParameters(streamId: 1)
        try ORTC.validateSctpStreamParameters(&reliable)
        #expect(reliable.ordered == true)

        var partial = SctpStreamParameters(streamId: 1, maxRetransmits: 3)
        try ORTC.validateSctpStreamParameters(&partial)
        #expect(partial.ordered == false)

        var both = SctpStreamParameters(streamId: 1, maxPacketLifeTime: 5000, maxRetransmits: 3)
        #expect(throws: TypeError.self) { try ORTC.validateSctpStreamParameters(&both) }

        var orderedPartial = SctpStreamParameters(streamId: 1, ordered: true, maxPacketLifeTime: 5000)
        #expect(throws: TypeError.self) { try ORTC.validateSctpStreamParameters(&orderedPartial) }

        var unorderedPartial = SctpStreamParameters(streamId: 1, ordered: false, maxPacketLifeTime: 5000)
        try ORTC.validateSctpStreamParameters(&unorderedPartial)
        #expect(unorderedPartial.ordered == false)
    }

    @Test func routerCapabilitiesKeepStaticPayloadTypesAndRefuseDuplicates() throws {
        let caps = try ORTC.generateRouterRtpCapabilities(mediaCodecs: [
            RtpCodecCapability(kind: .audio, mimeType: "audio/PCMU", clockRate: 8000),
            RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2),
        ])
        #expect(caps.codecs?.map(\.preferredPayloadType) == [0, 100])

        #expect(throws: TypeError.self) {
            _ = try ORTC.generateRouterRtpCapabilities(mediaCodecs: [
                RtpCodecCapability(kind: .audio, mimeType: "audio/opus", preferredPayloadType: 96, clockRate: 48000, channels: 2),
                RtpCodecCapability(kind: .video, mimeType: "video/VP8", preferredPayloadType: 96, clockRate: 90000),
            ])
        }
    }

    @Test func routerCapabilitiesForOpusVp8H264() throws {
        let caps = try ORTC.generateRouterRtpCapabilities(mediaCodecs: [
            RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2),
            RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000),
            RtpCodecCapability(kind: .video, mimeType: "video/H264", clockRate: 90000),
        ])
        #expect(caps.codecs?.map(\.mimeType) == ["audio/opus", "video/VP8", "video/rtx", "video/H264", "video/rtx"])
        #expect(caps.codecs?.map(\.preferredPayloadType) == [100, 101, 102, 103, 104])
        #expect(caps.codecs?[2].parameters == ["apt": 101])
        #expect(caps.codecs?[4].parameters == ["apt": 103])
    }

    @Test func multiopusNeedsTheSameStreamCounts() throws {
        let caps = try ORTC.generateRouterRtpCapabilities(mediaCodecs: [
            RtpCodecCapability(
                kind: .audio, mimeType: "audio/multiopus", clockRate: 48000, channels: 6,
                parameters: ["num_streams": 4, "coupled_streams": 2])
        ])
        #expect(caps.codecs?.first?.parameters?["channel_mapping"] == "0,4,1,2,3,5")
        #expect(throws: UnsupportedError.self) {
            _ = try ORTC.generateRouterRtpCapabilities(mediaCodecs: [
                RtpCodecCapability(
                    kind: .audio, mimeType: "audio/multiopus", clockRate: 48000, channels: 6,
                    parameters: ["num_streams": 3, "coupled_streams": 2])
            ])
        }
    }

    @Test func vp9ProfilesMustMatchStrictly() throws {
        let router = try ORTC.generateRouterRtpCapabilities(mediaCodecs: [
            RtpCodecCapability(kind: .video, mimeType: "video/VP9", clockRate: 90000, parameters: ["profile-id": 2])
        ])
        var profile0 = RtpParameters(
            codecs: [RtpCodecParameters(mimeType: "video/VP9", payloadType: 98, clockRate: 90000)],
            encodings: [RtpEncodingParameters(ssrc: 1)])
        #expect(throws: UnsupportedError.self) {
            _ = try ORTC.getProducerRtpParametersMapping(&profile0, routerCapabilities: router)
        }
        var profile2 = RtpParameters(
            codecs: [
                RtpCodecParameters(mimeType: "video/VP9", payloadType: 98, clockRate: 90000, parameters: ["profile-id": 2])
            ],
            encodings: [RtpEncodingParameters(ssrc: 1)])
        let mapping = try ORTC.getProducerRtpParametersMapping(&profile2, routerCapabilities: router)
        #expect(mapping.codecs == [RtpMapping.CodecMapping(payloadType: 98, mappedPayloadType: 100)])
    }

    @Test func h264ProducerProfileLevelIdIsNegotiatedAgainstTheRouter() throws {
        let router = try ORTC.generateRouterRtpCapabilities(mediaCodecs: [
            RtpCodecCapability(
                kind: .video, mimeType: "video/H264", clockRate: 90000,
                parameters: ["packetization-mode": 1, "profile-level-id": "42e01f", "level-asymmetry-allowed": 1])
        ])
        var producer = RtpParameters(
            codecs: [
                RtpCodecParameters(
                    mimeType: "video/H264", payloadType: 125, clockRate: 90000,
                    parameters: ["packetization-mode": 1, "profile-level-id": "42e034"])
            ],
            encodings: [RtpEncodingParameters(ssrc: 1)])
        _ = try ORTC.getProducerRtpParametersMapping(&producer, routerCapabilities: router)
        // Without asymmetry on both sides the answer takes the lower level (3.1).
        #expect(producer.codecs[0].parameters?["profile-level-id"] == "42e01f")

        var otherPacketization = RtpParameters(
            codecs: [
                RtpCodecParameters(
                    mimeType: "video/H264", payloadType: 125, clockRate: 90000,
                    parameters: ["profile-level-id": "42e01f"])
            ],
            encodings: [RtpEncodingParameters(ssrc: 1)])
        #expect(throws: UnsupportedError.self) {
            _ = try ORTC.getProducerRtpParametersMapping(&otherPacketization, routerCapabilities: router)
        }
    }

    @Test func consumerBandwidthEstimationPrefersTransportCc() throws {
        let router = try ORTC.generateRouterRtpCapabilities(mediaCodecs: [
            RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000)
        ])
        var producer = RtpParameters(
            codecs: [RtpCodecParameters(mimeType: "video/VP8", payloadType: 96, clockRate: 90000)],
            encodings: [RtpEncodingParameters(ssrc: 1)], rtcp: RtcpParameters(cname: "x"))
        let mapping = try ORTC.getProducerRtpParametersMapping(&producer, routerCapabilities: router)
        let consumable = try ORTC.getConsumableRtpParameters(
            kind: .video, params: producer, routerCapabilities: router, mapping: mapping)

        func feedback(remoteExtensions: [RtpHeaderExtensionUri]) throws -> [String] {
            let remote = RtpCapabilities(
                codecs: router.codecs,
                headerExtensions: remoteExtensions.compactMap { uri in
                    router.headerExtensions?.first { $0.uri == uri && $0.kind == .video }
                })
            let consumer = try ORTC.getConsumerRtpParameters(
                consumableRtpParameters: consumable, remoteRtpCapabilities: remote, pipe: false, enableRtx: true)
            return consumer.codecs[0].rtcpFeedback?.map { [$0.type, $0.parameter ?? ""].joined(separator: " ") } ?? []
        }
        #expect(try feedback(remoteExtensions: [.transportWideCc01, .absSendTime])
            == ["nack ", "nack pli", "ccm fir", "transport-cc "])
        #expect(try feedback(remoteExtensions: [.absSendTime]) == ["nack ", "nack pli", "ccm fir", "goog-remb "])
        #expect(try feedback(remoteExtensions: []) == ["nack ", "nack pli", "ccm fir"])
    }

    @Test func canConsumeNeedsAMediaCodecMatch() throws {
        let router = try ORTC.generateRouterRtpCapabilities(mediaCodecs: [
            RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2)
        ])
        var producer = RtpParameters(
            codecs: [RtpCodecParameters(mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2)],
            encodings: [RtpEncodingParameters(ssrc: 1)], rtcp: RtcpParameters(cname: "x"))
        let mapping = try ORTC.getProducerRtpParametersMapping(&producer, routerCapabilities: router)
        let consumable = try ORTC.getConsumableRtpParameters(
            kind: .audio, params: producer, routerCapabilities: router, mapping: mapping)
        #expect(try ORTC.canConsume(consumable, capabilities: router))
        #expect(try !ORTC.canConsume(consumable, capabilities: RtpCapabilities()))
        #expect(throws: UnsupportedError.self) {
            _ = try ORTC.getConsumerRtpParameters(
                consumableRtpParameters: consumable, remoteRtpCapabilities: RtpCapabilities(codecs: []), pipe: false,
                enableRtx: false)
        }
    }
}
