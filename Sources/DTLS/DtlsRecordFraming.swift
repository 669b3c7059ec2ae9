/// DTLS record framing (RFC 6347 §4.1): the 13-byte record header (content
/// type, version, epoch, sequence number, length), datagram checks before
/// OpenSSL sees a byte, and the grouping of outgoing records into datagrams.
public enum DtlsRecordFraming {
    /// Bytes of a DTLS record header.
    public static let headerSize = 13
    /// The longest record body accepted: 2^14 plaintext plus 2048 of expansion (RFC 6347 §4.1).
    public static let maximumRecordBodySize = 16_384 + 2_048
    /// The longest datagram handed to OpenSSL: a full record of OpenSSL's read
    /// buffer (2^14 plaintext, 320 bytes of encryption overhead, the header).
    /// Longer datagrams are dropped (no WebRTC peer sends them).
    public static let maximumDatagramSize = 16_384 + 320 + headerSize

    /// Whether `datagram` is DTLS by RFC 7983 demultiplexing, as mediasoup's
    /// `DtlsTransport::IsDtls`: at least a record header, first byte 20…63.
    public static func isDtls(_ datagram: UnsafeRawBufferPointer) -> Bool {
        guard datagram.count >= headerSize, let first = datagram.first else { return false }
        return (20...63).contains(first)
    }

    /// Whether `datagram` is one or more whole DTLS records of a known content
    /// type (change_cipher_spec, alert, handshake, application_data) with a
    /// DTLS version (1.0 or 1.2), and no trailing bytes.
    static func isWellFormed(_ datagram: UnsafeRawBufferPointer) -> Bool {
        guard datagram.count >= headerSize, datagram.count <= maximumDatagramSize else { return false }
        var offset = 0
        while offset < datagram.count {
            guard let end = recordEnd(in: datagram, at: offset),
                (20...23).contains(datagram[offset]),
                datagram[offset + 1] == 0xFE,
                datagram[offset + 2] == 0xFD || datagram[offset + 2] == 0xFF
            else {
                return false
            }
            offset = end
        }
        return true
    }

    /// Where the record starting at `offset` ends, or nil if its header or
    /// body runs past `bytes` or its body is too long.
    static func recordEnd(in bytes: UnsafeRawBufferPointer, at offset: Int) -> Int? {
        guard offset >= 0, bytes.count - offset >= headerSize else { return nil }
        let length = Int(bytes[offset + 11]) << 8 | Int(bytes[offset + 12])
        guard length <= maximumRecordBodySize, bytes.count - offset - headerSize >= length else { return nil }
        return offset + headerSize + length
    }

    /// Cuts what OpenSSL wrote into datagrams: whole records, consecutive
    /// records grouped while the datagram stays within `mtu` (a record longer
    /// than `mtu` goes alone). Bytes that do not frame as records (never seen
    /// from OpenSSL) go as one last datagram.
    static func datagrams(of bytes: UnsafeRawBufferPointer, mtu: Int) -> [[UInt8]] {
        var datagrams: [[UInt8]] = []
        var start = 0
        var offset = 0
        while offset < bytes.count {
            guard let end = recordEnd(in: bytes, at: offset) else {
                offset = bytes.count
                break
            }
            if end - start > mtu, offset > start {
                datagrams.append(Array(bytes[start..<offset]))
                start = offset
            }
            offset = end
        }
        if offset > start {
            datagrams.append(Array(bytes[start..<offset]))
        }
        return datagrams
    }
}
