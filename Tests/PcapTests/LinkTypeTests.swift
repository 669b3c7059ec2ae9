import Testing

@testable import Pcap

/// Each link type, written into a tiny pcap file, read back by PcapReader.
@Suite struct LinkTypeTests {
    /// File link type (LINKTYPE_), the DLT_ value libpcap reports, whether the frame carries IPv6.
    static let cases: [(UInt32, PcapLinkType, Bool)] = [
        (1, .ethernet, false), (1, .ethernet, true),
        (0, .null, false), (0, .null, true),
        (108, .loop, false), (108, .loop, true),
        (101, .raw, false), (101, .raw, true),  // libpcap maps LINKTYPE_RAW (101) to DLT_RAW
        (228, .ipv4, false), (229, .ipv6, true),
        (113, .linuxSLL, false), (113, .linuxSLL, true),
        (276, .linuxSLL2, false), (276, .linuxSLL2, true),
    ]

    @Test(arguments: 0..<cases.count)
    func readsOneDatagram(index: Int) throws {
        let (fileLinkType, linkType, ipv6) = Self.cases[index]
        var capture = CaptureBuilder(linkType: fileLinkType)
        capture.add(Frames.linkHeader(fileLinkType, ipv6: ipv6) + (ipv6 ? Frames.udpIPv6 : Frames.udpIPv4))
        try withTemporaryFile(capture.bytes) { path in
            let reader = try PcapReader(path: path)
            #expect(reader.linkType == linkType)
            #expect(reader.snapshotLength == 262_144)
            let packets = Array(reader)
            #expect(reader.error == nil)
            #expect(reader.skipped == PcapSkipCounts())
            #expect(reader.recordsRead == 1)
            try #require(packets.count == 1)
            let packet = packets[0]
            #expect(packet.payload == Frames.payload)
            #expect(packet.timestamp == PcapTimestamp(seconds: 1_700_000_000, microseconds: 250_000))
            #expect(packet.recordIndex == 0)
            #expect(packet.source.description == (ipv6 ? "[2001:db8::1]:5000" : "127.0.0.1:5000"))
            #expect(packet.destination.description == (ipv6 ? "[::1]:40000" : "127.0.0.1:40000"))
        }
    }

    @Test func nullLinkTypeInEitherByteOrder() throws {
        // DLT_NULL holds the family in the writer's byte order: a big-endian writer's AF_INET.
        var capture = CaptureBuilder(linkType: 0)
        capture.add([0x00, 0x00, 0x00, 0x02] + Frames.udpIPv4)
        // Linux's AF_INET6 (10), little-endian.
        capture.add([0x0A, 0x00, 0x00, 0x00] + Frames.udpIPv6)
        // AF_UNSPEC: not IP.
        capture.add([0x00, 0x00, 0x00, 0x00] + Frames.udpIPv4)
        try withTemporaryFile(capture.bytes) { path in
            let reader = try PcapReader(path: path)
            #expect(Array(reader).map(\.payload) == [Frames.payload, Frames.payload])
            #expect(reader.skipped.notIP == 1)
        }
    }

    @Test func ethernetWithVLANTags() throws {
        var capture = CaptureBuilder(linkType: 1)
        capture.add(
            [UInt8](repeating: 0, count: 12)
                + [0x88, 0xA8, 0x00, 0x64]  // 802.1ad service tag, VLAN 100
                + [0x81, 0x00, 0x00, 0x05]  // 802.1Q tag, VLAN 5
                + [0x08, 0x00]  // IPv4
                + Frames.udpIPv4
        )
        try withTemporaryFile(capture.bytes) { path in
            let reader = try PcapReader(path: path)
            #expect(Array(reader).map(\.payload) == [Frames.payload])
        }
    }

    @Test func bigEndianAndNanosecondFiles() throws {
        var capture = CaptureBuilder(linkType: 1, bigEndian: true, nanoseconds: true)
        capture.add(Frames.linkHeader(1, ipv6: false) + Frames.udpIPv4, seconds: 1_600_000_000, fraction: 123_456_789)
        try withTemporaryFile(capture.bytes) { path in
            let reader = try PcapReader(path: path)
            let packets = Array(reader)
            #expect(packets.map(\.timestamp) == [PcapTimestamp(seconds: 1_600_000_000, microseconds: 123_456)])
            #expect(packets.first?.timestamp.description == "1600000000.123456")
        }
    }

    @Test func ethernetPaddingIsNotPayload() throws {
        // Ethernet pads frames to 60 bytes: the IP total length, not the frame, bounds the datagram.
        var capture = CaptureBuilder(linkType: 1)
        capture.add(Frames.linkHeader(1, ipv6: false) + Frames.udpIPv4 + [UInt8](repeating: 0, count: 14))
        try withTemporaryFile(capture.bytes) { path in
            let packets = try Array(PcapReader(path: path))
            #expect(packets.map(\.payload) == [Frames.payload])
        }
    }

    @Test func unsupportedLinkTypeIsAnError() throws {
        var capture = CaptureBuilder(linkType: 105)  // IEEE 802.11
        capture.add(Frames.udpIPv4)
        try withTemporaryFile(capture.bytes) { path in
            #expect(throws: PcapError.unsupportedLinkType(PcapLinkType(rawValue: 105), name: "IEEE802_11")) {
                try PcapReader(path: path)
            }
        }
    }

    @Test func addressText() {
        // RFC 5952 4.2: the longest run of zero groups shortens; a single zero group does not.
        #expect(PcapAddress.ipv6(0x2001_0DB8_0000_0000, 0x0000_0000_0000_0001).description == "2001:db8::1")
        #expect(PcapAddress.ipv6(0x2001_0DB8_0000_0001, 0x0001_0001_0001_0001).description == "2001:db8:0:1:1:1:1:1")
        // RFC 5952 4.2.3: of two equal runs, the first shortens.
        #expect(PcapAddress.ipv6(0x2001_0000_0000_0001, 0x0000_0000_0001_0001).description == "2001::1:0:0:1:1")
        #expect(PcapAddress.ipv6(0, 0).description == "::")
        #expect(PcapAddress.ipv6(0, 1).description == "::1")
        #expect(PcapAddress.ipv6(0xFE80_0000_0000_0000, 0).description == "fe80::")
        // RFC 5952 5: IPv4-mapped addresses end in dotted decimal.
        #expect(PcapAddress.ipv6(0, 0x0000_FFFF_C000_0280).description == "::ffff:192.0.2.128")
        #expect(PcapAddress.ipv4(0xC000_0201).description == "192.0.2.1")
        #expect(PcapEndpoint(address: .ipv6(0, 1), port: 443).description == "[::1]:443")
    }
}
