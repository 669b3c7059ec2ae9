// Walking the NAL units of an H.264 RTP payload (RFC 6184 5.6–5.8): the
// checked walker the parser uses, and the public non-throwing sequence.

/// The NAL units (or the one fragment) of an H.264 RTP payload, in order.
///
/// Iteration stops at the first malformed unit and never traps.
/// - Important: the sequence borrows the payload buffer, which must outlive it.
public struct H264NALUnitSequence: Sequence, IteratorProtocol {
    private var walker: H264NALUnitWalker?

    init(payload: UnsafeRawBufferPointer) {
        walker = try? H264NALUnitWalker(payload)
    }

    /// The next unit, or nil at the end or at a malformed unit.
    public mutating func next() -> H264NALUnit? {
        guard var current = walker else { return nil }
        let unit = try? current.next()
        walker = unit == nil ? nil : current
        return unit
    }
}

/// Reads the payload header, then yields unit after unit, checking each.
struct H264NALUnitWalker {
    let packetization: H264Packetization
    /// S and E of the FU header, for fragments.
    let fragment: (isStart: Bool, isEnd: Bool)?
    private let payload: UnsafeRawBufferPointer
    private var offset: Int
    private var yielded = 0
    private var finished = false

    init(_ payload: UnsafeRawBufferPointer) throws(CodecPayloadError) {
        self.payload = payload
        let count = payload.count
        guard count >= 1 else { throw .truncated(needed: 1, had: 0) }
        let type = payload[0] & 0x1F
        switch type {
        case 1...23:
            packetization = .singleNALUnit
            fragment = nil
            offset = 0
        case 24:
            packetization = .stapA
            fragment = nil
            offset = 1
        case 25:
            guard count >= 3 else { throw .truncated(needed: 3, had: count) }
            packetization = .stapB
            fragment = nil
            offset = 3
        case 28, 29:
            let headerEnd = type == 28 ? 2 : 4
            guard count >= headerEnd else { throw .truncated(needed: headerEnd, had: count) }
            let fuHeader = payload[1]
            let isStart = fuHeader & 0x80 != 0
            let isEnd = fuHeader & 0x40 != 0
            guard !(isStart && isEnd) else { throw .malformed(.fragmentStartAndEnd) }
            let original = fuHeader & 0x1F
            guard (1...23).contains(original) else { throw .malformed(.invalidNestedType(original)) }
            packetization = type == 28 ? .fuA : .fuB
            fragment = (isStart, isEnd)
            offset = headerEnd
        case 26, 27:
            throw .malformed(.unsupportedPacketization(type))
        default:
            throw .malformed(.reservedNALUnitType(type))
        }
    }

    /// The next unit; nil after the last.
    mutating func next() throws(CodecPayloadError) -> H264NALUnit? {
        guard !finished else { return nil }
        let count = payload.count
        switch packetization {
        case .singleNALUnit:
            finished = true
            return H264NALUnit(header: payload[0], range: 0..<count, isFragment: false)
        case .fuA, .fuB:
            finished = true
            let header = payload[0] & 0xE0 | payload[1] & 0x1F
            return H264NALUnit(header: header, range: offset..<count, isFragment: true)
        case .stapA, .stapB:
            if offset == count && yielded > 0 {
                finished = true
                return nil
            }
            guard count >= offset + 2 else { throw .truncated(needed: offset + 2, had: count) }
            let size = Int(payload[offset]) << 8 | Int(payload[offset + 1])
            guard size > 0 else { throw .malformed(.emptyAggregationUnit) }
            let start = offset + 2
            let end = start + size
            guard count >= end else { throw .truncated(needed: end, had: count) }
            let header = payload[start]
            let type = header & 0x1F
            guard (1...23).contains(type) else {
                throw type == 0 || type >= 30 ? .malformed(.reservedNALUnitType(type)) : .malformed(.invalidNestedType(type))
            }
            offset = end
            yielded += 1
            return H264NALUnit(header: header, range: start..<end, isFragment: false)
        }
    }
}
