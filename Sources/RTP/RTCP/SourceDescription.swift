// RFC 3550 §6.5: SDES, source description. Each chunk is an SSRC and a list of
// items ended by a null item and zero-padded to a 32-bit boundary.
//
//          0                   1                   2                   3
//          0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//         +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  header |V=2|P|    SC   |  PT=SDES=202  |             length            |
//         +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//  chunk  |                          SSRC/CSRC_1                          |
//    1    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//         |    type (1=CNAME) |  length   | text (length bytes)         ...
//         |      ...      |   0 (end)     |    zero padding to 32 bits    |
//         +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//  chunk  |                          SSRC/CSRC_2                          |
//    2    :                              ...                              :
//         +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+

/// A source description (SDES) packet.
public struct RTCPSourceDescription: RTCPMessage, Hashable {
    /// One SDES item: a type (1 CNAME, 2 NAME, 3 EMAIL, 4 PHONE, 5 LOC, 6 TOOL,
    /// 7 NOTE, 8 PRIV) and its text.
    public struct Item: Sendable, Hashable {
        /// The CNAME item type.
        public static let cname: UInt8 = 1

        /// The item type (1–255; 0 ends a chunk and is not an item).
        public var type: UInt8
        /// The item's text, UTF-8 by RFC 3550; at most 255 bytes are written.
        public var value: [UInt8]

        /// An item.
        public init(type: UInt8, value: [UInt8]) {
            self.type = type
            self.value = value
        }
    }

    /// The items describing one source.
    public struct Chunk: Sendable, Hashable {
        /// The source described.
        public var ssrc: UInt32
        /// Its items, in order.
        public var items: [Item]

        /// A chunk.
        public init(ssrc: UInt32, items: [Item]) {
            self.ssrc = ssrc
            self.items = items
        }

        /// A chunk with only a CNAME item.
        public init(ssrc: UInt32, cname: String) {
            self.init(ssrc: ssrc, items: [Item(type: Item.cname, value: Array(cname.utf8))])
        }

        /// The text of the first CNAME item, nil when absent.
        public var cname: String? {
            items.first { $0.type == Item.cname }.map { String(decoding: $0.value, as: UTF8.self) }
        }

        /// The chunk's size: SSRC, items, null item, padding to 32 bits.
        var serializedSize: Int {
            roundUp4(4 + items.reduce(0) { $0 + 2 + min($1.value.count, 255) } + 1)
        }
    }

    /// The chunks, at most 31 (more are not written).
    public var chunks: [Chunk]

    /// A source description.
    public init(chunks: [Chunk]) {
        self.chunks = chunks
    }

    public init(parsing packet: UnsafeRawBufferPointer) throws(RTCPParseError) {
        let (header, body) = try RTCPHeader.body(of: packet, type: RTCPPacketType.sourceDescription)
        var chunks = [Chunk]()
        var offset = 0
        for _ in 0..<header.count {
            try require(body, offset + 4)
            var chunk = Chunk(ssrc: body.u32(offset), items: [])
            offset += 4
            while true {
                guard offset < body.count else { throw .badSDES }  // no null item
                let type = body.u8(offset)
                if type == 0 {
                    offset = roundUp4(offset + 1)
                    break
                }
                try require(body, offset + 2)
                let length = Int(body.u8(offset + 1))
                try require(body, offset + 2 + length)
                chunk.items.append(Item(type: type, value: Array(body[(offset + 2)..<(offset + 2 + length)])))
                offset += 2 + length
            }
            chunks.append(chunk)
        }
        self.chunks = chunks
    }

    public var serializedSize: Int {
        RTCPHeader.size + chunks.prefix(31).reduce(0) { $0 + $1.serializedSize }
    }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let size = checkCapacity(buffer)
        let written = chunks.prefix(31)
        RTCPHeader.write(count: UInt8(written.count), packetType: RTCPPacketType.sourceDescription, size: size, into: buffer)
        var offset = 4
        for chunk in written {
            let end = offset + chunk.serializedSize
            buffer.put32(chunk.ssrc, at: offset)
            offset += 4
            for item in chunk.items {
                let value = item.value.prefix(255)
                buffer.put8(item.type, at: offset)
                buffer.put8(UInt8(value.count), at: offset + 1)
                offset = buffer.put(value, at: offset + 2)
            }
            buffer.zero(end - offset, at: offset)  // the null item and the padding
            offset = end
        }
        return offset
    }
}
