import Foundation
import Mediasoup
import Pcap
import Synchronization

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
    func timedDatagrams() throws -> [TimedDatagram] {
        var first: Int64?
        return try PcapReader(path: "\(Self.directory)/\(file)").enumerated().map { index, packet in
            let microseconds = packet.timestamp.totalMicroseconds
            let start = first ?? microseconds
            first = start
            return TimedDatagram(index: index, offset: .microseconds(microseconds - start), bytes: packet.payload)
        }
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

/// Everything a ``UdpPeer`` receives until told to stop, collected on a
/// thread of its own: the peer's calls block, and blocking a task would
/// take one of the few threads of Swift's cooperative pool.
final class UdpCollector: Sendable {
    private struct State {
        var datagrams: [[UInt8]] = []
        var stopping = false
        var done = false
    }
    private final class Shared: Sendable {
        let state = Mutex(State())
    }
    private let shared = Shared()

    /// Starts collecting what `peer` receives.
    init(_ peer: UdpPeer) {
        let shared = self.shared
        let thread = Thread {
            while !shared.state.withLock({ $0.stopping }) {
                if let datagram = peer.receive(timeoutMilliseconds: 50) {
                    shared.state.withLock { $0.datagrams.append(datagram) }
                }
            }
            while let datagram = peer.receive(timeoutMilliseconds: 0) {
                shared.state.withLock { $0.datagrams.append(datagram) }
            }
            shared.state.withLock { $0.done = true }
        }
        thread.start()
    }

    /// Stops collecting and returns what arrived, in order.
    func finish() async -> [[UInt8]] {
        shared.state.withLock { $0.stopping = true }
        while !shared.state.withLock({ $0.done }) {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return shared.state.withLock { $0.datagrams }
    }
}
