// RFC 4588 §4 on the receive side: an RTX packet back into the original
// packet it carries (the layout is drawn in RetransmissionBuffer.swift). The
// original sequence number (OSN) leaves the payload for the header, the media
// SSRC and payload type come back, the padding goes.

/// Decoding of RTX packets (RFC 4588), in place.
public enum RTXDecoding {
    /// Turns the RTX packet at the start of `packet` (`length` bytes) into the
    /// original packet, in place, and returns the original's length and
    /// sequence number; nil when it is not RTP or carries no OSN (senders use
    /// such empty RTX packets as padding: drop them).
    ///
    /// - Parameters:
    ///   - mediaPayloadType: the payload type of the stream the RTX one repairs
    ///     (the RTX payload type's `apt`).
    ///   - mediaSSRC: the SSRC of that stream.
    public static func decode(
        _ packet: UnsafeMutableRawBufferPointer,
        length: Int,
        mediaPayloadType: UInt8,
        mediaSSRC: UInt32
    ) -> (length: Int, sequenceNumber: UInt16)? {
        guard length >= 0, length <= packet.count else { return nil }
        let bytes = UnsafeMutableRawBufferPointer(rebasing: packet[0..<length])
        guard let header = try? RTPHeaderFields.parse(UnsafeRawBufferPointer(bytes)), header.payloadLength >= 2 else {
            return nil
        }
        let offset = header.payloadOffset
        let original = UnsafeRawBufferPointer(bytes).u16(offset)
        let payload = header.payloadLength - 2
        if payload > 0, let base = bytes.baseAddress {
            (base + offset).copyMemory(from: base + offset + 2, byteCount: payload)
        }
        bytes[0] &= ~0x20
        RTPHeaderFields.setPayloadType(mediaPayloadType, in: bytes)
        RTPHeaderFields.setSequenceNumber(original, in: bytes)
        RTPHeaderFields.setSSRC(mediaSSRC, in: bytes)
        return (offset + payload, original)
    }
}
