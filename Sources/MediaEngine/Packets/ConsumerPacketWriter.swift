import Mediasoup
import RTP

// A consumer's copy of a routed packet, written straight into a send slot:
// a fresh fixed header with the consumer's payload type, sequence number,
// timestamp and SSRC (no CSRCs, no padding), the consumer's header
// extensions (RFC 8285, one-byte form when every element fits it, else
// two-byte), then the payload.
//
//   routed packet (receive slot)            copy (send slot)
//   +----------------------+                +----------------------+
//   | V P X CC M PT seq    |   rewritten    | V=2 X M PT' seq'     |
//   | timestamp, SSRC      | ─────────────> | timestamp', SSRC'    |
//   | CSRCs, extensions    |  by id / URI   | consumer's extensions|
//   | payload              | ─────────────> | payload              |
//   | padding              |    dropped     +----------------------+
//   +----------------------+

/// Which value each of a consumer's header extensions carries, resolved once
/// for its producer: the consumer's own MID; the transport's own
/// transport-wide sequence number when the transport gives one (its send-side
/// estimator runs), else the producer's; the time the copy is sent, for
/// abs-send-time (as mediasoup's transports write it on every copy, whether
/// the producer's packet had one or not); or the value of the producer's
/// extension(s) with the same URI.
package struct ConsumerExtensionPlan {
    package struct Element {
        /// The consumer's id for the extension.
        package let id: UInt8
        /// The MID to write (the `mid` extension).
        package let mid: [UInt8]?
        /// The transport-wide-cc extension: the transport's sequence number goes here when there is one.
        package let transportWide: Bool
        /// The abs-send-time extension: the copy's send time goes here when given, else the producer's value.
        package let absSendTime: Bool
        /// Indices in the producer's ``ProducerRouting/extensionIds`` with the
        /// same URI: the last one the packet carries gives the value.
        package let sources: [Int]
    }

    package let elements: [Element]
    /// Whether a copy can carry a transport-wide sequence number of the transport's.
    package let carriesTransportWideSequence: Bool
    /// Whether a copy carries its send time (abs-send-time).
    package let carriesAbsSendTime: Bool

    package init(consumer parameters: WorkerRtpParameters, producer routing: ProducerRouting) {
        elements = parameters.headerExtensions.compactMap { ext in
            if ext.uri == .mid {
                return parameters.mid.map {
                    Element(id: ext.id, mid: Array($0.utf8), transportWide: false, absSendTime: false, sources: [])
                }
            }
            let sources = routing.extensionUris.indices.filter { routing.extensionUris[$0] == ext.uri }
            let transportWide = ext.uri == .transportWideCc01
            let absSendTime = ext.uri == .absSendTime
            return sources.isEmpty && !transportWide && !absSendTime
                ? nil
                : Element(id: ext.id, mid: nil, transportWide: transportWide, absSendTime: absSendTime, sources: sources)
        }
        carriesTransportWideSequence = elements.contains { $0.transportWide }
        carriesAbsSendTime = elements.contains { $0.absSendTime }
    }
}

