// The fuzz entry of the RTP parsers (Fuzz/RTPFuzzer runs it under libFuzzer,
// RTPTests runs it over the seed corpus). Any input must be rejected with an
// error or parsed; what parsed must serialize back to what parses the same.
// A failed check here is a bug of ours, hence a trap.

/// Traps with `message` when `condition` is false: a fuzz finding.
@inline(__always)
func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String) {
    precondition(condition, "fuzz invariant broken: \(message())")
}

extension RTPPacket {
    /// Runs `data` through the RTP header parser, the extension iterator, every
    /// extension value parser, `RTPPacket` and its edits, and checks that each
    /// serialization parses back to the same value.
    package static func fuzz(_ data: UnsafeRawBufferPointer) {
        _ = PacketDemux.classify(data)
        fuzzExtensionValues(data)
        guard let fields = try? RTPHeaderFields.parse(data) else {
            fuzzCheck((try? RTPPacket(parsing: data)) == nil, "RTPPacket accepts what RTPHeaderFields rejects")
            return
        }
        fuzzCheck(
            fields.payloadOffset + fields.payloadLength + fields.paddingLength == data.count,
            "header, payload and padding do not add up"
        )
        var elements = fields.extensionElements(in: data)
        while let element = elements.next() {
            let block = fields.extensionRange ?? 0..<0
            fuzzCheck(element.valueRange.lowerBound >= block.lowerBound, "element before the block")
            fuzzCheck(element.valueRange.upperBound <= block.upperBound, "element past the block")
            fuzzExtensionValues(UnsafeRawBufferPointer(rebasing: data[element.valueRange]))
        }

        guard var packet = try? RTPPacket(parsing: data) else {
            fuzzCheck(false, "RTPPacket rejects what RTPHeaderFields accepts")
            return
        }
        fuzzCheck(packet.header == fields, "RTPPacket parsed another header")
        let payload = Array(packet.payload)
        let extensions = packet.headerExtensions

        if let rebuilt = try? RTPPacket(
            payloadType: packet.payloadType, sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp,
            ssrc: packet.ssrc, marker: packet.marker, extensions: extensions, payload: payload
        ) {
            fuzzCheck(rebuilt.headerExtensions == extensions, "built extensions differ")
            fuzzCheck(Array(rebuilt.payload) == payload, "built payload differs")
            fuzzCheck((try? RTPPacket(parsing: rebuilt.bytes)) == rebuilt, "built packet does not parse back")
        }

        packet.payloadType = 0x7F
        packet.marker = !packet.marker
        packet.sequenceNumber &+= 1
        packet.timestamp &+= 3000
        packet.ssrc = ~packet.ssrc
        fuzzCheck(Array(packet.payload) == payload, "header rewrite changed the payload")

        if (try? packet.setHeaderExtension(id: 5, value: [0xAB, 0xCD])) != nil {
            fuzzCheck(packet.headerExtension(id: 5) == [0xAB, 0xCD], "one-byte element not set")
            fuzzCheck(Array(packet.payload) == payload, "extension edit changed the payload")
        }
        let long = [UInt8](repeating: 0x5A, count: 17)
        if (try? packet.setHeaderExtension(id: 200, value: long)) != nil {
            fuzzCheck(packet.headerExtension(id: 200).map(Array.init) == long, "two-byte element not set")
            fuzzCheck(Array(packet.payload) == payload, "extension edit changed the payload")
        }
        packet.removeHeaderExtensions(except: [5])
        fuzzCheck(packet.headerExtensions.allSatisfy { $0.id == 5 }, "element kept that should go")
        fuzzCheck(Array(packet.payload) == payload, "extension removal changed the payload")
        fuzzCheck((try? RTPPacket(parsing: packet.bytes)) == packet, "edited packet does not parse back")
    }

    /// Parses `value` as every extension value type and round-trips what parses.
    static func fuzzExtensionValues(_ value: UnsafeRawBufferPointer) {
        fuzzRoundTrip(MidExtension.self, value)
        fuzzRoundTrip(RidExtension.self, value)
        fuzzRoundTrip(RepairedRidExtension.self, value)
        fuzzRoundTrip(AbsSendTimeExtension.self, value)
        fuzzRoundTrip(TransportWideSequenceNumberExtension.self, value)
        fuzzRoundTrip(AudioLevelExtension.self, value)
        fuzzRoundTrip(VideoOrientationExtension.self, value)
        fuzzRoundTrip(TransmissionOffsetExtension.self, value)
        fuzzRoundTrip(AbsCaptureTimeExtension.self, value)
        fuzzRoundTrip(PlayoutDelayExtension.self, value)
    }

    private static func fuzzRoundTrip<Value: RTPHeaderExtensionValue>(_ type: Value.Type, _ value: UnsafeRawBufferPointer) {
        guard let parsed = try? Value(parsing: value) else { return }
        let bytes = parsed.bytes
        fuzzCheck(bytes.count == parsed.serializedSize, "\(Value.self) size and write disagree")
        fuzzCheck((try? Value(parsing: bytes)) == parsed, "\(Value.self) does not parse back")
    }
}
