import Mediasoup

/// Port of mediasoup's `test-ortc.ts`.
///
/// Like Mafalda's harness, which exercises an extracted ortc package, these
/// cases call the contract's ``ORTC`` functions directly rather than going
/// through the target's mediasoup object.
///
/// Where the original checks `typeof x === 'number'` (or `'object'`) on an
/// optional field, the port checks that it is present; on a field the Swift
/// type makes non-optional the check holds by construction and is noted.
enum OrtcCases {
    static let suite = "test-ortc"

    static let all: [AcceptanceCase] = [
        AcceptanceCase(suite, "generateRouterRtpCapabilities() succeeds") { _ in
            let mediaCodecs = [
                RtpCodecCapability(
                    kind: .audio,
                    mimeType: "audio/opus",
                    clockRate: 48000,
                    channels: 2,
                    parameters: ["useinbandfec": 1, "foo": "bar"]),
                RtpCodecCapability(
                    kind: .video,
                    mimeType: "video/VP8",
                    preferredPayloadType: 125,  // Let's force it.
                    clockRate: 90000),
                RtpCodecCapability(
                    kind: .video,
                    mimeType: "video/H264",
                    clockRate: 90000,
                    parameters: ["level-asymmetry-allowed": 1, "profile-level-id": "42e01f", "foo": "bar"],
                    rtcpFeedback: []),  // Will be ignored.
            ]

            let rtpCapabilities = try ORTC.generateRouterRtpCapabilities(mediaCodecs: mediaCodecs)

            try expectEqual(rtpCapabilities.codecs?.count, 5, "rtpCapabilities.codecs.length")

            let opus = RtpCodecCapability(
                kind: .audio,
                mimeType: "audio/opus",
                preferredPayloadType: 100,  // 100 is the first available dynamic PT.
                clockRate: 48000,
                channels: 2,
                parameters: ["useinbandfec": 1, "foo": "bar"],
                rtcpFeedback: [feedback("nack"), feedback("transport-cc")])
            try expectEqual(try element(rtpCapabilities.codecs, 0, "codecs[0]"), opus, "opus codec")

            let vp8 = RtpCodecCapability(
                kind: .video,
                mimeType: "video/VP8",
                preferredPayloadType: 125,
                clockRate: 90000,
                parameters: [:],
                rtcpFeedback: routerVideoFeedback)
            try expectEqual(try element(rtpCapabilities.codecs, 1, "codecs[1]"), vp8, "VP8 codec")

            let vp8Rtx = RtpCodecCapability(
                kind: .video,
                mimeType: "video/rtx",
                preferredPayloadType: 101,  // 101 is the second available dynamic PT.
                clockRate: 90000,
                parameters: ["apt": 125],
                rtcpFeedback: [])
            try expectEqual(try element(rtpCapabilities.codecs, 2, "codecs[2]"), vp8Rtx, "VP8 RTX codec")

            let h264 = RtpCodecCapability(
                kind: .video,
                mimeType: "video/H264",
                preferredPayloadType: 102,  // 102 is the third available dynamic PT.
                clockRate: 90000,
                // Since packetization-mode param was not included in the H264 codec
                // and it's default value is 0, it's not added by ortc file.
                // "packetization-mode": 0,
                parameters: ["level-asymmetry-allowed": 1, "profile-level-id": "42e01f", "foo": "bar"],
                rtcpFeedback: routerVideoFeedback)
            try expectEqual(try element(rtpCapabilities.codecs, 3, "codecs[3]"), h264, "H264 codec")

            let h264Rtx = RtpCodecCapability(
                kind: .video,
                mimeType: "video/rtx",
                preferredPayloadType: 103,
                clockRate: 90000,
                parameters: ["apt": 102],
                rtcpFeedback: [])
            try expectEqual(try element(rtpCapabilities.codecs, 4, "codecs[4]"), h264Rtx, "H264 RTX codec")
        },

        AcceptanceCase(suite, "generateRouterRtpCapabilities() with unsupported codecs throws UnsupportedError") {
            _ in
            var mediaCodecs: [RtpCodecCapability]

            mediaCodecs = [
                RtpCodecCapability(kind: .audio, mimeType: "audio/chicken", clockRate: 8000, channels: 4)
            ]

            try await expectThrows(UnsupportedError.self) {
                _ = try ORTC.generateRouterRtpCapabilities(mediaCodecs: mediaCodecs)
            }

            mediaCodecs = [
                RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 1)
            ]

            try await expectThrows(UnsupportedError.self) {
                _ = try ORTC.generateRouterRtpCapabilities(mediaCodecs: mediaCodecs)
            }
        },

