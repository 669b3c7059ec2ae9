// RFC 4585 §6.2.1: generic NACK, a transport layer feedback (RTPFB, FMT=1)
// naming lost packets. Each FCI entry is a packet id (PID) and a bitmask of the
// 16 following sequence numbers (BLP, bit i = PID + i + 1 lost).
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2|P|  FMT=1  |   PT=RTPFB=205  |          length             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                  SSRC of packet sender                        |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                  SSRC of media source                         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |            PID                |             BLP               |  FCI, repeated
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// A generic NACK: the sequence numbers a receiver asks to be retransmitted.
public struct RTCPGenericNack: RTCPMessage, Hashable {
    /// The FMT value of generic NACK in RTPFB.
    public static let format: UInt8 = 1

    /// One FCI entry: a lost packet and a mask of the next 16.
    public struct Item: Sendable, Hashable {
        /// The packet id: a lost sequence number.
        public var pid: UInt16
        /// Bitmask of following lost packets: bit i set means PID + i + 1 is lost.
        public var blp: UInt16

        /// An FCI entry.
        public init(pid: UInt16, blp: UInt16) {
            self.pid = pid
            self.blp = blp
        }

        /// The sequence numbers the entry names, in order.
        public var sequenceNumbers: [UInt16] {
            var numbers = [pid]
            for bit in 0..<16 where blp & (1 << bit) != 0 {
                numbers.append(pid &+ UInt16(bit + 1))
            }
            return numbers
        }
    }

    /// The SSRC of the packet sender (the receiver of the media).
    public var senderSSRC: UInt32
    /// The SSRC of the stream whose packets are lost.
    public var mediaSSRC: UInt32
    /// The FCI entries.
    public var items: [Item]

    /// A NACK with FCI `items`.
    public init(senderSSRC: UInt32, mediaSSRC: UInt32, items: [Item]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.items = items
    }

    /// A NACK naming `sequenceNumbers`, given in RTP order (wrap-around
    /// allowed): a number within 16 after the current entry's PID joins its
    /// BLP, any other starts a new entry; repeats of the PID are skipped.
    public init(senderSSRC: UInt32, mediaSSRC: UInt32, sequenceNumbers: some Sequence<UInt16>) {
        var items = [Item]()
        for number in sequenceNumbers {
            if let last = items.last {
                let distance = number &- last.pid
                if distance == 0 { continue }
                if distance <= 16 {
                    items[items.count - 1].blp |= 1 << (distance - 1)
                    continue
                }
            }
            items.append(Item(pid: number, blp: 0))
        }
        self.init(senderSSRC: senderSSRC, mediaSSRC: mediaSSRC, items: items)
    }

    /// Every sequence number named, entry by entry.
    public var sequenceNumbers: [UInt16] {
        items.flatMap(\.sequenceNumbers)
    }

    public init(parsing packet: UnsafeRawBufferPointer) throws(RTCPParseError) {
        let (_, body) = try RTCPHeader.body(of: packet, type: RTCPPacketType.transportFeedback, format: Self.format)
        try require(body, 8)
        senderSSRC = body.u32(0)
        mediaSSRC = body.u32(4)
        let count = (body.count - 8) / 4
        items = (0..<count).map { Item(pid: body.u16(8 + $0 * 4), blp: body.u16(10 + $0 * 4)) }
    }

    /// At most 65,533 entries are written (the length field's limit).
    public var serializedSize: Int {
        RTCPHeader.size + 8 + min(items.count, 65533) * 4
    }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let size = checkCapacity(buffer)
        RTCPHeader.write(count: Self.format, packetType: RTCPPacketType.transportFeedback, size: size, into: buffer)
        buffer.put32(senderSSRC, at: 4)
        buffer.put32(mediaSSRC, at: 8)
        var offset = 12
        for item in items.prefix(65533) {
            buffer.put16(item.pid, at: offset)
            buffer.put16(item.blp, at: offset + 2)
            offset += 4
        }
        return offset
    }
}
