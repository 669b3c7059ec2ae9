/// Time in this module: microseconds on one monotonic clock, injected by the
/// caller (the worker's loop, or a test's simulated clock).
public typealias Microseconds = Int64

/// A packet sent on the transport, as the estimator needs it.
public struct SentPacket: Sendable, Hashable {
    /// Its transport-wide sequence number, unwrapped (never repeats).
    public var sequenceNumber: Int64
    /// When it left.
    public var sendTime: Microseconds
    /// Its size on the wire, in bytes.
    public var size: Int

    /// A packet numbered `sequenceNumber` that left at `sendTime`, `size` bytes.
    public init(sequenceNumber: Int64, sendTime: Microseconds, size: Int) {
        self.sequenceNumber = sequenceNumber
        self.sendTime = sendTime
        self.size = size
    }
}

/// What a feedback said of one sent packet.
public struct PacketResult: Sendable, Hashable {
    /// The packet.
    public var sent: SentPacket
    /// When the peer received it, on the peer's clock (only differences
    /// between packets mean anything); nil when reported lost.
    public var receiveTime: Microseconds?

    /// `sent`, received at `receiveTime` (nil: lost).
    public init(sent: SentPacket, receiveTime: Microseconds?) {
        self.sent = sent
        self.receiveTime = receiveTime
    }
}

/// One feedback's results, in sequence order, and when it arrived here.
public struct FeedbackReport: Sendable {
    /// When the feedback arrived here.
    public var arrivalTime: Microseconds
    /// What it said of each packet it reported (and the history still knew), in sequence order.
    public var results: [PacketResult]

    /// A feedback that arrived at `arrivalTime` with `results`.
    public init(arrivalTime: Microseconds, results: [PacketResult]) {
        self.arrivalTime = arrivalTime
        self.results = results
    }

    /// The results of packets received, in receive order.
    var received: [PacketResult] {
        results.filter { $0.receiveTime != nil }.sorted { ($0.receiveTime ?? 0, $0.sent.sequenceNumber) < ($1.receiveTime ?? 0, $1.sent.sequenceNumber) }
    }
}
