import Testing

@testable import Pcap

/// Records without a whole UDP datagram are skipped and counted; damaged files are errors;
/// nothing traps.
@Suite struct DamagedCaptureTests {
    static let ethernetIPv4 = Frames.linkHeader(1, ipv6: false)
    static let ethernetIPv6 = Frames.linkHeader(1, ipv6: true)

    /// Frames that each should be skipped for one reason (Ethernet link type).
    static let skipped: [(String, [UInt8], PcapSkipReason)] = [
        ("ARP", [UInt8](repeating: 0, count: 12) + [0x08, 0x06] + [UInt8](repeating: 0, count: 28), .notIP),
        ("three VLAN tags", [UInt8](repeating: 0, count: 12)
            + [0x81, 0x00, 0, 1, 0x81, 0x00, 0, 2, 0x81, 0x00, 0, 3, 0x08, 0x00] + Frames.udpIPv4, .notIP),
        ("TCP", ethernetIPv4 + replacing(Frames.udpIPv4, at: 9, with: [0x06]), .notUDP),
        ("IPv4 More Fragments", ethernetIPv4 + replacing(Frames.udpIPv4, at: 6, with: [0x20, 0x00]), .fragment),
        ("IPv4 fragment offset", ethernetIPv4 + replacing(Frames.udpIPv4, at: 6, with: [0x00, 0x10]), .fragment),
        ("IPv6 Fragment header", ethernetIPv6 + ipv6(nextHeader: 44, extensions: [
            17, 0x00, 0x00, 0x01,  // next header UDP, reserved, fragment offset 0, M = 1
            0x00, 0x00, 0x00, 0x2A,  // identification
        ]), .fragment),
        ("ICMPv6", ethernetIPv6 + replacing(Frames.udpIPv6, at: 6, with: [58]), .notUDP),
        ("no Ethernet type", [UInt8](repeating: 0, count: 13), .truncated),
        ("IPv4 header cut", ethernetIPv4 + Frames.udpIPv4.prefix(19), .truncated),
        ("IPv4 datagram cut", ethernetIPv4 + Frames.udpIPv4.prefix(30), .truncated),
        ("IPv6 datagram cut", ethernetIPv6 + Frames.udpIPv6.prefix(50), .truncated),
        ("IPv4 header length 16", ethernetIPv4 + replacing(Frames.udpIPv4, at: 0, with: [0x44]), .malformed),
        ("IPv4 total length under the header",
         ethernetIPv4 + replacing(Frames.udpIPv4, at: 2, with: [0x00, 0x10]), .malformed),
        ("UDP length 4", ethernetIPv4 + replacing(Frames.udpIPv4, at: 24, with: [0x00, 0x04]), .malformed),
        ("UDP length past the IP datagram",
         ethernetIPv4 + replacing(Frames.udpIPv4, at: 24, with: [0x00, 0x20]), .malformed),
        ("IPv4 datagram without room for UDP",
         ethernetIPv4 + replacing(Frames.udpIPv4, at: 2, with: [0x00, 0x18]), .malformed),
        ("IPv6 type carrying IPv4", ethernetIPv6 + Frames.udpIPv4, .malformed),
        ("IPv6 extension header past the end",
         ethernetIPv6 + ipv6(nextHeader: 60, extensions: [17, 0x05, 0, 0, 0, 0, 0, 0]), .malformed),
    ]

    static func replacing(_ bytes: [UInt8], at offset: Int, with replacement: [UInt8]) -> [UInt8] {
        var bytes = bytes
        bytes.replaceSubrange(offset..<(offset + replacement.count), with: replacement)
        return bytes
    }

    /// The IPv6 test datagram with extension headers between the fixed header and UDP.
    static func ipv6(nextHeader: UInt8, extensions: [UInt8]) -> [UInt8] {
        var header = Array(Frames.udpIPv6.prefix(40))
        let length = 12 + extensions.count
        header[4] = UInt8(length >> 8)
        header[5] = UInt8(length & 0xFF)
        header[6] = nextHeader
        return header + extensions + Frames.udpIPv6.suffix(12)
    }

    @Test(arguments: 0..<skipped.count)
    func skipsAndCounts(index: Int) throws {
        let (name, frame, reason) = Self.skipped[index]
        var capture = CaptureBuilder(linkType: 1)
        capture.add(frame)
        capture.add(Self.ethernetIPv4 + Frames.udpIPv4)
        try withTemporaryFile(capture.bytes) { path in
            let reader = try PcapReader(path: path)
            let packets = Array(reader)
            #expect(packets.map(\.recordIndex) == [1], "\(name)")
            var expected = PcapSkipCounts()
            expected[reason] = 1
            #expect(reader.skipped == expected, "\(name)")
            #expect(reader.error == nil)
        }
    }

    @Test func ipv6ExtensionHeadersAreSteppedOver() throws {
        var capture = CaptureBuilder(linkType: 1)
        // Hop-by-Hop (8 bytes, a PadN option), then Destination Options (16 bytes), then UDP.
        capture.add(Self.ethernetIPv6 + Self.ipv6(nextHeader: 0, extensions: [
            60, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,  // next: Destination Options, length 0 (8 bytes), PadN 4
            17, 0x01, 0x01, 0x0C, 0x00, 0x00, 0x00, 0x00,  // next: UDP, length 1 (16 bytes), PadN 12
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ]))
        try withTemporaryFile(capture.bytes) { path in
            let reader = try PcapReader(path: path)
            #expect(Array(reader).map(\.payload) == [Frames.payload])
        }
    }

