// The numbering an SFU gives a stream it forwards: the sender's sequence
// numbers (or VP8 picture IDs, TL0PICIDX), moved by an offset that keeps the
// output continuous when the input jumps (a resume, a switch to another
// simulcast stream) and when inputs are dropped on the way (a temporal layer
// not forwarded). mediasoup's SeqManager does the same.
//
//   input   10  11  12x 13  14x 15        (x: dropped)
//   output  10  11      12      13        output = input + offset − drops before input
//
// A late input (reordered, or repaired by RTX) maps to the number it would
// have had in order, as long as it is within the window behind the newest.

/// Maps one numbering of `bits` bits (7 to 32) onto a continuous one.
public struct SequenceMapper: Sendable {
    /// The width of the numbers (16: RTP sequence numbers, 15 or 7: VP8
    /// picture IDs, 8: TL0PICIDX).
    public let bits: Int
    private let mask: UInt32
    /// How far behind the newest input a late one is still mapped; drops
    /// older than this are folded into the offset.
    private let window: UInt32

    private var started = false
    private var restarting = true
    private var offset: UInt32 = 0
    private var newestInput: UInt32 = 0
    /// The output of the newest input mapped (or the last before a restart).
    public private(set) var newestOutput: UInt32 = 0
    /// Dropped inputs within the window, oldest first (a ring of `window`
    /// entries, allocated at the first drop).
    private var drops: [UInt32] = []
    private var dropsHead = 0
    private var dropsCount = 0

    /// A mapper for numbers of `bits` bits; its first input maps to itself.
    public init(bits: Int) {
        let bits = min(max(bits, 7), 32)
        self.bits = bits
        mask = bits == 32 ? .max : (1 << UInt32(bits)) - 1
        window = min(1 << UInt32(bits - 2), 1024)
    }

    /// The next input starts a new run: it maps to the number after the
    /// newest output, whatever its distance from the inputs before.
    public mutating func restart() {
        restarting = true
    }

    /// The output for `input`; nil when it was dropped, or is older than the
    /// window behind the newest input (or than the start of the current run).
    public mutating func map(_ input: UInt32) -> UInt32? {
        let input = input & mask
        if restarting {
            offset = started ? (newestOutput &+ 1 &- input) & mask : 0
            started = true
            restarting = false
            dropsCount = 0
            newestInput = input
            newestOutput = (input &+ offset) & mask
            return newestOutput
        }
        if !isNewer(newestInput, than: input) {
            // The newest (or a repeat of it): every drop so far is before it.
            newestInput = input
            foldDropsBehindWindow()
            newestOutput = (input &+ offset &- UInt32(dropsCount)) & mask
            return newestOutput
        }
        guard (newestInput &- input) & mask <= window else { return nil }
        var dropsBefore = 0
        for position in 0..<dropsCount {
            let dropped = drops[(dropsHead + position) % drops.count]
            if dropped == input { return nil }
            if isNewer(input, than: dropped) { dropsBefore += 1 }
        }
        return (input &+ offset &- UInt32(dropsBefore)) & mask
    }

    /// Drops `input`: newer inputs map as if it never existed. Only an input
    /// newer than every one seen in this run counts (an older one was
    /// already accounted for in outputs given out).
    public mutating func drop(_ input: UInt32) {
        let input = input & mask
        guard started, !restarting, isNewer(input, than: newestInput) else { return }
        newestInput = input
        if drops.isEmpty { drops = [UInt32](repeating: 0, count: Int(window)) }
        if dropsCount == drops.count { foldOldestDrop() }
        drops[(dropsHead + dropsCount) % drops.count] = input
        dropsCount += 1
        foldDropsBehindWindow()
    }

    private func isNewer(_ a: UInt32, than b: UInt32) -> Bool {
        let distance = (a &- b) & mask
        return distance != 0 && distance <= mask / 2
    }

    /// Drops further behind the newest input than the window can no longer
    /// matter to a late input: they move into the offset.
    private mutating func foldDropsBehindWindow() {
        while dropsCount > 0, (newestInput &- drops[dropsHead]) & mask > window {
            foldOldestDrop()
        }
    }

    private mutating func foldOldestDrop() {
        offset = offset &- 1
        dropsHead = (dropsHead + 1) % drops.count
        dropsCount -= 1
    }
}
