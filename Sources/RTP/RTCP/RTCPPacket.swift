// One RTCP packet of any type this module reads, and compound packets as
// arrays of them: the allocating convenience over `RTCPCompoundIterator`.

/// An RTCP packet of a type this module does not model, kept as its bytes.
public struct RTCPUnknownPacket: RTCPMessage, Hashable {
    /// Its common header.
    public let header: RTCPHeader
    /// The whole packet, header and padding included.
    public let packetBytes: [UInt8]

    public init(parsing packet: UnsafeRawBufferPointer) throws(RTCPParseError) {
        header = try RTCPHeader.parse(packet)
        packetBytes = Array(packet[0..<header.packetSize])
    }

    public var serializedSize: Int { packetBytes.count }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        _ = checkCapacity(buffer)
        return buffer.put(packetBytes, at: 0)
    }
}


/// One RTCP packet, by type.
public enum RTCPPacket: Sendable, Hashable {
    /// SR (PT 200).
    case senderReport(RTCPSenderReport)
    /// RR (PT 201).
    case receiverReport(RTCPReceiverReport)
    /// SDES (PT 202).
    case sourceDescription(RTCPSourceDescription)
    /// BYE (PT 203).
    case bye(RTCPBye)
    /// Generic NACK (PT 205, FMT 1).
    case genericNack(RTCPGenericNack)
    /// Transport-cc feedback (PT 205, FMT 15).
    case transportFeedback(RTCPTransportFeedback)
    /// PLI (PT 206, FMT 1).
    case pictureLossIndication(RTCPPictureLossIndication)
    /// FIR (PT 206, FMT 4).
    case fullIntraRequest(RTCPFullIntraRequest)
    /// REMB (PT 206, FMT 15, "REMB").
    case receiverEstimatedMaxBitrate(RTCPReceiverEstimatedMaxBitrate)
    /// Any other packet (APP, XR, other feedback), kept as bytes.
    case unknown(RTCPUnknownPacket)

    /// Parses one packet, choosing the type from its header.
    public init(parsing packet: UnsafeRawBufferPointer) throws(RTCPParseError) {
        let header = try RTCPHeader.parse(packet)
        switch (header.packetType, header.count) {
        case (RTCPPacketType.senderReport, _):
            self = .senderReport(try RTCPSenderReport(parsing: packet))
        case (RTCPPacketType.receiverReport, _):
            self = .receiverReport(try RTCPReceiverReport(parsing: packet))
        case (RTCPPacketType.sourceDescription, _):
            self = .sourceDescription(try RTCPSourceDescription(parsing: packet))
        case (RTCPPacketType.bye, _):
            self = .bye(try RTCPBye(parsing: packet))
        case (RTCPPacketType.transportFeedback, RTCPGenericNack.format):
            self = .genericNack(try RTCPGenericNack(parsing: packet))
        case (RTCPPacketType.transportFeedback, RTCPTransportFeedback.format):
            self = .transportFeedback(try RTCPTransportFeedback(parsing: packet))
        case (RTCPPacketType.payloadFeedback, RTCPPictureLossIndication.format):
            self = .pictureLossIndication(try RTCPPictureLossIndication(parsing: packet))
        case (RTCPPacketType.payloadFeedback, RTCPFullIntraRequest.format):
            self = .fullIntraRequest(try RTCPFullIntraRequest(parsing: packet))
        case (RTCPPacketType.payloadFeedback, RTCPReceiverEstimatedMaxBitrate.format)
        where header.bodyRange.count >= 12
            && packet.u32(RTCPHeader.size + 8) == RTCPReceiverEstimatedMaxBitrate.identifier:
            self = .receiverEstimatedMaxBitrate(try RTCPReceiverEstimatedMaxBitrate(parsing: packet))
        default:
            self = .unknown(try RTCPUnknownPacket(parsing: packet))
        }
    }

    /// Parses one packet held in an array.
    public init(parsing packet: [UInt8]) throws(RTCPParseError) {
        self = try withBytes(of: packet) { (raw) throws(RTCPParseError) in try RTCPPacket(parsing: raw) }
    }

    /// Parses every packet of the compound packet `bytes`.
    public static func parseCompound(_ bytes: UnsafeRawBufferPointer) throws(RTCPParseError) -> [RTCPPacket] {
        var iterator = RTCPCompoundIterator(bytes)
        var packets = [RTCPPacket]()
        while let view = try iterator.next() {
            packets.append(try RTCPPacket(parsing: view.bytes))
        }
        return packets
    }

    /// Parses every packet of the compound packet held in `bytes`.
    public static func parseCompound(_ bytes: [UInt8]) throws(RTCPParseError) -> [RTCPPacket] {
        try withBytes(of: bytes) { (raw) throws(RTCPParseError) in try parseCompound(raw) }
    }

    /// The compound packet made of `packets`, in order.
    public static func serializeCompound(_ packets: [RTCPPacket]) -> [UInt8] {
        let size = packets.reduce(0) { $0 + $1.serializedSize }
        return makeBytes(size: size) { buffer in
            var offset = 0
            for packet in packets {
                offset += packet.serialize(into: UnsafeMutableRawBufferPointer(rebasing: buffer[offset...]))
            }
            return offset
        }
    }

    /// The message inside.
    public var message: any RTCPMessage {
        switch self {
        case .senderReport(let message): message
        case .receiverReport(let message): message
        case .sourceDescription(let message): message
        case .bye(let message): message
        case .genericNack(let message): message
        case .transportFeedback(let message): message
        case .pictureLossIndication(let message): message
        case .fullIntraRequest(let message): message
        case .receiverEstimatedMaxBitrate(let message): message
        case .unknown(let message): message
        }
    }

    /// The count of bytes `serialize(into:)` writes.
    public var serializedSize: Int { message.serializedSize }

    /// Writes the packet at the start of `buffer` and returns the count written.
    ///
    /// - Precondition: `buffer.count >= serializedSize`.
    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        message.serialize(into: buffer)
    }

    /// The serialized packet.
    public var bytes: [UInt8] { message.bytes }
}
