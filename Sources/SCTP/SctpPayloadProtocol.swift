/// SCTP payload protocol identifiers of WebRTC data channels (RFC 8831 §8).
public enum SctpPayloadProtocol {
    /// DCEP control messages (RFC 8832).
    public static let dataChannelControl: UInt32 = 50
    /// A UTF-8 string.
    public static let string: UInt32 = 51
    /// Binary data.
    public static let binary: UInt32 = 53
    /// An empty string (sent as one byte, RFC 8831 §6.6).
    public static let emptyString: UInt32 = 56
    /// An empty binary message (sent as one byte).
    public static let emptyBinary: UInt32 = 57
}

/// Recognises SCTP packets among other datagrams on one UDP port.
public enum SctpPacket {
    /// The SCTP common header's size.
    public static let commonHeaderSize = 12

    /// Whether `datagram` looks like an SCTP packet between WebRTC's ports:
    /// source and destination port 5000 (as mediasoup's IsSctp).
    public static func isSctp(_ datagram: UnsafeRawBufferPointer) -> Bool {
        datagram.count >= commonHeaderSize && datagram[0] == 0x13 && datagram[1] == 0x88 && datagram[2] == 0x13
            && datagram[3] == 0x88
    }
}