/// Writes consumers' copies of routed packets.
package enum ConsumerPacketWriter {
    /// The most header extension elements a copy carries.
    package static let maxElements = 32

    /// One element to write: its id, and its value: the MID of plan element
    /// `midElement`, the transport-wide sequence number (when that is -2),
    /// the send time (-3), or (when that is -1) the packet's bytes at `start`.
    private struct Value {
        package var id: UInt8
        package var midElement: Int16
        package var start: Int32
        package var count: Int32
    }

    /// Writes the copy of `routed` into `slot`: its length, or nil when it
    /// does not fit in `slot.count - room` bytes. `transportWideSequenceNumber`
    /// is the transport's for this copy, when its send-side estimator runs;
    /// `absSendTime`, the copy's abs-send-time value (``absSendTime(milliseconds:)``),
    /// when the plan carries one.
    package static func write(
        _ routed: RoutedPacket, plan: ConsumerExtensionPlan, sequenceNumber: UInt16, timestamp: UInt32,
        ssrc: UInt32, transportWideSequenceNumber: UInt16? = nil, absSendTime: UInt32? = nil,
        into slot: UnsafeMutableRawBufferPointer, room: Int
    ) -> Int? {
        withUnsafeTemporaryAllocation(of: Value.self, capacity: maxElements) { values -> Int? in
            let count = collect(
                routed, plan: plan, transportWide: transportWideSequenceNumber != nil, sendTime: absSendTime != nil,
                into: values)
            var oneByte = true
            var data = 0
            for index in 0..<count {
                let length = Int(values[index].count)
                if values[index].id > 14 || length == 0 || length > 16 { oneByte = false }
                data += length
            }
            data += count * (oneByte ? 1 : 2)
            let block = count == 0 ? 0 : 4 + ((data + 3) & ~3)
            let payload = routed.payload
            let headerEnd = RTPHeaderFields.fixedHeaderSize + block
            let length = headerEnd + payload.count
            guard length + room <= slot.count else { return nil }

            slot[0] = 0x80 | (count == 0 ? 0 : 0x10)
            slot[1] = (routed.header.marker ? 0x80 : 0) | (routed.payloadType & 0x7F)
            slot.storeBytes(of: sequenceNumber.bigEndian, toByteOffset: 2, as: UInt16.self)
            slot.storeBytes(of: timestamp.bigEndian, toByteOffset: 4, as: UInt32.self)
            slot.storeBytes(of: ssrc.bigEndian, toByteOffset: 8, as: UInt32.self)
            if count > 0 {
                var offset = RTPHeaderFields.fixedHeaderSize
                let profile: UInt16 = oneByte ? 0xBEDE : 0x1000
                slot.storeBytes(of: profile.bigEndian, toByteOffset: offset, as: UInt16.self)
                slot.storeBytes(of: UInt16((block - 4) / 4).bigEndian, toByteOffset: offset + 2, as: UInt16.self)
                offset += 4
                for index in 0..<count {
                    let value = values[index]
                    if oneByte {
                        slot[offset] = value.id << 4 | UInt8(value.count - 1)
                        offset += 1
                    } else {
                        slot[offset] = value.id
                        slot[offset + 1] = UInt8(value.count)
                        offset += 2
                    }
                    let target = UnsafeMutableRawBufferPointer(rebasing: slot[offset..<(offset + Int(value.count))])
                    if value.midElement >= 0 {
                        plan.elements[Int(value.midElement)].mid?.withUnsafeBytes { target.copyMemory(from: $0) }
                    } else if value.midElement == -2, let wide = transportWideSequenceNumber {
                        target.storeBytes(of: wide.bigEndian, as: UInt16.self)
                    } else if value.midElement == -3, let absSendTime {
                        target[0] = UInt8(absSendTime >> 16 & 0xFF)
                        target[1] = UInt8(absSendTime >> 8 & 0xFF)
                        target[2] = UInt8(absSendTime & 0xFF)
                    } else {
                        let start = Int(value.start)
                        target.copyMemory(from: UnsafeRawBufferPointer(rebasing: routed.bytes[start..<(start + target.count)]))
                    }
                    offset += target.count
                }
                for padding in offset..<headerEnd { slot[padding] = 0 }
            }
            UnsafeMutableRawBufferPointer(rebasing: slot[headerEnd..<length]).copyMemory(from: payload)
            return length
        }
    }

    /// The elements to write, in the consumer's order; a repeated id replaces
    /// the earlier value in its place (as RTPPacket.setHeaderExtension).
    /// Returns their count.
    private static func collect(
        _ routed: RoutedPacket, plan: ConsumerExtensionPlan, transportWide: Bool, sendTime: Bool,
        into values: UnsafeMutableBufferPointer<Value>
    ) -> Int {
        var count = 0
        for (index, element) in plan.elements.enumerated() {
            let value: Value
            if let mid = element.mid {
                value = Value(id: element.id, midElement: Int16(truncatingIfNeeded: index), start: 0, count: Int32(mid.count))
            } else if element.transportWide && transportWide {
                value = Value(id: element.id, midElement: -2, start: 0, count: 2)
            } else if element.absSendTime && sendTime {
                value = Value(id: element.id, midElement: -3, start: 0, count: 3)
            } else {
                guard let source = element.sources.last(where: { routed.extensionValues[$0].isPresent }) else {
                    continue
                }
                let found = routed.extensionValues[source]
                value = Value(id: element.id, midElement: -1, start: found.start, count: found.count)
            }
            guard value.id != 0, value.count <= 255 else { continue }
            if let existing = (0..<count).first(where: { values[$0].id == value.id }) {
                values[existing] = value
            } else if count < values.count {
                values[count] = value
                count += 1
            }
        }
        return count
    }

    /// The abs-send-time value of a time in milliseconds: seconds in 6.18
    /// fixed point, 24 bits, rounded (as mediasoup's RtpPacket::UpdateAbsSendTime).
    package static func absSendTime(milliseconds: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: ((milliseconds << 18) + 500) / 1000) & 0x00FF_FFFF
    }
}
