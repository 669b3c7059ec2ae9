// Transport addresses (an IP address and a port, RFC 8445 §3) and the
// XOR-MAPPED-ADDRESS attribute that carries one (RFC 8489 §14.2):
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                X-Address (Variable)
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Family 0x01 is IPv4 (4 address bytes), 0x02 IPv6 (16). X-Port is the port
// xor the cookie's top 16 bits; an IPv4 X-Address is the address xor the
// magic cookie, an IPv6 one the address xor the cookie then the transaction id.

import RTP

/// An IP address and a port, without allocation: IPv4 or IPv6.
public struct IceAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address family, with STUN's numbers.
    public enum Family: UInt8, Sendable, Hashable {
        /// IPv4: 4 address bytes.
        case ipv4 = 0x01
        /// IPv6: 16 address bytes.
        case ipv6 = 0x02
    }

    /// IPv4 or IPv6.
    public let family: Family
    /// The port (UDP or TCP).
    public let port: UInt16
    /// The address's first 8 bytes (IPv6), or 0 (IPv4).
    let high: UInt64
    /// The address's last 8 bytes (IPv6), or the IPv4 address in the low 32 bits.
    let low: UInt64

    /// The IPv4 address `a.b.c.d` given as `a << 24 | b << 16 | c << 8 | d`.
    public init(ipv4: UInt32, port: UInt16) {
        self.family = .ipv4
        self.port = port
        self.high = 0
        self.low = UInt64(ipv4)
    }

    /// The IPv6 address whose 16 bytes are `high` then `low`, big-endian.
    public init(ipv6High high: UInt64, low: UInt64, port: UInt16) {
        self.family = .ipv6
        self.port = port
        self.high = high
        self.low = low
    }

    /// The address of 4 (IPv4) or 16 (IPv6) bytes in network order; nil for another count.
    public init?(addressBytes: some Collection<UInt8>, port: UInt16) {
        let count = addressBytes.count
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in addressBytes.enumerated() {
            if index < 8, count == 16 {
                high = high << 8 | UInt64(byte)
            } else {
                low = low << 8 | UInt64(byte)
            }
        }
        switch count {
        case 4: self.init(ipv4: UInt32(truncatingIfNeeded: low), port: port)
        case 16: self.init(ipv6High: high, low: low, port: port)
        default: return nil
        }
    }

    /// The IPv4 address as a 32-bit number; nil for IPv6.
    public var ipv4: UInt32? {
        family == .ipv4 ? UInt32(truncatingIfNeeded: low) : nil
    }

    /// The address's bytes in network order: 4 or 16.
    public var addressBytes: [UInt8] {
        let count = family == .ipv4 ? 4 : 16
        return makeBytes(size: count) { buffer in
            if family == .ipv4 {
                buffer.put32(UInt32(truncatingIfNeeded: low), at: 0)
            } else {
                buffer.put64(high, at: 0)
                buffer.put64(low, at: 8)
            }
            return count
        }
    }

    /// The address in text: dotted decimal for IPv4, RFC 5952 for IPv6 (lower
    /// case, the longest run of two or more zero groups as `::`).
    public var ipString: String {
        if let ipv4 { return IPAddressText.ipv4(ipv4) }
        return IPAddressText.ipv6(high: high, low: low)
    }

    /// `ip:port`, with the IPv6 address in brackets.
    public var description: String {
        family == .ipv4 ? "\(ipString):\(port)" : "[\(ipString)]:\(port)"
    }

    // MARK: XOR-MAPPED-ADDRESS

    /// The value's size: 8 (IPv4) or 20 (IPv6).
    var xorMappedSize: Int { family == .ipv4 ? 8 : 20 }

    /// Reads an XOR-MAPPED-ADDRESS value; nil for a wrong family or length.
    init?(xorMapped value: UnsafeRawBufferPointer, transactionID: StunTransactionID) {
        guard value.count >= 4 else { return nil }
        let port = value.u16(2) ^ UInt16(truncatingIfNeeded: Stun.magicCookie >> 16)
        switch (value[1], value.count) {
        case (Family.ipv4.rawValue, 8):
            self.init(ipv4: value.u32(4) ^ Stun.magicCookie, port: port)
        case (Family.ipv6.rawValue, 20):
            let mask = UInt64(Stun.magicCookie) << 32 | UInt64(transactionID.high)
            self.init(ipv6High: value.u64(4) ^ mask, low: value.u64(12) ^ transactionID.low, port: port)
        default:
            return nil
        }
    }

    /// Writes the XOR-MAPPED-ADDRESS value (``xorMappedSize`` bytes) at `offset`.
    func writeXorMapped(into buffer: UnsafeMutableRawBufferPointer, at offset: Int, transactionID: StunTransactionID) {
        buffer[offset] = 0
        buffer[offset + 1] = family.rawValue
        buffer.put16(port ^ UInt16(truncatingIfNeeded: Stun.magicCookie >> 16), at: offset + 2)
        if family == .ipv4 {
            buffer.put32(UInt32(truncatingIfNeeded: low) ^ Stun.magicCookie, at: offset + 4)
        } else {
            buffer.put64(high ^ (UInt64(Stun.magicCookie) << 32 | UInt64(transactionID.high)), at: offset + 4)
            buffer.put64(low ^ transactionID.low, at: offset + 12)
        }
    }
}

/// The transport protocol of a tuple.
public enum IceTransportProtocol: Sendable, Hashable {
    /// Datagrams.
    case udp
    /// A TCP connection carrying RFC 4571 framed packets.
    case tcp
}

/// A 5-tuple that checks arrive on: the local socket's address, the remote
/// peer's address, and the protocol. Two tuples are the same path when all
/// three are equal.
public struct IceTuple: Sendable, Hashable, CustomStringConvertible {
    /// The local address the datagram (or connection) arrived on.
    public var local: IceAddress
    /// The remote address it came from.
    public var remote: IceAddress
    /// UDP, or TCP (RFC 6544).
    public var transportProtocol: IceTransportProtocol

    /// The tuple of `local`, `remote` and `transportProtocol`.
    public init(local: IceAddress, remote: IceAddress, transportProtocol: IceTransportProtocol) {
        self.local = local
        self.remote = remote
        self.transportProtocol = transportProtocol
    }

    /// `udp 127.0.0.1:40000 <- 192.168.1.2:50000`.
    public var description: String {
        "\(transportProtocol == .udp ? "udp" : "tcp") \(local) <- \(remote)"
    }
}
