import Testing

@testable import MafaldaFoundation
@testable import Mediasoup

// Samples are written by hand from mediasoup's TypeScript types
// (node/src/WebRtcTransport.ts, PlainTransport.ts, SctpParameters.ts,
// SrtpParameters.ts, Transport.ts) and what mediasoup hands to applications.
@Suite("Transport parameters JSON")
struct TransportJSONTests {
    /// What an application sends to mediasoup-client's `device.createSendTransport()`,
    /// built from a WebRtcTransport's properties.
    struct WebRtcTransportClientOptions: Codable, Equatable {
        var id: String
        var iceParameters: IceParameters
        var iceCandidates: [IceCandidate]
        var dtlsParameters: DtlsParameters
        var sctpParameters: SctpParameters?
    }

    static let webRtcTransportOptions = #"""
        {
          "id": "5b7a1b3e-3f0b-4c9f-9a57-3d0f3b2a6c11",
          "iceParameters": {
            "usernameFragment": "hm2mqp4vlyrtcc0xn4htcnlrmhz8jc5h",
            "password": "ezw2y7n1ps3i0bn02c2v4xu7d9wqr4rt",
            "iceLite": true
          },
          "iceCandidates": [
            {
              "foundation": "udpcandidate",
              "priority": 1076302079,
              "ip": "203.0.113.10",
              "address": "203.0.113.10",
              "protocol": "udp",
              "port": 44444,
              "type": "host"
            },
            {
              "foundation": "tcpcandidate",
              "priority": 1076276479,
              "ip": "203.0.113.10",
              "address": "203.0.113.10",
              "protocol": "tcp",
              "port": 44445,
              "type": "host",
              "tcpType": "passive"
            },
            {
              "foundation": "udpcandidate",
              "priority": 1076250879,
              "ip": "2001:db8::10",
              "address": "2001:db8::10",
              "protocol": "udp",
              "port": 44446,
              "type": "host"
            }
          ],
          "dtlsParameters": {
            "role": "auto",
            "fingerprints": [
              { "algorithm": "sha-1", "value": "2C:E3:5F:0B:4D:7E:7A:0F:8E:5C:89:C4:6D:2B:5C:5A:2E:3D:F1:0A" },
              { "algorithm": "sha-224", "value": "8A:69:6B:C0:9C:A4:3F:2E:1D:5B:6E:7A:9D:8C:4F:3B:2A:1E:0D:9C:8B:7A:6F:5E:4D:3C:2B:1A" },
              { "algorithm": "sha-256", "value": "D4:35:0B:76:D8:43:13:84:4F:3D:9F:B9:A0:77:40:12:4B:B7:9A:21:C0:F8:3A:F4:9D:8E:28:5B:15:5A:06:C7" },
              { "algorithm": "sha-384", "value": "5A:3C:9E:0F:8D:7B:6A:59:48:37:26:15:04:F3:E2:D1:C0:BF:AE:9D:8C:7B:6A:59:48:37:26:15:04:F3:E2:D1:C0:BF:AE:9D:8C:7B:6A:59:48:37:26:15:04:F3:E2:D1" },
              { "algorithm": "sha-512", "value": "11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00" }
            ]
          },
          "sctpParameters": {
            "port": 5000,
            "OS": 1024,
            "MIS": 1024,
            "maxMessageSize": 262144,
            "sendBufferSize": 262144,
            "sctpBufferedAmount": 0,
            "isDataChannel": true
          }
        }
        """#

    @Test("WebRtcTransport parameters for mediasoup-client round-trip unchanged")
    func webRtcTransportOptions() throws {
        let options = try JSONShape.roundTrip(WebRtcTransportClientOptions.self, Self.webRtcTransportOptions)
        #expect(options.iceParameters.iceLite == true)
        #expect(options.iceParameters.usernameFragment.count == 32)

        let udp = options.iceCandidates[0]
        #expect(udp.foundation == "udpcandidate")
        #expect(udp.protocol == .udp)
        #expect(udp.tcpType == nil)
        #expect(udp.ip == udp.address)
        #expect(udp.type == .host)
        let tcp = options.iceCandidates[1]
        #expect(tcp.protocol == .tcp)
        #expect(tcp.tcpType == .passive)
        #expect(tcp.port == 44445)
        #expect(options.iceCandidates.map(\.priority) == [1_076_302_079, 1_076_276_479, 1_076_250_879])
        #expect(options.iceCandidates[2].address == "2001:db8::10")

        #expect(options.dtlsParameters.role == .auto)
        #expect(options.dtlsParameters.fingerprints.map(\.algorithm) == [.sha1, .sha224, .sha256, .sha384, .sha512])

        let sctp = try #require(options.sctpParameters)
        #expect(sctp == SctpParameters(
            port: 5000, OS: 1024, MIS: 1024, maxMessageSize: 262_144, sendBufferSize: 262_144,
            sctpBufferedAmount: 0, isDataChannel: true))
    }

    @Test("a UDP candidate encodes without tcpType; a TCP one with tcpType passive; both with ip and address")
    func candidatesBuiltInSwift() throws {
        let udp = IceCandidate(foundation: "udpcandidate", priority: 1_076_302_079, address: "192.0.2.1", protocol: .udp, port: 40000)
        try JSONShape.expectEncodes(
            udp,
            as: #"""
                {"foundation": "udpcandidate", "priority": 1076302079, "ip": "192.0.2.1", "address": "192.0.2.1",
                 "protocol": "udp", "port": 40000, "type": "host"}
                """#)
        let tcp = IceCandidate(
            foundation: "tcpcandidate", priority: 1_076_276_479, address: "192.0.2.1", protocol: .tcp, port: 40001,
            tcpType: .passive)
        try JSONShape.expectEncodes(
            tcp,
            as: #"""
                {"foundation": "tcpcandidate", "priority": 1076276479, "ip": "192.0.2.1", "address": "192.0.2.1",
                 "protocol": "tcp", "port": 40001, "type": "host", "tcpType": "passive"}
                """#)
    }

    @Test("remote DTLS parameters sent by mediasoup-client to connect() round-trip")
    func remoteDtlsParameters() throws {
        let json = #"""
            {
              "role": "client",
              "fingerprints": [
                { "algorithm": "sha-256", "value": "82:5A:68:3D:36:C3:0A:DE:AF:E7:32:43:D2:88:83:57:AC:2D:65:E5:80:C4:B6:FB:AF:1A:A0:21:9F:6D:0C:AD" }
              ]
            }
            """#
        let dtls = try JSONShape.roundTrip(DtlsParameters.self, json)
        #expect(dtls.role == .client)
        #expect(dtls.fingerprints.count == 1)

        let server = try JSONShape.roundTrip(DtlsParameters.self, #"{"role": "server", "fingerprints": []}"#)
        #expect(server.role == .server)
        #expect(server.fingerprints == [])

        let noRole = try JSONShape.roundTrip(
            DtlsParameters.self, #"{"fingerprints": [{"algorithm": "sha-512", "value": "AB:CD"}]}"#)
        #expect(noRole.role == nil)
    }

    @Test("ICE parameters after restartIce and without iceLite round-trip")
    func iceParameters() throws {
        let withLite = try JSONShape.roundTrip(
            IceParameters.self,
            #"{"usernameFragment": "q0r1s2t3u4v5w6x7y8z9a0b1c2d3e4f5", "password": "0123456789abcdefghijklmnopqrstuv", "iceLite": true}"#)
        #expect(withLite.iceLite == true)
        let withoutLite = try JSONShape.roundTrip(IceParameters.self, #"{"usernameFragment": "u", "password": "p"}"#)
        #expect(withoutLite.iceLite == nil)
    }

    // MARK: SCTP

    @Test("SCTP parameters, capabilities and stream parameters round-trip")
    func sctp() throws {
        let minimal = try JSONShape.roundTrip(SctpParameters.self, #"{"port": 5000, "OS": 512, "MIS": 2048, "maxMessageSize": 65536}"#)
        #expect(minimal.sendBufferSize == nil)
        #expect(minimal.sctpBufferedAmount == nil)
        #expect(minimal.isDataChannel == nil)

        let pipe = try JSONShape.roundTrip(
            SctpParameters.self,
            #"""
            {"port": 5000, "OS": 1024, "MIS": 1024, "maxMessageSize": 268435456, "sendBufferSize": 268435456,
             "sctpBufferedAmount": 1200, "isDataChannel": false}
            """#)
        #expect(pipe.isDataChannel == false)
        #expect(pipe.maxMessageSize == 268_435_456)

        let capabilities = try JSONShape.roundTrip(SctpCapabilities.self, #"{"numStreams": {"OS": 1024, "MIS": 1024}}"#)
        #expect(capabilities.numStreams == .default)
        #expect(try NumSctpStreams.default.jsonString() == #"{"MIS":1024,"OS":1024}"#)

        let reliable = try JSONShape.roundTrip(SctpStreamParameters.self, #"{"streamId": 0, "ordered": true}"#)
        #expect(reliable.maxPacketLifeTime == nil)
        #expect(reliable.maxRetransmits == nil)
        let lifetime = try JSONShape.roundTrip(
            SctpStreamParameters.self, #"{"streamId": 1023, "ordered": false, "maxPacketLifeTime": 3000}"#)
        #expect(lifetime.maxPacketLifeTime == 3000)
        let retransmits = try JSONShape.roundTrip(SctpStreamParameters.self, #"{"streamId": 65535, "maxRetransmits": 0}"#)
        #expect(retransmits.ordered == nil)
        #expect(retransmits.maxRetransmits == 0)
    }

    @Test("SCTP states are mediasoup's strings")
    func sctpStates() throws {
        #expect(SctpState.allCases.map(\.rawValue) == ["new", "connecting", "connected", "failed", "closed"])
        #expect(try SctpState(json: #""connected""#) == .connected)
    }

    // MARK: PlainTransport

    @Test("PlainTransport tuple, rtcpTuple and srtpParameters round-trip")
    func plainTransport() throws {
        struct PlainTransportState: Codable {
            var id: String
            var tuple: TransportTuple
            var rtcpTuple: TransportTuple?
            var srtpParameters: SrtpParameters?
        }
        let json = #"""
            {
              "id": "c8e1a2a4-9c5e-4b7e-8a53-0d8b0d2f9e01",
              "tuple": {
                "localIp": "198.51.100.7",
                "localAddress": "198.51.100.7",
                "localPort": 40002,
                "remoteIp": "192.0.2.50",
                "remotePort": 5004,
                "protocol": "udp"
              },
              "rtcpTuple": {
                "localIp": "198.51.100.7",
                "localAddress": "198.51.100.7",
                "localPort": 40003,
                "remoteIp": "192.0.2.50",
                "remotePort": 5005,
                "protocol": "udp"
              },
              "srtpParameters": {
                "cryptoSuite": "AES_CM_128_HMAC_SHA1_80",
                "keyBase64": "ZnQ3eWJraDg0d3ZoYzM5cXN1Y2pnaHU5NWxrZTVv"
              }
            }
            """#
        let state = try JSONShape.roundTrip(PlainTransportState.self, json)
        #expect(state.tuple.remotePort == 5004)
        #expect(state.rtcpTuple?.localPort == 40003)
        #expect(state.srtpParameters?.cryptoSuite == .aesCm128HmacSha1_80)
        #expect(state.srtpParameters?.keyBase64.count == 40)

        // Before connect(): no remote side, no rtcpTuple, no SRTP.
        let fresh = try JSONShape.roundTrip(
            PlainTransportState.self,
            #"""
            {"id": "x", "tuple": {"localIp": "127.0.0.1", "localAddress": "127.0.0.1", "localPort": 10000, "protocol": "udp"}}
            """#)
        #expect(fresh.tuple.remoteIp == nil)
        #expect(fresh.tuple.remotePort == nil)
        #expect(fresh.rtcpTuple == nil)
        #expect(fresh.srtpParameters == nil)
    }

    @Test("an announced address shows as localAddress and localIp in a tuple built in Swift")
    func tupleBuiltInSwift() throws {
        let tuple = TransportTuple(localAddress: "media.example.com", localPort: 20000, protocol: .tcp)
        try JSONShape.expectEncodes(
            tuple,
            as: #"{"localIp": "media.example.com", "localAddress": "media.example.com", "localPort": 20000, "protocol": "tcp"}"#)
    }

    @Test(
        "every SRTP crypto suite round-trips with mediasoup's name",
        arguments: [
            ("AEAD_AES_256_GCM", SrtpCryptoSuite.aeadAes256Gcm, 60),
            ("AEAD_AES_128_GCM", .aeadAes128Gcm, 40),
            ("AES_CM_128_HMAC_SHA1_80", .aesCm128HmacSha1_80, 40),
            ("AES_CM_128_HMAC_SHA1_32", .aesCm128HmacSha1_32, 40),
        ]
    )
    func srtpSuites(name: String, suite: SrtpCryptoSuite, base64Length: Int) throws {
        let key = String(repeating: "A", count: base64Length)
        let params = try JSONShape.roundTrip(SrtpParameters.self, #"{"cryptoSuite": "\#(name)", "keyBase64": "\#(key)"}"#)
        #expect(params.cryptoSuite == suite)
        #expect(suite.rawValue == name)
        // The key length in Base64 is what the master key plus salt needs.
        #expect((suite.masterKeyLength + 2) / 3 * 4 == base64Length)
    }

    // MARK: Listen options

    @Test("TransportListenInfo round-trips, full and minimal")
    func listenInfo() throws {
        let full = try JSONShape.roundTrip(
            TransportListenInfo.self,
            #"""
            {
              "protocol": "udp",
              "ip": "0.0.0.0",
              "announcedAddress": "203.0.113.10",
              "announcedIp": "203.0.113.10",
              "port": 44444,
              "portRange": { "min": 40000, "max": 49999 },
              "flags": { "ipv6Only": false, "udpReusePort": true },
              "sendBufferSize": 1048576,
              "recvBufferSize": 1048576
            }
            """#)
        #expect(full.portRange == TransportPortRange(min: 40000, max: 49999))
        #expect(full.flags == TransportSocketFlags(ipv6Only: false, udpReusePort: true))

        let minimal = try JSONShape.roundTrip(TransportListenInfo.self, #"{"protocol": "tcp", "ip": "::"}"#)
        #expect(minimal == TransportListenInfo(protocol: .tcp, ip: "::"))
        let emptyFlags = try JSONShape.roundTrip(TransportListenInfo.self, #"{"protocol": "udp", "ip": "127.0.0.1", "flags": {}}"#)
        #expect(emptyFlags.flags == TransportSocketFlags())
    }

    @Test("TransportListenIp decodes from a bare string and from an object")
    func listenIp() throws {
        #expect(try TransportListenIp(json: #""127.0.0.1""#) == TransportListenIp(ip: "127.0.0.1"))
        #expect(try TransportListenIp(json: #""::1""#) == TransportListenIp(ip: "::1"))
        #expect(try TransportListenIp(json: #"{"ip": "0.0.0.0"}"#) == TransportListenIp(ip: "0.0.0.0"))
        #expect(
            try TransportListenIp(json: #"{"ip": "0.0.0.0", "announcedIp": "203.0.113.10"}"#)
                == TransportListenIp(ip: "0.0.0.0", announcedIp: "203.0.113.10"))
        // A list mixing both forms, as `listenIps` may.
        let list = try [TransportListenIp](json: #"["10.0.0.1", {"ip": "10.0.0.2", "announcedIp": "1.2.3.4"}]"#)
        #expect(list == [TransportListenIp(ip: "10.0.0.1"), TransportListenIp(ip: "10.0.0.2", announcedIp: "1.2.3.4")])
        // The object form round-trips.
        try JSONShape.roundTrip(TransportListenIp.self, #"{"ip": "0.0.0.0", "announcedIp": "203.0.113.10"}"#)
        try JSONShape.roundTrip(TransportListenIp.self, #"{"ip": "0.0.0.0"}"#)
    }

    // MARK: Enumerations

    @Test("ICE, DTLS and protocol enumerations use mediasoup's strings")
    func enumerationStrings() {
        #expect(TransportProtocol.allCases.map(\.rawValue) == ["udp", "tcp"])
        #expect(IceRole.allCases.map(\.rawValue) == ["controlled", "controlling"])
        #expect(IceState.allCases.map(\.rawValue) == ["new", "connected", "completed", "disconnected", "closed"])
        #expect(DtlsRole.allCases.map(\.rawValue) == ["auto", "client", "server"])
        #expect(DtlsState.allCases.map(\.rawValue) == ["new", "connecting", "connected", "failed", "closed"])
        #expect(FingerprintAlgorithm.allCases.map(\.rawValue) == ["sha-1", "sha-224", "sha-256", "sha-384", "sha-512"])
        #expect(IceCandidateType.allCases.map(\.rawValue) == ["host"])
        #expect(IceCandidateTcpType.allCases.map(\.rawValue) == ["passive"])
    }
}
