#if canImport(Glibc)
import Glibc
#endif
import CSystemShims
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
