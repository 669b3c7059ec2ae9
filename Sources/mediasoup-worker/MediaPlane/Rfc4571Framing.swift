import NIOCore

// RFC 4571 framing of ICE-TCP (RFC 6544 §3): on a TCP connection every STUN
// message, DTLS record flight and SRTP/SRTCP packet goes as a 2-byte
// big-endian length, then that many bytes.

/// Splits a TCP byte stream into RFC 4571 frames. Sans-I/O: bytes in, frames
/// out; it holds at most one frame's header and body.
struct Rfc4571FrameReader {
    /// The longest frame taken; a longer length ends the stream (the
    /// connection is then closed: a peer that sends one is broken or hostile).
    let maximumLength: Int
    private var pending: ByteBuffer?

    /// What reading met.
    enum Failure: Error, Equatable {
        /// A frame announced a length over ``maximumLength``.
        case frameTooLong(Int)
    }

    init(maximumLength: Int) {
        self.maximumLength = maximumLength
    }

    /// Appends `bytes` and hands each complete frame to `onFrame`, in order
    /// (empty frames are skipped). Bytes of an incomplete frame wait for the next call.
    ///
    /// - Throws: ``Failure/frameTooLong(_:)``; frames before it were handed over.
    mutating func read(_ bytes: inout ByteBuffer, onFrame: (ByteBufferView) -> Void) throws(Failure) {
        if var buffer = pending {
            pending = nil
            buffer.writeBuffer(&bytes)
            try drain(&buffer, onFrame: onFrame)
        } else {
            try drain(&bytes, onFrame: onFrame)
        }
    }

    private mutating func drain(_ buffer: inout ByteBuffer, onFrame: (ByteBufferView) -> Void) throws(Failure) {
        while let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self).map(Int.init) {
            guard length <= maximumLength else { throw .frameTooLong(length) }
            guard buffer.readableBytes >= 2 + length else { break }
            buffer.moveReaderIndex(forwardBy: 2)
            if length > 0, let frame = buffer.readSlice(length: length) {
                onFrame(frame.readableBytesView)
            }
        }
        if buffer.readableBytes > 0 {
            buffer.discardReadBytes()
            pending = buffer
        }
    }
}

extension ByteBufferAllocator {
    /// `bytes` as one RFC 4571 frame (nil when longer than a 16-bit length).
    func rfc4571Frame(_ bytes: some Collection<UInt8>) -> ByteBuffer? {
        guard let length = UInt16(exactly: bytes.count) else { return nil }
        var buffer = buffer(capacity: 2 + bytes.count)
        buffer.writeInteger(length)
        buffer.writeBytes(bytes)
        return buffer
    }
}
