import Testing

@testable import MafaldaFoundation
@testable import Mediasoup

// Samples are written by hand from the shapes of contract sections 7 and 8 and
// mediasoup's parsers (parseWorkerDumpResponse, parseBaseTransportDump,
// parseConsumerDumpResponse, parseRtpStreamStats…): what `dump()` and
// `getStats()` resolve to, as JSON.
@Suite("Dump and stats JSON")
struct DumpAndStatsJSONTests {
    // MARK: Worker, WebRtcServer and Router dumps

    @Test("worker dump round-trips, with and without liburing")
    func workerDump() throws {
        let json = #"""
            {
              "pid": 48213,
              "webRtcServerIds": ["e9c1b6f0-6a1d-4f3c-9a7c-2b8c3f9d1e20"],
              "routerIds": ["0f3a8d5c-1b2e-4c7d-8e9f-a0b1c2d3e4f5"],
              "channelMessageHandlers": {
                "channelRequestHandlers": ["0f3a8d5c-1b2e-4c7d-8e9f-a0b1c2d3e4f5", "e9c1b6f0-6a1d-4f3c-9a7c-2b8c3f9d1e20"],
                "channelNotificationHandlers": []
              },
              "liburing": { "sqeProcessCount": 1520, "sqeMissCount": 0, "userDataMissCount": 3 }
            }
            """#
        let dump = try JSONShape.roundTrip(WorkerDump.self, json)
        #expect(dump.pid == 48213)
        #expect(dump.channelMessageHandlers.channelNotificationHandlers == [])
        #expect(dump.liburing?.userDataMissCount == 3)

        let fresh = try JSONShape.roundTrip(
            WorkerDump.self,
            #"""
            {"pid": 7, "webRtcServerIds": [], "routerIds": [],
             "channelMessageHandlers": {"channelRequestHandlers": [], "channelNotificationHandlers": []}}
            """#)
        #expect(fresh.liburing == nil)
        #expect(fresh == WorkerDump(pid: 7))
        // A dump built in Swift writes the empty lists, as mediasoup does.
        try JSONShape.expectEncodes(
            WorkerDump(pid: 7),
            as: #"""
                {"pid": 7, "webRtcServerIds": [], "routerIds": [],
                 "channelMessageHandlers": {"channelRequestHandlers": [], "channelNotificationHandlers": []}}
                """#)
    }

    @Test("worker resource usage round-trips")
    func resourceUsage() throws {
        let json = #"""
            {
              "ru_utime": 1234.567, "ru_stime": 89, "ru_maxrss": 65432, "ru_ixrss": 0, "ru_idrss": 0, "ru_isrss": 0,
              "ru_minflt": 12000, "ru_majflt": 2, "ru_nswap": 0, "ru_inblock": 8, "ru_oublock": 16, "ru_msgsnd": 0,
              "ru_msgrcv": 0, "ru_nsignals": 0, "ru_nvcsw": 3400, "ru_nivcsw": 120
            }
            """#
        let usage = try JSONShape.roundTrip(WorkerResourceUsage.self, json)
        #expect(usage.ru_utime == 1234.567)
        #expect(usage.ru_stime == 89)
        #expect(usage.ru_nivcsw == 120)
    }

    @Test("WebRtcServer dump round-trips")
    func webRtcServerDump() throws {
        let json = #"""
            {
              "id": "e9c1b6f0-6a1d-4f3c-9a7c-2b8c3f9d1e20",
              "udpSockets": [{ "ip": "127.0.0.1", "port": 44444 }],
              "tcpServers": [{ "ip": "127.0.0.1", "port": 44444 }, { "ip": "::1", "port": 44445 }],
              "webRtcTransportIds": ["5b7a1b3e-3f0b-4c9f-9a57-3d0f3b2a6c11"],
              "localIceUsernameFragments": [
                { "localIceUsernameFragment": "hm2mqp4vlyrtcc0xn4htcnlrmhz8jc5h", "webRtcTransportId": "5b7a1b3e-3f0b-4c9f-9a57-3d0f3b2a6c11" }
              ],
              "tupleHashes": [{ "tupleHash": 140737488355328, "webRtcTransportId": "5b7a1b3e-3f0b-4c9f-9a57-3d0f3b2a6c11" }]
            }
            """#
        let dump = try JSONShape.roundTrip(WebRtcServerDump.self, json)
        #expect(dump.tcpServers.count == 2)
        #expect(dump.tupleHashes.first?.tupleHash == 140_737_488_355_328)
        try JSONShape.roundTrip(
            WebRtcServerDump.self,
            #"""
            {"id": "s", "udpSockets": [], "tcpServers": [], "webRtcTransportIds": [], "localIceUsernameFragments": [], "tupleHashes": []}
            """#)
    }

    @Test("router dump round-trips, a producer without consumers keeping `values: []`")
    func routerDump() throws {
        let json = #"""
            {
              "id": "0f3a8d5c-1b2e-4c7d-8e9f-a0b1c2d3e4f5",
              "transportIds": ["5b7a1b3e-3f0b-4c9f-9a57-3d0f3b2a6c11", "c8e1a2a4-9c5e-4b7e-8a53-0d8b0d2f9e01"],
              "rtpObserverIds": ["a1b2c3d4-0000-4000-8000-000000000001"],
              "mapProducerIdConsumerIds": [
                { "key": "p-audio", "values": ["c-audio-1", "c-audio-2"] },
                { "key": "p-video", "values": [] }
              ],
              "mapConsumerIdProducerId": [
                { "key": "c-audio-1", "value": "p-audio" },
                { "key": "c-audio-2", "value": "p-audio" }
              ],
              "mapProducerIdObserverIds": [{ "key": "p-audio", "values": ["a1b2c3d4-0000-4000-8000-000000000001"] }],
              "mapDataProducerIdDataConsumerIds": [{ "key": "dp-1", "values": ["dc-1"] }],
              "mapDataConsumerIdDataProducerId": [{ "key": "dc-1", "value": "dp-1" }]
            }
            """#
        let dump = try JSONShape.roundTrip(RouterDump.self, json)
        #expect(dump.mapProducerIdConsumerIds[1] == KeyValues(key: "p-video", values: []))
        #expect(dump.mapConsumerIdProducerId.map(\.key) == ["c-audio-1", "c-audio-2"])
        try JSONShape.expectEncodes(
            RouterDump(id: "r"),
            as: #"""
                {"id": "r", "transportIds": [], "rtpObserverIds": [], "mapProducerIdConsumerIds": [],
                 "mapConsumerIdProducerId": [], "mapProducerIdObserverIds": [],
                 "mapDataProducerIdDataConsumerIds": [], "mapDataConsumerIdDataProducerId": []}
                """#)
    }

    // MARK: Transport dumps

    static let webRtcTransportDump = #"""
        {
          "id": "5b7a1b3e-3f0b-4c9f-9a57-3d0f3b2a6c11",
          "direct": false,
          "producerIds": ["p-video"],
          "consumerIds": ["c-audio-1"],
          "mapSsrcConsumerId": [{ "key": 846159243, "value": "c-audio-1" }],
          "mapRtxSsrcConsumerId": [{ "key": 4294967295, "value": "c-audio-1" }],
          "recvRtpHeaderExtensions": { "mid": 4, "rid": 10, "rrid": 11, "absSendTime": 2, "transportWideCc01": 3 },
          "rtpListener": {
            "ssrcTable": [{ "key": 1111111111, "value": "p-video" }, { "key": 3333333333, "value": "p-video" }],
            "midTable": [{ "key": "1", "value": "p-video" }],
            "ridTable": [{ "key": "r0", "value": "p-video" }, { "key": "r1", "value": "p-video" }]
          },
          "maxMessageSize": 262144,
          "dataProducerIds": ["dp-1"],
          "dataConsumerIds": [],
          "sctpParameters": {
            "port": 5000, "OS": 1024, "MIS": 1024, "maxMessageSize": 262144,
            "sendBufferSize": 262144, "sctpBufferedAmount": 0, "isDataChannel": true
          },
          "sctpState": "connected",
          "sctpListener": { "streamIdTable": [{ "key": 0, "value": "dp-1" }] },
          "traceEventTypes": ["bwe"],
          "iceRole": "controlled",
          "iceParameters": {
            "usernameFragment": "hm2mqp4vlyrtcc0xn4htcnlrmhz8jc5h",
            "password": "ezw2y7n1ps3i0bn02c2v4xu7d9wqr4rt",
            "iceLite": true
          },
          "iceCandidates": [
            { "foundation": "udpcandidate", "priority": 1076302079, "ip": "127.0.0.1", "address": "127.0.0.1", "protocol": "udp", "port": 44444, "type": "host" },
            { "foundation": "tcpcandidate", "priority": 1076276479, "ip": "127.0.0.1", "address": "127.0.0.1", "protocol": "tcp", "port": 44445, "type": "host", "tcpType": "passive" }
          ],
          "iceState": "completed",
          "dtlsParameters": {
            "role": "server",
            "fingerprints": [
              { "algorithm": "sha-256", "value": "D4:35:0B:76:D8:43:13:84:4F:3D:9F:B9:A0:77:40:12:4B:B7:9A:21:C0:F8:3A:F4:9D:8E:28:5B:15:5A:06:C7" }
            ]
          },
          "dtlsState": "connected"
        }
        """#

    @Test("WebRtcTransport dump round-trips, map keys staying numbers")
    func webRtcTransportDump() throws {
        let dump = try JSONShape.roundTrip(TransportDump.self, Self.webRtcTransportDump)
        #expect(dump.direct == false)
        #expect(dump.mapSsrcConsumerId == [KeyValue(key: 846_159_243, value: "c-audio-1")])
        #expect(dump.mapRtxSsrcConsumerId.first?.key == 4_294_967_295)
        #expect(dump.recvRtpHeaderExtensions == RecvRtpHeaderExtensions(mid: 4, rid: 10, rrid: 11, absSendTime: 2, transportWideCc01: 3))
        #expect(dump.rtpListener.ssrcTable.map(\.key) == [1_111_111_111, 3_333_333_333])
        #expect(dump.rtpListener.midTable == [KeyValue(key: "1", value: "p-video")])
        #expect(dump.sctpListener?.streamIdTable == [KeyValue(key: 0, value: "dp-1")])
        #expect(dump.sctpState == .connected)
        #expect(dump.iceRole == .controlled)
        #expect(dump.iceState == .completed)
        #expect(dump.iceCandidates?.count == 2)
        #expect(dump.dtlsParameters?.role == .server)
        #expect(dump.dtlsState == .connected)
        #expect(dump.tuple == nil)
        #expect(dump.iceSelectedTuple == nil)

        // The SSRC keys are JSON numbers, not strings.
        let tree = try dump.jsonValue()
        #expect(tree["mapSsrcConsumerId"]?.arrayValue?.first?["key"] == .number(846_159_243))
        #expect(tree["rtpListener"]?["midTable"]?.arrayValue?.first?["key"] == .string("1"))
    }

    @Test("PlainTransport dump round-trips with tuple, rtcpTuple and srtpParameters")
    func plainTransportDump() throws {
        let json = #"""
            {
              "id": "c8e1a2a4-9c5e-4b7e-8a53-0d8b0d2f9e01",
              "direct": false,
              "producerIds": [],
              "consumerIds": ["c-audio-2"],
              "mapSsrcConsumerId": [{ "key": 12345678, "value": "c-audio-2" }],
              "mapRtxSsrcConsumerId": [],
              "recvRtpHeaderExtensions": {},
              "rtpListener": { "ssrcTable": [], "midTable": [], "ridTable": [] },
              "maxMessageSize": 262144,
              "dataProducerIds": [],
              "dataConsumerIds": [],
              "traceEventTypes": [],
              "rtcpMux": false,
              "comedia": false,
              "tuple": { "localIp": "127.0.0.1", "localAddress": "127.0.0.1", "localPort": 40002, "remoteIp": "127.0.0.1", "remotePort": 5004, "protocol": "udp" },
              "rtcpTuple": { "localIp": "127.0.0.1", "localAddress": "127.0.0.1", "localPort": 40003, "remoteIp": "127.0.0.1", "remotePort": 5005, "protocol": "udp" },
              "srtpParameters": { "cryptoSuite": "AEAD_AES_256_GCM", "keyBase64": "YTdlZmFmMmU0YzFjMjdlNjNjYWM3NjhkNmNhYmI1ZmE3NmE4ZDBkNTdjNTE=" }
            }
            """#
        let dump = try JSONShape.roundTrip(TransportDump.self, json)
        #expect(dump.recvRtpHeaderExtensions == RecvRtpHeaderExtensions())
        #expect(dump.rtcpMux == false)
        #expect(dump.comedia == false)
        #expect(dump.rtcpTuple?.localPort == 40003)
        #expect(dump.srtpParameters?.cryptoSuite == .aeadAes256Gcm)
        #expect(dump.sctpParameters == nil)
        #expect(dump.sctpState == nil)
        #expect(dump.traceEventTypes == [])
        #expect(dump.iceRole == nil)
        // `recvRtpHeaderExtensions: {}` stays an empty object.
        #expect(try dump.jsonValue()["recvRtpHeaderExtensions"] == .object([:]))
    }

    @Test("PipeTransport and DirectTransport dumps round-trip")
    func pipeAndDirectTransportDumps() throws {
        let pipe = try JSONShape.roundTrip(
            TransportDump.self,
            #"""
            {
              "id": "pipe-1", "direct": false, "producerIds": [], "consumerIds": ["c-pipe"],
              "mapSsrcConsumerId": [{ "key": 2000, "value": "c-pipe" }, { "key": 2001, "value": "c-pipe" }],
              "mapRtxSsrcConsumerId": [{ "key": 3000, "value": "c-pipe" }],
              "recvRtpHeaderExtensions": { "mid": 1 },
              "rtpListener": { "ssrcTable": [], "midTable": [], "ridTable": [] },
              "maxMessageSize": 268435456, "dataProducerIds": [], "dataConsumerIds": [],
              "sctpParameters": { "port": 5000, "OS": 1024, "MIS": 1024, "maxMessageSize": 268435456,
                                  "sendBufferSize": 268435456, "sctpBufferedAmount": 0, "isDataChannel": false },
              "sctpState": "new",
              "sctpListener": { "streamIdTable": [] },
              "traceEventTypes": [],
              "tuple": { "localIp": "127.0.0.1", "localAddress": "127.0.0.1", "localPort": 41000, "remoteIp": "127.0.0.1", "remotePort": 41001, "protocol": "udp" },
              "rtx": true
            }
            """#)
        #expect(pipe.rtx == true)
        #expect(pipe.srtpParameters == nil)
        #expect(pipe.sctpListener == SctpListenerDump())

        let direct = try JSONShape.roundTrip(
            TransportDump.self,
            #"""
            {
              "id": "direct-1", "direct": true, "producerIds": ["p-direct"], "consumerIds": [],
              "mapSsrcConsumerId": [], "mapRtxSsrcConsumerId": [], "recvRtpHeaderExtensions": {},
              "rtpListener": { "ssrcTable": [{ "key": 1, "value": "p-direct" }], "midTable": [], "ridTable": [] },
              "maxMessageSize": 1024, "dataProducerIds": [], "dataConsumerIds": [], "traceEventTypes": ["probation", "bwe"]
            }
            """#)
        #expect(direct.direct)
        #expect(direct.tuple == nil)
        #expect(direct.rtx == nil)
    }

    // MARK: Producer and consumer dumps

    /// RtpParameters as a worker dump writes them: `parameters: {}`, `rtcpFeedback`
    /// without empty `parameter`, `encrypt: false, parameters: {}` on header
    /// extensions, encodings with `codecPayloadType` and `dtx: false`.
    static let dumpedVideoRtpParameters = #"""
        {
          "mid": "1",
          "codecs": [
            {
              "mimeType": "video/VP8", "payloadType": 101, "clockRate": 90000, "parameters": {},
              "rtcpFeedback": [ { "type": "nack" }, { "type": "nack", "parameter": "pli" }, { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb" }, { "type": "transport-cc" } ]
            },
            { "mimeType": "video/rtx", "payloadType": 102, "clockRate": 90000, "parameters": { "apt": 101 }, "rtcpFeedback": [] }
          ],
          "headerExtensions": [
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1, "encrypt": false, "parameters": {} },
            { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "id": 4, "encrypt": false, "parameters": {} },
            { "uri": "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", "id": 5, "encrypt": false, "parameters": {} }
          ],
          "encodings": [
            { "ssrc": 846159243, "rtx": { "ssrc": 846159244 }, "codecPayloadType": 101, "dtx": false, "scalabilityMode": "L3T3", "maxBitrate": 1300000 }
          ],
          "rtcp": { "cname": "wNGmMHBDDgRUPJqg", "reducedSize": true }
        }
        """#

    @Test("simulcast producer dump round-trips")
    func producerDump() throws {
        let json = #"""
            {
              "id": "p-video",
              "kind": "video",
              "type": "simulcast",
              "rtpParameters": {
                "mid": "1",
                "codecs": [
                  { "mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000, "parameters": {},
                    "rtcpFeedback": [ { "type": "nack" }, { "type": "nack", "parameter": "pli" }, { "type": "transport-cc" } ] },
                  { "mimeType": "video/rtx", "payloadType": 97, "clockRate": 90000, "parameters": { "apt": 96 }, "rtcpFeedback": [] }
                ],
                "headerExtensions": [ { "uri": "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", "id": 10, "encrypt": false, "parameters": {} } ],
                "encodings": [
                  { "rid": "r0", "codecPayloadType": 96, "dtx": false, "scalabilityMode": "L1T3", "maxBitrate": 100000 },
                  { "rid": "r1", "codecPayloadType": 96, "dtx": false, "scalabilityMode": "L1T3", "maxBitrate": 300000 }
                ],
                "rtcp": { "cname": "wNGmMHBDDgRUPJqg", "reducedSize": true }
              },
              "rtpMapping": {
                "codecs": [ { "payloadType": 96, "mappedPayloadType": 101 }, { "payloadType": 97, "mappedPayloadType": 102 } ],
                "encodings": [
                  { "rid": "r0", "scalabilityMode": "L1T3", "mappedSsrc": 846159243 },
                  { "rid": "r1", "scalabilityMode": "L1T3", "mappedSsrc": 846159244 }
                ]
              },
              "rtpStreams": [
                {
                  "params": {
                    "encodingIdx": 0, "ssrc": 1111111111, "payloadType": 96, "mimeType": "video/VP8", "clockRate": 90000,
                    "rid": "r0", "cname": "wNGmMHBDDgRUPJqg", "rtxSsrc": 1111111112, "rtxPayloadType": 97,
                    "useNack": true, "usePli": true, "useFir": false, "useInBandFec": false, "useDtx": false,
                    "spatialLayers": 1, "temporalLayers": 3
                  },
                  "score": 10,
                  "rtxStream": {
                    "params": { "ssrc": 1111111112, "payloadType": 97, "mimeType": "video/rtx", "clockRate": 90000, "rrid": "r0", "cname": "wNGmMHBDDgRUPJqg" }
                  }
                }
              ],
              "traceEventTypes": ["keyframe", "pli"],
              "paused": false
            }
            """#
        let dump = try JSONShape.roundTrip(ProducerDump.self, json)
        #expect(dump.type == .simulcast)
        #expect(dump.kind == .video)
        #expect(dump.rtpMapping.encodings.map(\.mappedSsrc) == [846_159_243, 846_159_244])
        let stream = try #require(dump.rtpStreams?.first)
        #expect(stream.params.temporalLayers == 3)
        #expect(stream.rtxStream?.params.rrid == "r0")
        #expect(stream.rtxStream?.params.encodingIdx == nil)
        #expect(dump.traceEventTypes == ["keyframe", "pli"])

        // No RTP received yet: rtpStreams absent.
        let fresh = try JSONShape.roundTrip(
            ProducerDump.self,
            #"""
            {"id": "p-audio", "kind": "audio", "type": "simple",
             "rtpParameters": {"codecs": [{"mimeType": "audio/opus", "payloadType": 100, "clockRate": 48000, "channels": 2, "parameters": {}, "rtcpFeedback": []}],
                               "headerExtensions": [], "encodings": [{"ssrc": 11, "codecPayloadType": 100, "dtx": false}], "rtcp": {"cname": "c", "reducedSize": true}},
             "rtpMapping": {"codecs": [{"payloadType": 100, "mappedPayloadType": 100}], "encodings": [{"ssrc": 11, "mappedSsrc": 22}]},
             "traceEventTypes": [], "paused": true}
            """#)
        #expect(fresh.rtpStreams == nil)
        #expect(fresh.paused)
    }

    @Test("producer dump with flatbuffers nulls (unpacked rtpMapping) decodes, nulls read as absent")
    func producerDumpWithNulls() throws {
        let json = #"""
            {"id": "p", "kind": "video", "type": "simple",
             "rtpParameters": {"codecs": [{"mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000}]},
             "rtpMapping": {"codecs": [{"payloadType": 96, "mappedPayloadType": 101}],
                            "encodings": [{"rid": null, "ssrc": 1234, "scalabilityMode": null, "mappedSsrc": 5678}]},
             "traceEventTypes": [], "paused": false}
            """#
        let dump = try ProducerDump(json: json)
        #expect(dump.rtpMapping.encodings == [RtpMapping.EncodingMapping(ssrc: 1234, mappedSsrc: 5678)])
    }

    @Test("simple consumer dump round-trips")
    func simpleConsumerDump() throws {
        let json = #"""
            {
              "id": "c-audio-1",
              "producerId": "p-audio",
              "kind": "audio",
              "type": "simple",
              "rtpParameters": {
                "mid": "0",
                "codecs": [ { "mimeType": "audio/opus", "payloadType": 100, "clockRate": 48000, "channels": 2, "parameters": { "useinbandfec": 1 }, "rtcpFeedback": [ { "type": "transport-cc" } ] } ],
                "headerExtensions": [ { "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "id": 10, "encrypt": false, "parameters": {} } ],
                "encodings": [ { "ssrc": 846159243, "codecPayloadType": 100, "dtx": false } ],
                "rtcp": { "cname": "wNGmMHBDDgRUPJqg", "reducedSize": true }
              },
              "consumableRtpEncodings": [ { "ssrc": 22, "dtx": false } ],
              "supportedCodecPayloadTypes": [100],
              "traceEventTypes": [],
              "paused": false,
              "producerPaused": false,
              "priority": 1,
              "rtpStream": {
                "params": {
                  "encodingIdx": 0, "ssrc": 846159243, "payloadType": 100, "mimeType": "audio/opus", "clockRate": 48000,
                  "cname": "wNGmMHBDDgRUPJqg", "useNack": false, "usePli": false, "useFir": false,
                  "useInBandFec": true, "useDtx": false, "spatialLayers": 1, "temporalLayers": 1
                },
                "score": 10
              }
            }
            """#
        let dump = try JSONShape.roundTrip(ConsumerDump.self, json)
        #expect(dump.type == .simple)
        #expect(dump.rtpStream?.params.useInBandFec == true)
        #expect(dump.rtpStream?.rtxStream == nil)
        #expect(dump.rtpStream?.params.rid == nil)
        #expect(dump.preferredSpatialLayer == nil)
        #expect(dump.rtpStreams == nil)
    }

    @Test("simulcast consumer dump round-trips with its layer fields")
    func simulcastConsumerDump() throws {
        let json = #"""
            {
              "id": "c-video-1",
              "producerId": "p-video",
              "kind": "video",
              "type": "simulcast",
              "rtpParameters": \#(Self.dumpedVideoRtpParameters),
              "consumableRtpEncodings": [
                { "ssrc": 846159243, "rid": "r0", "dtx": false, "scalabilityMode": "L1T3", "maxBitrate": 100000 },
                { "ssrc": 846159244, "rid": "r1", "dtx": false, "scalabilityMode": "L1T3", "maxBitrate": 300000 },
                { "ssrc": 846159245, "rid": "r2", "dtx": false, "scalabilityMode": "L1T3", "maxBitrate": 900000 }
              ],
              "supportedCodecPayloadTypes": [101],
              "traceEventTypes": ["rtp", "keyframe", "nack", "pli", "fir"],
              "paused": true,
              "producerPaused": false,
              "priority": 2,
              "rtpStream": {
                "params": {
                  "encodingIdx": 0, "ssrc": 846159243, "payloadType": 101, "mimeType": "video/VP8", "clockRate": 90000,
                  "cname": "wNGmMHBDDgRUPJqg", "rtxSsrc": 846159244, "rtxPayloadType": 102,
                  "useNack": true, "usePli": true, "useFir": true, "useInBandFec": false, "useDtx": false,
                  "spatialLayers": 3, "temporalLayers": 3
                },
                "score": 8,
                "rtxStream": { "params": { "ssrc": 846159244, "payloadType": 102, "mimeType": "video/rtx", "clockRate": 90000, "cname": "wNGmMHBDDgRUPJqg" } }
              },
              "preferredSpatialLayer": 2,
              "targetSpatialLayer": 1,
              "currentSpatialLayer": -1,
              "preferredTemporalLayer": 2,
              "targetTemporalLayer": 2,
              "currentTemporalLayer": -1
            }
            """#
        let dump = try JSONShape.roundTrip(ConsumerDump.self, json)
        #expect(dump.type == .simulcast)
        #expect(dump.priority == 2)
        #expect(dump.consumableRtpEncodings?.count == 3)
        #expect(dump.currentSpatialLayer == -1)
        #expect(dump.targetSpatialLayer == 1)
        #expect(dump.rtpStream?.params.rtxPayloadType == 102)
        #expect(dump.rtpParameters.encodings?.first?.scalabilityMode == "L3T3")
    }

    @Test("pipe consumer dump round-trips with rtpStreams and no rtpStream")
    func pipeConsumerDump() throws {
        let stream = #"""
            { "params": { "encodingIdx": 0, "ssrc": 2000, "payloadType": 101, "mimeType": "video/VP8", "clockRate": 90000,
                          "rid": "r0", "cname": "c", "useNack": true, "usePli": true, "useFir": true, "useInBandFec": false,
                          "useDtx": false, "spatialLayers": 1, "temporalLayers": 3 }, "score": 10 }
            """#
        let json = #"""
            {
              "id": "c-pipe", "producerId": "p-video", "kind": "video", "type": "pipe",
              "rtpParameters": { "codecs": [ { "mimeType": "video/VP8", "payloadType": 101, "clockRate": 90000, "parameters": {}, "rtcpFeedback": [] } ],
                                 "headerExtensions": [], "encodings": [ { "ssrc": 2000, "codecPayloadType": 101, "dtx": false } ],
                                 "rtcp": { "cname": "c", "reducedSize": true } },
              "supportedCodecPayloadTypes": [],
              "traceEventTypes": [],
              "paused": false, "producerPaused": true, "priority": 1,
              "rtpStreams": [\#(stream), \#(stream)]
            }
            """#
        let dump = try JSONShape.roundTrip(ConsumerDump.self, json)
        #expect(dump.type == .pipe)
        #expect(dump.rtpStream == nil)
        #expect(dump.rtpStreams?.count == 2)
        #expect(dump.consumableRtpEncodings == nil)
        #expect(dump.supportedCodecPayloadTypes == [])
        #expect(dump.rtpParameters.mid == nil)
    }

    @Test("data producer and data consumer dumps round-trip, SCTP and direct")
    func dataDumps() throws {
        let sctpProducer = try JSONShape.roundTrip(
            DataProducerDump.self,
            #"""
            {"id": "dp-1", "type": "sctp", "sctpStreamParameters": {"streamId": 0, "ordered": false, "maxRetransmits": 3},
             "label": "chat", "protocol": "json", "paused": false}
            """#)
        #expect(sctpProducer.sctpStreamParameters == SctpStreamParameters(streamId: 0, ordered: false, maxRetransmits: 3))
        let directProducer = try JSONShape.roundTrip(
            DataProducerDump.self, #"{"id": "dp-2", "type": "direct", "label": "", "protocol": "", "paused": true}"#)
        #expect(directProducer.sctpStreamParameters == nil)
        #expect(directProducer.type == .direct)

        let sctpConsumer = try JSONShape.roundTrip(
            DataConsumerDump.self,
            #"""
            {"id": "dc-1", "dataProducerId": "dp-1", "type": "sctp",
             "sctpStreamParameters": {"streamId": 1, "ordered": true},
             "label": "chat", "protocol": "json", "bufferedAmountLowThreshold": 0,
             "paused": false, "dataProducerPaused": false, "subchannels": [0, 1, 65535]}
            """#)
        #expect(sctpConsumer.subchannels == [0, 1, 65535])
        let directConsumer = try JSONShape.roundTrip(
            DataConsumerDump.self,
            #"""
            {"id": "dc-2", "dataProducerId": "dp-2", "type": "direct", "label": "", "protocol": "",
             "bufferedAmountLowThreshold": 1024, "paused": true, "dataProducerPaused": true, "subchannels": []}
            """#)
        #expect(directConsumer.subchannels == [])
        #expect(directConsumer.bufferedAmountLowThreshold == 1024)
    }

    // MARK: Stats

    @Test("WebRtcTransport getStats() round-trips with iceRole, iceState, iceSelectedTuple and dtlsState")
    func webRtcTransportStats() throws {
        let json = #"""
            [
              {
                "type": "webrtc-transport",
                "transportId": "5b7a1b3e-3f0b-4c9f-9a57-3d0f3b2a6c11",
                "timestamp": 1700000000123,
                "sctpState": "connected",
                "bytesReceived": 1843200,
                "recvBitrate": 812000,
                "bytesSent": 92160,
                "sendBitrate": 36000,
                "rtpBytesReceived": 1802240,
                "rtpRecvBitrate": 798000,
                "rtpBytesSent": 0,
                "rtpSendBitrate": 0,
                "rtxBytesReceived": 20480,
                "rtxRecvBitrate": 7000,
                "rtxBytesSent": 0,
                "rtxSendBitrate": 0,
                "probationBytesSent": 0,
                "probationSendBitrate": 0,
                "availableOutgoingBitrate": 600000,
                "availableIncomingBitrate": 1250000,
                "maxIncomingBitrate": 1500000,
                "rtpPacketLossReceived": 0.012,
                "iceRole": "controlled",
                "iceState": "completed",
                "iceSelectedTuple": {
                  "localIp": "127.0.0.1", "localAddress": "127.0.0.1", "localPort": 44444,
                  "remoteIp": "127.0.0.1", "remotePort": 51234, "protocol": "udp"
                },
                "dtlsState": "connected"
              }
            ]
            """#
        let stats = try JSONShape.roundTrip([TransportStats].self, json)
        let first = try #require(stats.first)
        #expect(first.type == "webrtc-transport")
        #expect(first.timestamp == 1_700_000_000_123)
        #expect(first.iceRole == .controlled)
        #expect(first.iceState == .completed)
        #expect(first.dtlsState == .connected)
        #expect(first.iceSelectedTuple?.remotePort == 51234)
        #expect(first.maxOutgoingBitrate == nil)
        #expect(first.rtpPacketLossReceived == 0.012)
        #expect(first.rtpPacketLossSent == nil)
    }

    @Test("fresh transport stats: every counter 0, optional fields absent")
    func freshTransportStats() throws {
        let json = #"""
            {
              "type": "direct-transport", "transportId": "direct-1", "timestamp": 1700000000000,
              "bytesReceived": 0, "recvBitrate": 0, "bytesSent": 0, "sendBitrate": 0,
              "rtpBytesReceived": 0, "rtpRecvBitrate": 0, "rtpBytesSent": 0, "rtpSendBitrate": 0,
              "rtxBytesReceived": 0, "rtxRecvBitrate": 0, "rtxBytesSent": 0, "rtxSendBitrate": 0,
              "probationBytesSent": 0, "probationSendBitrate": 0
            }
            """#
        let stats = try JSONShape.roundTrip(TransportStats.self, json)
        #expect(stats == TransportStats(type: "direct-transport", transportId: "direct-1", timestamp: 1_700_000_000_000))
        try JSONShape.expectEncodes(
            TransportStats(type: "direct-transport", transportId: "direct-1", timestamp: 1_700_000_000_000), as: json)
    }

    @Test("PlainTransport and PipeTransport stats round-trip with their tuples")
    func plainAndPipeTransportStats() throws {
        let counters = #"""
            "bytesReceived": 10, "recvBitrate": 0, "bytesSent": 20, "sendBitrate": 0,
            "rtpBytesReceived": 0, "rtpRecvBitrate": 0, "rtpBytesSent": 0, "rtpSendBitrate": 0,
            "rtxBytesReceived": 0, "rtxRecvBitrate": 0, "rtxBytesSent": 0, "rtxSendBitrate": 0,
            "probationBytesSent": 0, "probationSendBitrate": 0
            """#
        let tuple = #"{"localIp": "127.0.0.1", "localAddress": "127.0.0.1", "localPort": 40002, "protocol": "udp"}"#
        let plain = try JSONShape.roundTrip(
            TransportStats.self,
            #"""
            {"type": "plain-rtp-transport", "transportId": "plain-1", "timestamp": 1700000000456, \#(counters),
             "rtcpMux": true, "comedia": true, "tuple": \#(tuple)}
            """#)
        #expect(plain.rtcpMux == true)
        #expect(plain.comedia == true)
        #expect(plain.rtcpTuple == nil)
        let pipe = try JSONShape.roundTrip(
            TransportStats.self,
            #"""
            {"type": "pipe-transport", "transportId": "pipe-1", "timestamp": 1700000000789, \#(counters),
             "sctpState": "new", "tuple": \#(tuple)}
            """#)
        #expect(pipe.sctpState == .new)
        #expect(pipe.tuple?.localPort == 40002)
        #expect(pipe.rtcpMux == nil)
    }

    @Test("producer getStats() inbound-rtp stream round-trips with bitrateByLayer")
    func inboundRtpStats() throws {
        let json = #"""
            [
              {
                "type": "inbound-rtp",
                "timestamp": 1700000000123,
                "ssrc": 1111111111,
                "rtxSsrc": 1111111112,
                "rid": "r0",
                "kind": "video",
                "mimeType": "video/VP8",
                "packetsLost": 3,
                "fractionLost": 0,
                "packetsDiscarded": 0,
                "packetsRetransmitted": 2,
                "packetsRepaired": 2,
                "nackCount": 1,
                "nackPacketCount": 3,
                "pliCount": 1,
                "firCount": 0,
                "score": 10,
                "roundTripTime": 12.5,
                "rtxPacketsDiscarded": 1,
                "jitter": 4,
                "packetCount": 1520,
                "byteCount": 1605632,
                "bitrate": 812345,
                "bitrateByLayer": { "0.0": 120000, "0.1": 180000, "0.2": 250000 }
              }
            ]
            """#
        let stats = try JSONShape.roundTrip([RtpStreamStats].self, json)
        let first = try #require(stats.first)
        #expect(first.type == "inbound-rtp")
        #expect(first.kind == .video)
        #expect(first.bitrateByLayer?["0.2"] == 250_000)
        #expect(first.roundTripTime == 12.5)
        #expect(first.jitter == 4)
        // A producer that has not received RTP yet has no stats.
        #expect(try JSONShape.roundTrip([RtpStreamStats].self, "[]").isEmpty)
        // bitrateByLayer may be an empty object; it stays one.
        let emptyLayers = try JSONShape.roundTrip(
            RtpStreamStats.self,
            #"""
            {"type": "inbound-rtp", "timestamp": 1, "ssrc": 5, "kind": "audio", "mimeType": "audio/opus",
             "packetsLost": 0, "fractionLost": 0, "packetsDiscarded": 0, "packetsRetransmitted": 0, "packetsRepaired": 0,
             "nackCount": 0, "nackPacketCount": 0, "pliCount": 0, "firCount": 0, "score": 0,
             "jitter": 0, "packetCount": 0, "byteCount": 0, "bitrate": 0, "bitrateByLayer": {}}
            """#)
        #expect(emptyLayers.bitrateByLayer == [:])
    }

    @Test("consumer getStats() (outbound-rtp then the producer's inbound-rtp) round-trips")
    func consumerStats() throws {
        let json = #"""
            [
              {
                "type": "outbound-rtp", "timestamp": 1700000000200, "ssrc": 846159243, "rtxSsrc": 846159244,
                "kind": "video", "mimeType": "video/VP8", "packetsLost": 0, "fractionLost": 0, "packetsDiscarded": 0,
                "packetsRetransmitted": 4, "packetsRepaired": 0, "nackCount": 2, "nackPacketCount": 4, "pliCount": 1,
                "firCount": 0, "score": 9, "roundTripTime": 0.25,
                "packetCount": 980, "byteCount": 1002400, "bitrate": 640000
              },
              {
                "type": "inbound-rtp", "timestamp": 1700000000200, "ssrc": 1111111111, "rid": "r1",
                "kind": "video", "mimeType": "video/VP8", "packetsLost": 1, "fractionLost": 2, "packetsDiscarded": 0,
                "packetsRetransmitted": 0, "packetsRepaired": 0, "nackCount": 0, "nackPacketCount": 0, "pliCount": 0,
                "firCount": 0, "score": 10,
                "jitter": 3, "packetCount": 1000, "byteCount": 1050000, "bitrate": 660000, "bitrateByLayer": {}
              }
            ]
            """#
        let stats = try JSONShape.roundTrip([RtpStreamStats].self, json)
        #expect(stats.map(\.type) == ["outbound-rtp", "inbound-rtp"])
        #expect(stats[0].jitter == nil)
        #expect(stats[0].bitrateByLayer == nil)
        #expect(stats[0].rid == nil)
        #expect(stats[1].rtxSsrc == nil)
        #expect(stats[1].roundTripTime == nil)
    }

    @Test("data producer and data consumer getStats() round-trip")
    func dataStats() throws {
        let producer = try JSONShape.roundTrip(
            [DataProducerStats].self,
            #"""
            [{"type": "data-producer", "timestamp": 1700000000300, "label": "chat", "protocol": "json",
              "messagesReceived": 42, "bytesReceived": 4242}]
            """#)
        #expect(producer.first?.messagesReceived == 42)
        let consumer = try JSONShape.roundTrip(
            [DataConsumerStats].self,
            #"""
            [{"type": "data-consumer", "timestamp": 1700000000300, "label": "chat", "protocol": "json",
              "messagesSent": 41, "bytesSent": 4100, "bufferedAmount": 0}]
            """#)
        #expect(consumer.first?.bufferedAmount == 0)
        try JSONShape.expectEncodes(
            DataConsumerStats(timestamp: 5, label: "", protocol: "", messagesSent: 0, bytesSent: 0, bufferedAmount: 0),
            as: #"""
                {"type": "data-consumer", "timestamp": 5, "label": "", "protocol": "", "messagesSent": 0, "bytesSent": 0, "bufferedAmount": 0}
                """#)
    }

    // MARK: Scores, layers, orientation and trace events

    @Test("producer scores, consumer score and consumer layers round-trip")
    func scoresAndLayers() throws {
        let producerScores = try JSONShape.roundTrip(
            [ProducerScore].self,
            #"""
            [{"encodingIdx": 0, "ssrc": 1111111111, "rid": "r0", "score": 10},
             {"encodingIdx": 1, "ssrc": 3333333333, "rid": "r1", "score": 7},
             {"encodingIdx": 2, "ssrc": 4294967295, "score": 0}]
            """#)
        #expect(producerScores.map(\.score) == [10, 7, 0])
        #expect(producerScores[2].rid == nil)
        #expect(try JSONShape.roundTrip([ProducerScore].self, "[]") == [])

        let consumerScore = try JSONShape.roundTrip(
            ConsumerScore.self, #"{"score": 10, "producerScore": 7, "producerScores": [10, 7, 0]}"#)
        #expect(consumerScore.producerScores == [10, 7, 0])
        let pipeScore = try JSONShape.roundTrip(ConsumerScore.self, #"{"score": 10, "producerScore": 10, "producerScores": []}"#)
        #expect(pipeScore.producerScores == [])

        #expect(try JSONShape.roundTrip(ConsumerLayers.self, #"{"spatialLayer": 2, "temporalLayer": 1}"#)
            == ConsumerLayers(spatialLayer: 2, temporalLayer: 1))
        #expect(try JSONShape.roundTrip(ConsumerLayers.self, #"{"spatialLayer": 0}"#) == ConsumerLayers(spatialLayer: 0))
        #expect(try ConsumerLayers(spatialLayer: 1).jsonString() == #"{"spatialLayer":1}"#)

        let orientation = try JSONShape.roundTrip(
            ProducerVideoOrientation.self, #"{"camera": true, "flip": false, "rotation": 270}"#)
        #expect(orientation.rotation == 270)
    }

    @Test("transport trace events (bwe and probation) round-trip")
    func transportTraceEvents() throws {
        let bwe = try JSONShape.roundTrip(
            TransportTraceEventData.self,
            #"""
            {
              "type": "bwe",
              "timestamp": 1700000000400,
              "direction": "out",
              "info": {
                "desiredBitrate": 2000000, "effectiveDesiredBitrate": 1800000, "minBitrate": 30000,
                "maxBitrate": 3000000, "startBitrate": 600000, "maxPaddingBitrate": 2550000,
                "availableBitrate": 1200000, "bweType": "transport-cc"
              }
            }
            """#)
        #expect(bwe.type == .bwe)
        #expect(bwe.direction == .out)
        #expect(bwe.info?["bweType"] == .string("transport-cc"))
        #expect(bwe.info?["availableBitrate"]?.intValue == 1_200_000)

        let probation = try JSONShape.roundTrip(
            TransportTraceEventData.self, #"{"type": "probation", "timestamp": 1700000000401, "direction": "out", "info": {}}"#)
        #expect(probation.info == .object([:]))
    }

    @Test("producer and consumer trace events round-trip, including ones without info")
    func producerAndConsumerTraceEvents() throws {
        let keyframe = try JSONShape.roundTrip(
            ProducerTraceEventData.self,
            #"""
            {
              "type": "keyframe", "timestamp": 1700000000500, "direction": "in",
              "info": {
                "isRtx": false,
                "rtpPacket": {
                  "payloadType": 101, "sequenceNumber": 4711, "timestamp": 3000000000, "marker": true, "ssrc": 1111111111,
                  "isKeyFrame": true, "size": 1180, "payloadSize": 1100, "spatialLayer": 0, "temporalLayer": 0,
                  "mid": "1", "rid": "r0", "rrid": "", "wideSequenceNumber": 77
                }
              }
            }
            """#)
        #expect(keyframe.type == .keyframe)
        #expect(keyframe.direction == .in)
        #expect(keyframe.info?["rtpPacket"]?["isKeyFrame"] == .bool(true))

        // mediasoup sends NACK traces with no `info` at all (the flatbuffers union is NONE).
        let nack = try JSONShape.roundTrip(
            ProducerTraceEventData.self, #"{"type": "nack", "timestamp": 1700000000501, "direction": "out"}"#)
        #expect(nack.info == nil)

        let sr = try JSONShape.roundTrip(
            ProducerTraceEventData.self,
            #"""
            {"type": "sr", "timestamp": 1700000000502, "direction": "in",
             "info": {"ssrc": 1111111111, "ntpSec": 3908988000, "ntpFrac": 2147483648, "rtpTs": 123456, "packetCount": 10, "octetCount": 1000}}
            """#)
        #expect(sr.type == .sr)

        let pli = try JSONShape.roundTrip(
            ConsumerTraceEventData.self, #"{"type": "pli", "timestamp": 1700000000503, "direction": "in", "info": {"ssrc": 846159243}}"#)
        #expect(pli.type == .pli)
        #expect(pli.info?["ssrc"]?.intValue == 846_159_243)
        // Consumers have no `sr` trace.
        JSONShape.expectTypeError(
            ConsumerTraceEventData.self, #"{"type": "sr", "timestamp": 1, "direction": "in", "info": {}}"#, mentioning: ["type"])
    }

    @Test("trace event type names are mediasoup's strings")
    func traceEventTypeNames() {
        #expect(TransportTraceEventType.allCases.map(\.rawValue) == ["probation", "bwe"])
        #expect(ProducerTraceEventType.allCases.map(\.rawValue) == ["rtp", "keyframe", "nack", "pli", "fir", "sr"])
        #expect(ConsumerTraceEventType.allCases.map(\.rawValue) == ["rtp", "keyframe", "nack", "pli", "fir"])
        #expect(TraceEventDirection.allCases.map(\.rawValue) == ["in", "out"])
        #expect(ProducerType.allCases.map(\.rawValue) == ["simple", "simulcast", "svc"])
        #expect(ConsumerType.allCases.map(\.rawValue) == ["simple", "simulcast", "svc", "pipe"])
        #expect(DataProducerType.allCases.map(\.rawValue) == ["sctp", "direct"])
    }
}
