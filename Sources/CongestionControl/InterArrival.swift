/// Groups packets sent within 5 ms of each other (a frame's burst) and gives,
/// between consecutive groups, the difference of their send times and of
/// their arrival times: the signal of the delay-based estimator (a growing
/// arrival delta means a growing queue).
struct InterArrival {
    /// Packets whose send times are this close form one group.
    static let groupLength: Microseconds = 5_000
    /// A group whose arrival spacing exceeds its send spacing by more than this is a reordering or a clock
    /// jump: the estimator starts over.
    static let maxArrivalJump: Microseconds = 3_000_000

    /// The deltas between the last complete group and the one before it.
    struct Deltas: Equatable {
        var send: Microseconds
        var arrival: Microseconds
        var size: Int
        /// The later group's last arrival.
        var arrivalTime: Microseconds
    }

    private struct Group {
        var firstSend: Microseconds
        var lastSend: Microseconds
        var firstArrival: Microseconds
        var lastArrival: Microseconds
        var size: Int
    }

    private var current: Group?
    private var previous: Group?

    /// Takes one received packet (in receive order); the deltas when it closes a group.
    mutating func add(sendTime: Microseconds, arrivalTime: Microseconds, size: Int) -> Deltas? {
        guard var group = current else {
            current = Group(
                firstSend: sendTime, lastSend: sendTime, firstArrival: arrivalTime, lastArrival: arrivalTime, size: size)
            return nil
        }
        if sendTime < group.firstSend { return nil }  // reordered from an older group
        if belongs(sendTime: sendTime, arrivalTime: arrivalTime, to: group) {
            group.lastSend = max(group.lastSend, sendTime)
            group.lastArrival = max(group.lastArrival, arrivalTime)
            group.size += size
            current = group
            return nil
        }
        var deltas: Deltas?
        if let previous {
            let send = group.lastSend - previous.lastSend
            let arrival = group.lastArrival - previous.lastArrival
            if arrival - send > Self.maxArrivalJump || arrival < 0 {
                self.previous = nil
                current = Group(
                    firstSend: sendTime, lastSend: sendTime, firstArrival: arrivalTime, lastArrival: arrivalTime,
                    size: size)
                return nil
            }
            deltas = Deltas(send: send, arrival: arrival, size: group.size, arrivalTime: group.lastArrival)
        }
        previous = group
        current = Group(
            firstSend: sendTime, lastSend: sendTime, firstArrival: arrivalTime, lastArrival: arrivalTime, size: size)
        return deltas
    }

    /// Within the group's 5 ms of send time; or a burst: it arrived with
    /// the group (within 5 ms) although sent after it, its propagation delta
    /// negative (queued behind the group).
    private func belongs(sendTime: Microseconds, arrivalTime: Microseconds, to group: Group) -> Bool {
        if sendTime - group.firstSend <= Self.groupLength { return true }
        let arrivalDelta = arrivalTime - group.lastArrival
        let propagationDelta = arrivalDelta - (sendTime - group.lastSend)
        return propagationDelta < 0 && arrivalDelta <= Self.groupLength && arrivalTime - group.firstArrival < 100_000
    }
}