        AcceptanceCase(suite, "generateRouterRtpCapabilities() with too many codecs throws") { _ in
            let mediaCodecs = Array(
                repeating: RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2),
                count: 100)

            try await expectThrows(containing: "cannot allocate") {
                _ = try ORTC.generateRouterRtpCapabilities(mediaCodecs: mediaCodecs)
            }
        },

        AcceptanceCase(
            suite,
            "getProducerRtpParametersMapping(), getConsumableRtpParameters(), getConsumerRtpParameters() and getPipeConsumerRtpParameters() succeed"
        ) { _ in
            let mediaCodecs = [
                RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2),
                RtpCodecCapability(
                    kind: .video,
                    mimeType: "video/H264",
                    clockRate: 90000,
                    parameters: [
                        "level-asymmetry-allowed": 1,
                        "packetization-mode": 1,
                        "profile-level-id": "4d0032",
                        "bar": "lalala",
                    ]),
            ]

            let routerRtpCapabilities = try ORTC.generateRouterRtpCapabilities(mediaCodecs: mediaCodecs)

            var rtpParameters = RtpParameters(
                codecs: [
                    RtpCodecParameters(
                        mimeType: "video/H264",
                        payloadType: 111,
                        clockRate: 90000,
                        parameters: ["foo": 1234, "packetization-mode": 1, "profile-level-id": "4d0032"],
                        rtcpFeedback: [feedback("nack"), feedback("nack", "pli"), feedback("goog-remb")]),
                    RtpCodecParameters(
                        mimeType: "video/rtx",
                        payloadType: 112,
                        clockRate: 90000,
                        parameters: ["apt": 111],
                        rtcpFeedback: []),
                ],
                headerExtensions: [
                    RtpHeaderExtensionParameters(uri: "urn:ietf:params:rtp-hdrext:sdes:mid", id: 1),
                    RtpHeaderExtensionParameters(uri: "urn:3gpp:video-orientation", id: 2),
                ],
                encodings: [
                    RtpEncodingParameters(
                        ssrc: 11111111, rtx: RtxParameters(ssrc: 11111112), scalabilityMode: "L1T3",
                        maxBitrate: 111111),
                    RtpEncodingParameters(
                        ssrc: 21111111, rtx: RtxParameters(ssrc: 21111112), scalabilityMode: "L1T3",
                        maxBitrate: 222222),
                    RtpEncodingParameters(rid: "high", scalabilityMode: "L1T3", maxBitrate: 333333),
                ],
                rtcp: RtcpParameters(cname: "qwerty1234"))

            let rtpMapping = try ORTC.getProducerRtpParametersMapping(
                &rtpParameters, routerCapabilities: routerRtpCapabilities)

            try expectEqual(
                rtpMapping.codecs,
                [
                    RtpMapping.CodecMapping(payloadType: 111, mappedPayloadType: 101),
                    RtpMapping.CodecMapping(payloadType: 112, mappedPayloadType: 102),
                ],
                "rtpMapping.codecs")

            // `mappedSsrc` is a non-optional UInt32: `typeof mappedSsrc === 'number'` holds by type.
            let mappedEncoding0 = try element(rtpMapping.encodings, 0, "rtpMapping.encodings[0]")
            try expectEqual(mappedEncoding0.ssrc, 11111111, "rtpMapping.encodings[0].ssrc")
            try expectEqual(mappedEncoding0.rid, nil, "rtpMapping.encodings[0].rid")
            let mappedEncoding1 = try element(rtpMapping.encodings, 1, "rtpMapping.encodings[1]")
            try expectEqual(mappedEncoding1.ssrc, 21111111, "rtpMapping.encodings[1].ssrc")
            try expectEqual(mappedEncoding1.rid, nil, "rtpMapping.encodings[1].rid")
            let mappedEncoding2 = try element(rtpMapping.encodings, 2, "rtpMapping.encodings[2]")
            try expectEqual(mappedEncoding2.ssrc, nil, "rtpMapping.encodings[2].ssrc")
            try expectEqual(mappedEncoding2.rid, "high", "rtpMapping.encodings[2].rid")

            let consumableRtpParameters = try ORTC.getConsumableRtpParameters(
                kind: .video, params: rtpParameters, routerCapabilities: routerRtpCapabilities, mapping: rtpMapping)

            let consumableH264 = try element(consumableRtpParameters.codecs, 0, "consumable codecs[0]")
            try expectEqual(consumableH264.mimeType, "video/H264", "consumable codecs[0].mimeType")
            try expectEqual(consumableH264.payloadType, 101, "consumable codecs[0].payloadType")
            try expectEqual(consumableH264.clockRate, 90000, "consumable codecs[0].clockRate")
            try expectEqual(
                consumableH264.parameters, ["foo": 1234, "packetization-mode": 1, "profile-level-id": "4d0032"],
                "consumable codecs[0].parameters")

            let consumableRtx = try element(consumableRtpParameters.codecs, 1, "consumable codecs[1]")
            try expectEqual(consumableRtx.mimeType, "video/rtx", "consumable codecs[1].mimeType")
            try expectEqual(consumableRtx.payloadType, 102, "consumable codecs[1].payloadType")
            try expectEqual(consumableRtx.clockRate, 90000, "consumable codecs[1].clockRate")
            try expectEqual(consumableRtx.parameters, ["apt": 101], "consumable codecs[1].parameters")

            try expectEqual(
                try element(consumableRtpParameters.encodings, 0, "consumable encodings[0]"),
                RtpEncodingParameters(ssrc: mappedEncoding0.mappedSsrc, scalabilityMode: "L1T3", maxBitrate: 111111),
                "consumable encodings[0]")
            try expectEqual(
                try element(consumableRtpParameters.encodings, 1, "consumable encodings[1]"),
                RtpEncodingParameters(ssrc: mappedEncoding1.mappedSsrc, scalabilityMode: "L1T3", maxBitrate: 222222),
                "consumable encodings[1]")
            try expectEqual(
                try element(consumableRtpParameters.encodings, 2, "consumable encodings[2]"),
                RtpEncodingParameters(ssrc: mappedEncoding2.mappedSsrc, scalabilityMode: "L1T3", maxBitrate: 333333),
                "consumable encodings[2]")

            let expectedRtcp = RtcpParameters(cname: rtpParameters.rtcp?.cname, reducedSize: true)
            try expectEqual(consumableRtpParameters.rtcp, expectedRtcp, "consumable rtcp")

            let remoteRtpCapabilities = RtpCapabilities(
                codecs: [
                    RtpCodecCapability(
                        kind: .audio,
                        mimeType: "audio/opus",
                        preferredPayloadType: 100,
                        clockRate: 48000,
                        channels: 2,
                        parameters: [:],
                        rtcpFeedback: []),
                    RtpCodecCapability(
                        kind: .video,
                        mimeType: "video/H264",
                        preferredPayloadType: 101,
                        clockRate: 90000,
                        parameters: ["packetization-mode": 1, "profile-level-id": "4d0032", "baz": "LOLOLO"],
                        rtcpFeedback: [feedback("nack"), feedback("nack", "pli"), feedback("foo", "FOO")]),
                    RtpCodecCapability(
                        kind: .video,
                        mimeType: "video/rtx",
                        preferredPayloadType: 102,
                        clockRate: 90000,
                        parameters: ["apt": 101],
                        rtcpFeedback: []),
                ],
                headerExtensions: [
                    RtpHeaderExtension(
                        kind: .audio, uri: "urn:ietf:params:rtp-hdrext:sdes:mid", preferredId: 1,
                        preferredEncrypt: false, direction: .sendrecv),
                    RtpHeaderExtension(
                        kind: .video, uri: "urn:ietf:params:rtp-hdrext:sdes:mid", preferredId: 1,
                        preferredEncrypt: false, direction: .sendrecv),
                    RtpHeaderExtension(
                        kind: .video, uri: "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", preferredId: 2,
                        preferredEncrypt: false, direction: .sendrecv),
                    RtpHeaderExtension(
                        kind: .audio, uri: "urn:ietf:params:rtp-hdrext:ssrc-audio-level", preferredId: 8,
                        preferredEncrypt: false, direction: .sendrecv),
                    RtpHeaderExtension(
                        kind: .video, uri: "urn:3gpp:video-orientation", preferredId: 11,
                        preferredEncrypt: false, direction: .sendrecv),
                    RtpHeaderExtension(
                        kind: .video, uri: "urn:ietf:params:rtp-hdrext:toffset", preferredId: 12,
                        preferredEncrypt: false, direction: .sendrecv),
                ])

            let consumerRtpParameters = try ORTC.getConsumerRtpParameters(
                consumableRtpParameters: consumableRtpParameters,
                remoteRtpCapabilities: remoteRtpCapabilities,
                pipe: false,
                enableRtx: true)

            try expectEqual(consumerRtpParameters.codecs.count, 2, "consumer codecs.length")
            let consumerH264 = RtpCodecParameters(
                mimeType: "video/H264",
                payloadType: 101,
                clockRate: 90000,
                parameters: ["foo": 1234, "packetization-mode": 1, "profile-level-id": "4d0032"],
                rtcpFeedback: [feedback("nack"), feedback("nack", "pli"), feedback("foo", "FOO")])
            try expectEqual(
                try element(consumerRtpParameters.codecs, 0, "consumer codecs[0]"), consumerH264, "consumer codecs[0]")
            let consumerRtx = RtpCodecParameters(
                mimeType: "video/rtx",
                payloadType: 102,
                clockRate: 90000,
                parameters: ["apt": 101],
                rtcpFeedback: [])
            try expectEqual(
                try element(consumerRtpParameters.codecs, 1, "consumer codecs[1]"), consumerRtx, "consumer codecs[1]")

            try expectEqual(consumerRtpParameters.encodings?.count, 1, "consumer encodings.length")
            let consumerEncoding = try element(consumerRtpParameters.encodings, 0, "consumer encodings[0]")
            _ = try expectNotNil(consumerEncoding.ssrc, "consumer encodings[0].ssrc")
            // `rtx.ssrc` is a non-optional UInt32: `typeof rtx.ssrc === 'number'` holds once `rtx` is present.
            _ = try expectNotNil(consumerEncoding.rtx, "consumer encodings[0].rtx")
            try expectEqual(consumerEncoding.scalabilityMode, "L3T3", "consumer encodings[0].scalabilityMode")
            try expectEqual(consumerEncoding.maxBitrate, 333333, "consumer encodings[0].maxBitrate")

            try expectEqual(
                consumerRtpParameters.headerExtensions,
                [
                    RtpHeaderExtensionParameters(
                        uri: "urn:ietf:params:rtp-hdrext:sdes:mid", id: 1, encrypt: false, parameters: [:]),
                    RtpHeaderExtensionParameters(
                        uri: "urn:3gpp:video-orientation", id: 11, encrypt: false, parameters: [:]),
                    RtpHeaderExtensionParameters(
                        uri: "urn:ietf:params:rtp-hdrext:toffset", id: 12, encrypt: false, parameters: [:]),
                ],
                "consumer headerExtensions")

            try expectEqual(consumerRtpParameters.rtcp, expectedRtcp, "consumer rtcp")

            let pipeConsumerRtpParameters = ORTC.getPipeConsumerRtpParameters(
                consumableRtpParameters: consumableRtpParameters, enableRtx: false)

            try expectEqual(pipeConsumerRtpParameters.codecs.count, 1, "pipe consumer codecs.length")
            let pipeConsumerH264 = RtpCodecParameters(
                mimeType: "video/H264",
                payloadType: 101,
                clockRate: 90000,
                parameters: ["foo": 1234, "packetization-mode": 1, "profile-level-id": "4d0032"],
                rtcpFeedback: [feedback("nack", "pli"), feedback("ccm", "fir")])
            try expectEqual(
                try element(pipeConsumerRtpParameters.codecs, 0, "pipe consumer codecs[0]"), pipeConsumerH264,
                "pipe consumer codecs[0]")

            try expectEqual(pipeConsumerRtpParameters.encodings?.count, 3, "pipe consumer encodings.length")
            for index in 0..<3 {
                let what = "pipe consumer encodings[\(index)]"
                let encoding = try element(pipeConsumerRtpParameters.encodings, index, what)
                _ = try expectNotNil(encoding.ssrc, "\(what).ssrc")
                try expectEqual(encoding.rtx, nil, "\(what).rtx")
                _ = try expectNotNil(encoding.maxBitrate, "\(what).maxBitrate")
                try expectEqual(encoding.scalabilityMode, "L1T3", "\(what).scalabilityMode")
            }

            try expectEqual(pipeConsumerRtpParameters.rtcp, expectedRtcp, "pipe consumer rtcp")
        },

        AcceptanceCase(suite, "getProducerRtpParametersMapping() with incompatible params throws UnsupportedError") {
            _ in
            let mediaCodecs = [
                RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2),
                RtpCodecCapability(
                    kind: .video,
                    mimeType: "video/H264",
                    clockRate: 90000,
                    parameters: ["packetization-mode": 1, "profile-level-id": "640032"]),
            ]

            let routerRtpCapabilities = try ORTC.generateRouterRtpCapabilities(mediaCodecs: mediaCodecs)

            let rtpParameters = RtpParameters(
                codecs: [
                    RtpCodecParameters(
                        mimeType: "video/VP8",
                        payloadType: 120,
                        clockRate: 90000,
                        rtcpFeedback: [feedback("nack"), feedback("nack", "fir")])
                ],
                headerExtensions: [],
                encodings: [RtpEncodingParameters(ssrc: 11111111)],
                rtcp: RtcpParameters(cname: "qwerty1234"))

            try await expectThrows(UnsupportedError.self) {
                var rtpParameters = rtpParameters
                _ = try ORTC.getProducerRtpParametersMapping(&rtpParameters, routerCapabilities: routerRtpCapabilities)
            }
        },
    ]

    /// The RTCP feedback of the router's video codecs (VP8, H264) in mediasoup's supported capabilities.
    private static let routerVideoFeedback = [
        feedback("nack"), feedback("nack", "pli"), feedback("ccm", "fir"), feedback("goog-remb"),
        feedback("transport-cc"),
    ]
}

/// An RTCP feedback entry as validation leaves it: `parameter` is `""` when there is none.
private func feedback(_ type: String, _ parameter: String = "") -> RtcpFeedback {
    RtcpFeedback(type: type, parameter: parameter)
}

/// `array[index]`, failing the case when there is no such element (where the
/// original would read a property of `undefined` or compare `undefined`).
private func element<T>(
    _ array: [T]?, _ index: Int, _ what: String, file: String = #fileID, line: Int = #line
) throws -> T {
    guard let array, array.indices.contains(index) else {
        throw ExpectationFailure(message: "\(what) is missing", file: file, line: line)
    }
    return array[index]
}
