// RFC 3550 §6.1: a compound RTCP packet is RTCP packets stacked back to back
// in one datagram, each announcing its own length.

/// One RTCP packet found in a compound packet, located in the borrowed buffer.
public struct RTCPPacketView {
    /// Its common header.
    public let header: RTCPHeader
    /// Where it lies in the compound packet (header to padding included).
    public let range: Range<Int>
    /// Its bytes: the compound buffer's `range`.
    public let bytes: UnsafeRawBufferPointer
}

/// Walks the RTCP packets of a compound packet in place, without allocating.
///
/// Each packet's header is checked (version 2, length within the bytes, valid
/// padding count) before it is returned; the first invalid one throws and ends
/// the iteration.
///
/// - Important: it borrows `bytes`; use it, and the views it returns, only
///   while that buffer lives.
public struct RTCPCompoundIterator {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    /// An iterator over the compound packet `bytes`.
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The next packet, or nil after the last one.
    ///
    /// - Throws: an ``RTCPParseError`` when the bytes left do not start with a
    ///   valid packet; the iteration then ends.
    public mutating func next() throws(RTCPParseError) -> RTCPPacketView? {
        guard offset < bytes.count else { return nil }
        let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        let header: RTCPHeader
        do {
            header = try RTCPHeader.parse(rest)
        } catch {
            offset = bytes.count
            throw error
        }
        let range = offset..<(offset + header.packetSize)
        offset = range.upperBound
        return RTCPPacketView(header: header, range: range, bytes: UnsafeRawBufferPointer(rebasing: bytes[range]))
    }

    /// Checks every packet header of the compound packet `bytes` and returns
    /// how many packets it holds.
    public static func validate(_ bytes: UnsafeRawBufferPointer) throws(RTCPParseError) -> Int {
        var iterator = RTCPCompoundIterator(bytes)
        var count = 0
        while try iterator.next() != nil { count += 1 }
        return count
    }
}
