#if canImport(Glibc)
import Glibc
#endif
import CongestionControl
import Foundation
import RTP
import Synchronization

/// A consumer's endpoint behind a shaped link, made in the case (this kernel
/// has no netem): what the SFU sends to its socket passes a bottleneck of the
/// scheduled capacity with a queue of at most ``queueLimit`` (beyond it a
/// packet is dropped, as a router's tail drop), then a propagation delay;
/// what gets through is counted, and transport-cc feedback on it goes back to
/// the SFU every 100 ms from the same socket, as a browser's would (made by
/// the project's TransportFeedbackGenerator, whose wire format the
/// congestion-control cases check against the producer side).
///
/// Everything runs on a thread of its own until the case ends (a teardown of
/// its context) or ``stop()``.
final class ShapedLinkEndpoint: Sendable {
    /// From `start` on (time since the endpoint started), the link carries `bitrate`.
    struct Phase: Sendable {
        let start: Duration
        let bitrate: Int
    }

    /// What happened in one half second of the link.
    struct Interval: Sendable {
        var mediaBytesDelivered = 0
        var mediaPacketsDropped = 0
        var mediaPackets = 0
        var probationBytesDelivered = 0
    }

    static let queueLimit: Duration = .milliseconds(250)
    static let delay: Duration = .milliseconds(20)
    static let intervalLength: Duration = .milliseconds(500)

    let peer: UdpPeer
    private let stopping = Mutex(false)
    private let intervals = Mutex<[Interval]>([])
    let started = ContinuousClock.now

    /// - Parameters:
    ///   - peer: its socket, where the SFU's transport sends.
    ///   - schedule: the link's capacity over time, phases in order.
    ///   - transportWideCcId: the consumer's id for the transport-wide-cc extension.
    ///   - mediaSsrc: the consumer's SSRC (other packets, probation, count apart).
    ///   - sfuPort: where the SFU's transport listens (on 127.0.0.1), for the feedback.
    init(
        _ peer: UdpPeer, schedule: [Phase], transportWideCcId: UInt8, mediaSsrc: UInt32, sfuPort: UInt16,
        context: AcceptanceContext
    ) {
        self.peer = peer
        let thread = Thread { [self] in
            run(schedule: schedule, transportWideCcId: transportWideCcId, mediaSsrc: mediaSsrc, sfuPort: sfuPort)
        }
        thread.start()
        context.addTeardown { [self] in stop() }
    }

    func stop() { stopping.withLock { $0 = true } }

    /// The half seconds so far, in order.
    var timeline: [Interval] { intervals.withLock { $0 } }

    private func microseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
    }

    private func run(
        schedule: [Phase], transportWideCcId: UInt8, mediaSsrc: UInt32, sfuPort: UInt16
    ) {
        var generator = TransportFeedbackGenerator()
        // Packets through the bottleneck, not yet arrived: (arrival µs, transport-wide number, bytes, media).
        var inFlight: [(arrival: Int64, number: UInt16, bytes: Int, isMedia: Bool)] = []
        var bottleneckFree: Int64 = 0
        var nextFeedback: Int64 = 100_000
        let queueLimit = Int64(Self.queueLimit / .microseconds(1))
        let delay = Int64(Self.delay / .microseconds(1))
        let intervalLength = Int64(Self.intervalLength / .microseconds(1))
        func record(at time: Int64, _ change: (inout Interval) -> Void) {
            let index = Int(time / intervalLength)
            intervals.withLock { intervals in
                while intervals.count <= index { intervals.append(Interval()) }
                change(&intervals[index])
            }
        }
        while !stopping.withLock({ $0 }) {
            let datagram = peer.receive(timeoutMilliseconds: 1)
            let now = microseconds(since: started)
            if let datagram, UdpPeer.isRTP(datagram), let packet = try? RTPPacket(parsing: datagram),
                let value = packet.headerExtension(id: transportWideCcId), value.count == 2
            {
                let number = UInt16(value[value.startIndex]) << 8 | UInt16(value[value.startIndex + 1])
                let isMedia = packet.ssrc == mediaSsrc
                let bitrate = Int64(schedule.last { $0.start <= .microseconds(now) }?.bitrate ?? 1_000_000)
                let leaves = max(now, bottleneckFree) + Int64(datagram.count) * 8 * 1_000_000 / max(bitrate, 1)
                if isMedia { record(at: now) { $0.mediaPackets += 1 } }
                if leaves - now > queueLimit {
                    if isMedia { record(at: now) { $0.mediaPacketsDropped += 1 } }
                } else {
                    bottleneckFree = leaves
                    inFlight.append((leaves + delay, number, datagram.count, isMedia))
                }
            }
            while let first = inFlight.first, first.arrival <= now {
                inFlight.removeFirst()
                generator.received(sequenceNumber: first.number, at: first.arrival)
                record(at: first.arrival) {
                    if first.isMedia { $0.mediaBytesDelivered += first.bytes } else { $0.probationBytesDelivered += first.bytes }
                }
            }
            if now >= nextFeedback {
                nextFeedback += 100_000
                for feedback in generator.feedbacks(senderSSRC: 0x5EED_0001, mediaSSRC: mediaSsrc) {
                    peer.send(feedback.bytes, to: sfuPort)
                }
            }
        }
    }
}
