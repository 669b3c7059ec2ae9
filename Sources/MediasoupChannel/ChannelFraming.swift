import Mediasoup

/// Splits a byte stream into channel frames: a 4-byte big-endian length, then
/// the payload. Sans-I/O: feed it bytes as they arrive, take frames out.
///
/// A frame announcing more than ``maxPayloadLength`` bytes is skipped (its
/// bytes are read and dropped) and counted in ``skippedFrames``: one bad frame
/// costs its own message, never the channel. Senders check the limit before
/// they write (``ChannelMessage/frame()``), so a skipped frame is a bug of the
/// other end, not something a request can cause.
package struct ChannelFrameDecoder: Sendable {
    /// Largest payload accepted.
    package static let maxPayloadLength = 16 * 1024 * 1024

    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Bytes of a skipped frame still to drop.
    private var skipping = 0
    /// Frames dropped for announcing more than ``maxPayloadLength`` bytes.
    package private(set) var skippedFrames = 0

    package init() {}

    /// Appends received bytes.
    package mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next whole frame's payload, or nil when more bytes are needed.
    package mutating func nextFrame() -> [UInt8]? {
        while true {
            if skipping > 0 {
                let dropped = min(skipping, buffer.count - readIndex)
                skipping -= dropped
                readIndex += dropped
                compact()
                if skipping > 0 { return nil }
            }
            let available = buffer.count - readIndex
            guard available >= 4 else { return nil }
            let length =
                Int(buffer[readIndex]) << 24 | Int(buffer[readIndex + 1]) << 16 | Int(buffer[readIndex + 2]) << 8
                | Int(buffer[readIndex + 3])
            guard length <= Self.maxPayloadLength else {
                skippedFrames += 1
                readIndex += 4
                skipping = length
                continue
            }
            guard available - 4 >= length else { return nil }
            let start = readIndex + 4
            let payload = Array(buffer[start..<start + length])
            readIndex = start + length
            compact()
            return payload
        }
    }

    private mutating func compact() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex > 65536 {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
    }
}

/// A message too large for one channel frame; refused before anything is written.
package struct ChannelFrameTooLarge: Error, Sendable, CustomStringConvertible {
    package let length: Int
    package var description: String {
        "channel message of \(length) bytes exceeds \(ChannelFrameDecoder.maxPayloadLength)"
    }
}

extension ChannelMessage {
    /// This message as one frame: length prefix and JSON (members in no
    /// particular order: only the other end reads it).
    ///
    /// - Throws: ``ChannelFrameTooLarge`` when the JSON is longer than
    ///   ``ChannelFrameDecoder/maxPayloadLength``; an encoding error.
    package func frame() throws -> [UInt8] {
        var frame: [UInt8] = [0, 0, 0, 0]
        try jsonValue().appendJSON(to: &frame, sortedKeys: false)
        guard frame.count - 4 <= ChannelFrameDecoder.maxPayloadLength else {
            throw ChannelFrameTooLarge(length: frame.count - 4)
        }
        let length = UInt32(frame.count - 4)
        frame[0] = UInt8(length >> 24)
        frame[1] = UInt8(length >> 16 & 0xFF)
        frame[2] = UInt8(length >> 8 & 0xFF)
        frame[3] = UInt8(length & 0xFF)
        return frame
    }

    /// Decodes a frame's payload.
    package init(payload: [UInt8]) throws(TypeError) {
        try self.init(json: payload)
    }
}

extension JSONValue {
    /// Decodes this JSON value into a request or response payload type.
    /// - Throws: ``TypeError`` naming the field at fault.
    package func decode<T: Decodable>(_ type: T.Type) throws(TypeError) -> T {
        try T(jsonValue: self)
    }
}

extension Encodable {
    /// This value as channel data.
    package func channelData() throws -> JSONValue {
        try jsonValue()
    }
}
