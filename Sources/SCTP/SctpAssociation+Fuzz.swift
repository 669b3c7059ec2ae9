// The fuzz entry of SCTP: arbitrary chunks, in a packet with a valid common
// header (ports, the receiver's verification tag, the CRC32c), reach a
// connected association, so usrsctp's chunk parsing is what gets fuzzed and
// not only its header check. What comes out must be SCTP packets within the
// MTU, whole messages within maxMessageSize; nothing may trap.

import CUsrsctpShims

extension SctpAssociation {
    /// Two associations back to back, connected; remade when an input ended them.
    private final class FuzzPair {
        var a: SctpAssociation
        var b: SctpAssociation
        /// The verification tag `b` expects (the one in `a`'s packets).
        var tagOfB: [UInt8] = [0, 0, 0, 0]

        init?() {
            guard let a = try? SctpAssociation(outboundStreams: 8, maxInboundStreams: 8, maxMessageSize: 65536),
                let b = try? SctpAssociation(outboundStreams: 8, maxInboundStreams: 8, maxMessageSize: 65536)
            else { return nil }
            self.a = a
            self.b = b
            a.connect()
            b.connect()
            pump()
            for _ in 0..<10 {
                SctpAssociation.advanceTimers(byMilliseconds: 10)
                pump()
            }
        }

        var isConnected: Bool { a.state == .connected && b.state == .connected }

        func pump() {
            for _ in 0..<100 {
                var moved = false
                while let output = a.pollOutput() { moved = check(output, from: a, to: b, recordTag: true) || moved }
                while let output = b.pollOutput() { moved = check(output, from: b, to: a, recordTag: false) || moved }
                if !moved { return }
            }
        }

        private func check(_ output: SctpOutput, from: SctpAssociation, to: SctpAssociation, recordTag: Bool) -> Bool {
            switch output {
            case .send(let packet):
                precondition(packet.count >= SctpPacket.commonHeaderSize, "fuzz: a packet shorter than its header")
                precondition(packet.count <= Int(SctpAssociation.mtu) + 64, "fuzz: a packet of \(packet.count) bytes")
                if recordTag { tagOfB = Array(packet[4..<8]) }
                packet.withUnsafeBytes { to.receive($0) }
                return true
            case .message(_, _, let bytes):
                precondition(bytes.count <= from.maxMessageSize, "fuzz: a message over maxMessageSize")
                return false
            case .stateChanged, .incomingStreamReset:
                return false
            }
        }
    }

    nonisolated(unsafe) private static var fuzzPair: FuzzPair?

    /// Feeds `data` as the chunks of a packet from `a` to `b` of a connected pair.
    package static func fuzz(_ data: UnsafeRawBufferPointer) {
        if fuzzPair?.isConnected != true { fuzzPair = FuzzPair() }
        guard let pair = fuzzPair, pair.isConnected else { return }
        var packet: [UInt8] = [0x13, 0x88, 0x13, 0x88] + pair.tagOfB + [0, 0, 0, 0]
        packet.append(contentsOf: data)
        let checksum = packet.withUnsafeBytes { cshims_sctp_crc32c($0.baseAddress, $0.count) }
        // The CRC32c goes in as usrsctp computes it (little-endian on the wire).
        packet[8] = UInt8(truncatingIfNeeded: checksum)
        packet[9] = UInt8(truncatingIfNeeded: checksum >> 8)
        packet[10] = UInt8(truncatingIfNeeded: checksum >> 16)
        packet[11] = UInt8(truncatingIfNeeded: checksum >> 24)
        packet.withUnsafeBytes { pair.b.receive($0) }
        pair.pump()
        SctpAssociation.advanceTimers(byMilliseconds: 10)
        pair.pump()
    }
}
