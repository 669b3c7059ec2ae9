import Foundation
import Mediasoup
import Pcap

/// One RTP packet of a capture with when it was captured, counted from the
/// capture's first packet.
struct TimedDatagram: Sendable {
    /// Index among the capture's packets, from 0 in file order (the manifest's indices).
    let index: Int
    /// Capture time after the first packet.
    let offset: Duration
    let bytes: [UInt8]
}

extension FixtureCapture {
    /// The UDP payloads of the capture with their capture times.
    ///
    /// - Throws: ``PcapError`` when the file cannot be opened or ends inside a record.
    func timedDatagrams() throws -> [TimedDatagram] {
        let reader = try PcapReader(path: path)
        var datagrams: [TimedDatagram] = []
        var first: Int64?
        while let packet = try reader.nextPacket() {
            let microseconds = packet.timestamp.totalMicroseconds
            let start = first ?? microseconds
            first = start
            datagrams.append(
                TimedDatagram(index: datagrams.count, offset: .microseconds(microseconds - start), bytes: packet.payload))
        }
        return datagrams
    }

    /// Sends `datagrams` from `sender` to `port` on the capture's own timing
    /// (divided by `speed`): each at its offset from the first, measured on
    /// a continuous clock, so a late wake-up does not delay what follows.
    static func sendPaced(
        _ datagrams: [TimedDatagram], from sender: UdpPeer, to port: UInt16, speed: Double = 1
    ) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        for datagram in datagrams {
            let due = start + datagram.offset / speed
            if due > clock.now { try await Task.sleep(until: due, clock: clock) }
            sender.send(datagram.bytes, to: port)
        }
    }
}
