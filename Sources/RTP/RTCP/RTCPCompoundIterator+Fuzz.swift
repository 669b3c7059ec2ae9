// The fuzz entry of the RTCP parsers (see RTPPacket+Fuzz.swift): every packet
// the iterator finds is parsed by type, serialized, and must parse back to the
// same value; the input also drives the NACK and transport-cc builders.

extension RTCPCompoundIterator {
    /// Runs `data` through the compound iterator, every RTCP message parser,
    /// their serializers and the NACK and transport-cc builders.
    package static func fuzz(_ data: UnsafeRawBufferPointer) {
        var iterator = RTCPCompoundIterator(data)
        var parsed = [RTCPPacket]()
        var valid = true
        while true {
            let view: RTCPPacketView?
            do {
                view = try iterator.next()
            } catch {
                valid = false
                break
            }
            guard let view else { break }
            fuzzCheck(view.range.upperBound <= data.count, "packet past the datagram")
            fuzzCheck(view.bytes.count == view.header.packetSize, "packet view of the wrong size")
            guard let packet = try? RTCPPacket(parsing: view.bytes) else {
                valid = false
                continue
            }
            parsed.append(packet)
            let bytes = packet.bytes
            fuzzCheck(bytes.count == packet.serializedSize && bytes.count % 4 == 0, "bad serialized size")
            fuzzCheck((try? RTCPPacket(parsing: bytes)) == packet, "\(packet) does not parse back")
        }
        if valid {
            fuzzCheck((try? RTCPPacket.parseCompound(data)) == parsed, "parseCompound disagrees with the iterator")
            let compound = RTCPPacket.serializeCompound(parsed)
            fuzzCheck((try? RTCPPacket.parseCompound(compound)) == parsed, "compound does not parse back")
        }
        fuzzBuilders(data)
    }

    /// Builds a NACK and a transport-cc feedback from `data` and checks that
    /// they report what they were given.
    static func fuzzBuilders(_ data: UnsafeRawBufferPointer) {
        let pairs = (0..<min(data.count / 2, 400)).map { data.u16($0 * 2) }

        let nack = RTCPGenericNack(senderSSRC: 1, mediaSSRC: 2, sequenceNumbers: pairs)
        fuzzCheck(Set(nack.sequenceNumbers) == Set(pairs), "NACK lost or invented sequence numbers")
        fuzzCheck((try? RTCPGenericNack(parsing: nack.bytes)) == nack, "built NACK does not parse back")

        guard !pairs.isEmpty else { return }
        let packets: [Int16?] = pairs.map { $0 & 0x8000 != 0 ? nil : Int16(bitPattern: $0 << 1) >> (($0 & 1) == 0 ? 8 : 0) }
        let feedback = RTCPTransportFeedback(
            senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: pairs[0], referenceTime: -5,
            feedbackPacketCount: 7, packets: packets, usesPaddingBit: data.count % 2 == 0
        )
        let results = feedback.packetResults
        fuzzCheck(results.map(\.receiveDelta) == packets, "transport-cc builder reports other deltas")
        fuzzCheck((try? RTCPTransportFeedback(parsing: feedback.bytes))?.packetResults == results, "built transport-cc does not parse back")
    }
}
