import Foundation

/// Builds small classic pcap files in memory (the format of https://www.tcpdump.org/manpages/pcap-savefile.5.html),
/// so tests can hand PcapReader every link type, byte order and damage they need.
struct CaptureBuilder {
    struct Record {
        var seconds: UInt32
        var fraction: UInt32
        var frame: [UInt8]
        /// The length on the wire; the frame's length when nil (a larger value says "cut by the snapshot length").
        var originalLength: UInt32?
    }

    var linkType: UInt32
    var bigEndian = false
    var nanoseconds = false
    var snapshotLength: UInt32 = 262_144
    var records: [Record] = []

    init(linkType: UInt32, bigEndian: Bool = false, nanoseconds: Bool = false) {
        self.linkType = linkType
        self.bigEndian = bigEndian
        self.nanoseconds = nanoseconds
    }

    mutating func add(
        _ frame: [UInt8], seconds: UInt32 = 1_700_000_000, fraction: UInt32 = 250_000, originalLength: UInt32? = nil
    ) {
        records.append(Record(seconds: seconds, fraction: fraction, frame: frame, originalLength: originalLength))
    }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        func u32(_ value: UInt32) {
            let ordered = bigEndian ? value.bigEndian : value.littleEndian
            withUnsafeBytes(of: ordered) { out.append(contentsOf: $0) }
        }
        func u16(_ value: UInt16) {
            let ordered = bigEndian ? value.bigEndian : value.littleEndian
            withUnsafeBytes(of: ordered) { out.append(contentsOf: $0) }
        }
        u32(nanoseconds ? 0xA1B2_3C4D : 0xA1B2_C3D4)  // magic: its byte order is the file's
        u16(2)  // version major
        u16(4)  // version minor
        u32(0)  // reserved (thiszone)
        u32(0)  // reserved (sigfigs)
        u32(snapshotLength)
        u32(linkType)
        for record in records {
            u32(record.seconds)
            u32(record.fraction)
            u32(UInt32(record.frame.count))
            u32(record.originalLength ?? UInt32(record.frame.count))
            out.append(contentsOf: record.frame)
        }
        return out
    }
}

/// Writes `bytes` to a fresh temporary file, runs `body` with its path, and removes it.
@discardableResult
func withTemporaryFile<T>(_ bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("pcap-test-\(UUID().uuidString).pcap")
    try Data(bytes).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}

/// Frames used across the tests: one UDP datagram, 127.0.0.1:5000 -> 127.0.0.1:40000 (IPv4)
/// or [2001:db8::1]:5000 -> [::1]:40000 (IPv6), carrying the 4 bytes DE AD BE EF.
enum Frames {
    static let payload: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF]

    static let udpIPv4: [UInt8] = [
        0x45, 0x00, 0x00, 0x20,  // IPv4, IHL 5, TOS 0, total length 32
        0x12, 0x34, 0x40, 0x00,  // identification 0x1234, DF, fragment offset 0
        0x40, 0x11, 0x00, 0x00,  // TTL 64, protocol 17 (UDP), checksum (not checked)
        0x7F, 0x00, 0x00, 0x01,  // source 127.0.0.1
        0x7F, 0x00, 0x00, 0x01,  // destination 127.0.0.1
        0x13, 0x88, 0x9C, 0x40,  // UDP source port 5000, destination port 40000
        0x00, 0x0C, 0x00, 0x00,  // UDP length 12, checksum 0
        0xDE, 0xAD, 0xBE, 0xEF,  // payload
    ]

    static let udpIPv6: [UInt8] = [
        0x60, 0x00, 0x00, 0x00,  // IPv6, traffic class 0, flow label 0
        0x00, 0x0C, 0x11, 0x40,  // payload length 12, next header 17 (UDP), hop limit 64
        0x20, 0x01, 0x0D, 0xB8,  // source 2001:db8::1
        0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x00,  // destination ::1
        0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x01,
        0x13, 0x88, 0x9C, 0x40,  // UDP source port 5000, destination port 40000
        0x00, 0x0C, 0x00, 0x00,  // UDP length 12, checksum 0
        0xDE, 0xAD, 0xBE, 0xEF,  // payload
    ]

    /// The link-layer header of each link type, for an IPv4 and an IPv6 datagram.
    static func linkHeader(_ linkType: UInt32, ipv6: Bool) -> [UInt8] {
        switch linkType {
        case 1:  // Ethernet: zero MACs (as on Linux lo), EtherType
            return [UInt8](repeating: 0, count: 12) + (ipv6 ? [0x86, 0xDD] : [0x08, 0x00])
        case 0:  // BSD loopback: AF_INET 2 little-endian (a little-endian writer), AF_INET6 30 (macOS)
            return ipv6 ? [0x1E, 0x00, 0x00, 0x00] : [0x02, 0x00, 0x00, 0x00]
        case 108:  // OpenBSD loopback: the family in network order, AF_INET6 24
            return ipv6 ? [0x00, 0x00, 0x00, 0x18] : [0x00, 0x00, 0x00, 0x02]
        case 101, 228, 229:  // raw IP
            return []
        case 113:  // Linux SLL: packet type 0 (to us), ARPHRD_LOOPBACK 772, address length 6, address, protocol
            return [0x00, 0x00, 0x03, 0x04, 0x00, 0x06, 0, 0, 0, 0, 0, 0, 0, 0] + (ipv6 ? [0x86, 0xDD] : [0x08, 0x00])
        case 276:  // Linux SLL2: protocol, reserved, interface index 1, ARPHRD 772, packet type 0,
            // address length 6, address
            return (ipv6 ? [0x86, 0xDD] : [0x08, 0x00]) + [0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x04, 0x00, 0x06]
                + [UInt8](repeating: 0, count: 8)
        default:
            return []
        }
    }
}
