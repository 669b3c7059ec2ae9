#if canImport(Glibc)
import Glibc
#endif
import CSystemShims
import ICE
import NIOCore

// Socket addresses as the kernel gives them (recvmmsg's sources), compared
// with and turned into NIO's SocketAddress without allocating for the
// comparison.

extension SocketAddress {
    /// The IPv4 or IPv6 address at `raw`; nil for another family.
    init?(raw: UnsafePointer<sockaddr>) {
        switch Int32(raw.pointee.sa_family) {
        case AF_INET:
            self = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { SocketAddress($0.pointee) }
        case AF_INET6:
            self = raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { SocketAddress($0.pointee) }
        default:
            return nil
        }
    }

    /// Whether this is the address at `raw` (as `==` compares two of them).
    func matches(_ raw: UnsafePointer<sockaddr>) -> Bool {
        withSockAddr { own, _ in cshims_same_address(own, raw) != 0 }
    }
}

extension SocketAddress {
    /// The address of an ICE tuple's end, for sending to it; nil if NIO refuses it.
    init?(_ address: IceAddress) {
        guard let made = try? SocketAddress(ipAddress: address.ipString, port: Int(address.port)) else { return nil }
        self = made
    }
}

extension IceAddress {
    /// The IPv4 or IPv6 address and port at `raw` (a datagram's source); nil for another family.
    init?(raw: UnsafePointer<sockaddr>) {
        switch Int32(raw.pointee.sa_family) {
        case AF_INET:
            let address = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee }
            self.init(ipv4: UInt32(bigEndian: address.sin_addr.s_addr), port: UInt16(bigEndian: address.sin_port))
        case AF_INET6:
            var address = raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee }
            let port = UInt16(bigEndian: address.sin6_port)
            guard let made = withUnsafeBytes(of: &address.sin6_addr, { IceAddress(addressBytes: $0, port: port) })
            else {
                return nil
            }
            self = made
        default:
            return nil
        }
    }

    /// The address of `address`; nil for a Unix domain address.
    init?(_ address: SocketAddress) {
        guard let made = address.withSockAddr({ raw, _ in IceAddress(raw: raw) }) else { return nil }
        self = made
    }
}
