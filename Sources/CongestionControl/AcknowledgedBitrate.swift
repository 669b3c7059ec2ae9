/// The rate at which the peer received what was sent: the bytes of the
/// packets reported received whose receive times fall in the last
/// ``window``, over that window. The delay-based estimator decreases to a
/// share of it when it detects overuse.
struct AcknowledgedBitrate {
    static let window: Microseconds = 500_000

    private var samples: [(receiveTime: Microseconds, size: Int)] = []
    private var bytes = 0

    mutating func add(_ received: [PacketResult]) {
        for result in received {
            guard let time = result.receiveTime else { continue }
            samples.append((time, result.sent.size))
            bytes += result.sent.size
        }
        guard let latest = samples.last?.receiveTime else { return }
        while let first = samples.first, first.receiveTime < latest - Self.window {
            bytes -= first.size
            samples.removeFirst()
        }
    }

    /// Bits per second over the window; nil until the window holds enough to say.
    var bitrate: Double? {
        guard let first = samples.first, let last = samples.last, last.receiveTime - first.receiveTime >= 100_000
        else { return nil }
        return Double(bytes * 8) * 1_000_000 / Double(max(last.receiveTime - first.receiveTime, Self.window / 2))
    }
}