    @Test func snapshotLengthCutIsSkipped() throws {
        // tcpdump -s 40: the record holds 40 of the frame's 46 bytes.
        var capture = CaptureBuilder(linkType: 1)
        capture.snapshotLength = 40
        let frame = Self.ethernetIPv4 + Frames.udpIPv4
        capture.add(Array(frame.prefix(40)), originalLength: UInt32(frame.count))
        try withTemporaryFile(capture.bytes) { path in
            let reader = try PcapReader(path: path)
            #expect(Array(reader).isEmpty)
            #expect(reader.skipped.truncated == 1)
        }
    }

    @Test func missingAndForeignFilesAreOpenErrors() throws {
        #expect {
            try PcapReader(path: "/nonexistent/capture.pcap")
        } throws: { error in
            guard case .open(let path, let message) = error as? PcapError else { return false }
            return path == "/nonexistent/capture.pcap" && message.contains("No such file")
        }
        try withTemporaryFile(Array("not a capture file, just text".utf8)) { path in
            #expect {
                try PcapReader(path: path)
            } throws: { error in
                guard case .open(_, let message) = error as? PcapError else { return false }
                return !message.isEmpty
            }
        }
    }

    /// Every prefix of a three-record file: an open error before the global header is whole,
    /// then whole records read and a read error for a cut one; never a trap.
    @Test func everyTruncationIsAnErrorOrAnEnd() throws {
        var capture = CaptureBuilder(linkType: 1)
        for _ in 0..<3 { capture.add(Self.ethernetIPv4 + Frames.udpIPv4) }
        let bytes = capture.bytes
        let recordSize = 16 + Self.ethernetIPv4.count + Frames.udpIPv4.count
        for length in 0...bytes.count {
            try withTemporaryFile(Array(bytes.prefix(length))) { path in
                guard length >= 24 else {
                    #expect(throws: PcapError.self) { try PcapReader(path: path) }
                    return
                }
                let reader = try PcapReader(path: path)
                let whole = (length - 24) / recordSize
                let cut = (length - 24) % recordSize != 0
                #expect(Array(reader).count == whole, "length \(length)")
                if cut {
                    guard case .read(let record, let message) = reader.error else {
                        Issue.record("length \(length): expected a read error, got \(String(describing: reader.error))")
                        return
                    }
                    #expect(record == whole)
                    #expect(message.contains("truncated"))
                    // The error stays: the throwing API reports it again, the iterator ends.
                    #expect(throws: PcapError.self) { try reader.nextPacket() }
                    var iterator = reader.makeIterator()
                    #expect(iterator.next() == nil)
                } else {
                    #expect(reader.error == nil, "length \(length)")
                    #expect(try reader.nextPacket() == nil)
                }
            }
        }
    }

    @Test func throwingAndBorrowingReads() throws {
        var capture = CaptureBuilder(linkType: 1)
        capture.add(Self.ethernetIPv4 + Frames.udpIPv4)
        capture.add(Self.ethernetIPv6 + Frames.udpIPv6, fraction: 999_999)
        try withTemporaryFile(capture.bytes) { path in
            let reader = try PcapReader(path: path)
            let first = try #require(try reader.nextPacket())
            #expect(first.destination == PcapEndpoint(address: .ipv4(0x7F00_0001), port: 40000))
            let borrowed = try reader.withNextDatagram { timestamp, datagram, frame, record in
                (timestamp.microseconds, datagram.destination.address, Array(frame[datagram.payload]), record)
            }
            #expect(borrowed?.0 == 999_999)
            #expect(borrowed?.1 == .ipv6(0, 1))
            #expect(borrowed?.2 == Frames.payload)
            #expect(borrowed?.3 == 1)
            #expect(try reader.nextPacket() == nil)
            #expect(try reader.withNextDatagram { _, _, _, _ in 0 } == nil)
        }
    }

    /// The decoder's fuzz entry over every prefix and every one-byte change of the test frames,
    /// under every link type: no trap, and a decoded payload always lies inside the frame.
    @Test func fuzzSeeds() {
        var seeds: [[UInt8]] = Self.skipped.map(\.1)
        for (fileLinkType, _, ipv6) in LinkTypeTests.cases {
            seeds.append(Frames.linkHeader(fileLinkType, ipv6: ipv6) + (ipv6 ? Frames.udpIPv6 : Frames.udpIPv4))
        }
        for seed in seeds {
            for length in 0...seed.count {
                seed.prefix(length).withUnsafeBytes { PcapUDPDatagram.fuzz($0) }
            }
            for offset in seed.indices {
                for value: UInt8 in [0x00, 0x01, 0x06, 0x11, 0x2C, 0x45, 0x60, 0x7F, 0x80, 0xFF] {
                    var mutated = seed
                    mutated[offset] = value
                    mutated.withUnsafeBytes { PcapUDPDatagram.fuzz($0) }
                }
            }
        }
    }
}
