/// The SRTP replay window of one stream (RFC 3711 §3.3.2): which of the
/// `size` indices up to and including the highest one were received.
///
/// Same decisions as libsrtp's `srtp_rdbx_t` (the `delta` rules below), kept
/// as a ring: the index `i` is bit `i mod size` of `size / 64` words that
/// the stream table owns, so moving the window forward by `delta` clears
/// `delta` bits instead of shifting all of them.
///
/// ```
///          size packets
///   |<-------------------->|
///   +----------------------+ - - - -
///   | received? bit        |  newer: accepted, the window moves
///   +----------------------+ - - - -
///   ^                      ^
///   highest - size + 1     highest
/// ```
///
/// - `delta > 0` (newer than the highest): accepted.
/// - `delta <= -size` (older than the window): refused, `replay_old`.
/// - otherwise the index's bit: set, refused (`replay_fail`); clear, accepted.
struct SRTPReplayWindow {
    /// The window's words (`size / 64` of them), owned by the stream table.
    let words: UnsafeMutablePointer<UInt64>
    /// Packets the window covers: a multiple of 64.
    let size: Int

    /// The outcome of ``check(_:)``.
    enum Verdict: Equatable {
        /// Not seen and inside or ahead of the window.
        case fresh
        /// Inside the window and already received.
        case replayed
        /// Behind the window: too old to tell.
        case tooOld
    }

    /// Whether `packet` (estimated against `highest`) may be accepted.
    func check(_ packet: SRTPPacketIndex) -> Verdict {
        if packet.delta > 0 { return .fresh }
        if packet.delta <= -size { return .tooOld }
        return isSet(packet.index) ? .replayed : .fresh
    }

    /// Records `packet` as received, moving the window forward when it is
    /// newer than `highest`; returns the new highest index.
    func add(_ packet: SRTPPacketIndex, highest: UInt64) -> UInt64 {
        guard packet.delta > 0 else {
            set(packet.index)
            return highest
        }
        clear(after: highest, count: packet.delta)
        set(packet.index)
        return packet.index
    }

    /// Forgets every index (a new stream).
    func reset() {
        words.update(repeating: 0, count: size / 64)
    }

    private func position(_ index: UInt64) -> (word: Int, mask: UInt64) {
        let bit = Int(index % UInt64(size))
        return (bit >> 6, 1 << UInt64(bit & 63))
    }

    private func isSet(_ index: UInt64) -> Bool {
        let (word, mask) = position(index)
        return words[word] & mask != 0
    }

    private func set(_ index: UInt64) {
        let (word, mask) = position(index)
        words[word] |= mask
    }

    /// Clears the bits of the `count` indices after `highest`: those the
    /// window enters, whose ring positions are the ones of the indices it leaves.
    private func clear(after highest: UInt64, count: Int) {
        guard count < size else {
            reset()
            return
        }
        var bit = Int((highest &+ 1) % UInt64(size))
        var remaining = count
        while remaining > 0 {
            let offset = bit & 63
            let run = min(remaining, 64 - offset)
            let mask: UInt64 = run == 64 ? ~0 : ((1 << UInt64(run)) - 1) << UInt64(offset)
            words[bit >> 6] &= ~mask
            remaining -= run
            bit += run
            if bit >= size { bit = 0 }
        }
    }
}

/// The SRTCP replay window of one stream: 128 indices from `start`, as
/// libsrtp's `srtp_rdb_t` (RFC 3711 §3.3.2 applied to the SRTCP index).
///
/// An outbound stream uses ``start`` as its SRTCP index counter instead
/// (libsrtp's `srtp_rdb_increment`): the first packet carries index 1.
struct SRTCPReplayWindow: Equatable {
    /// The lowest index the window covers (an outbound stream: the last
    /// index sent).
    var start: UInt32 = 0
    /// Bit `j` (`low` holds 0...63, `high` 64...127): index `start + j` received.
    var low: UInt64 = 0
    /// Bits 64...127 of the window.
    var high: UInt64 = 0

    /// Bits the window covers.
    static let size: UInt32 = 128
    /// The largest SRTCP index (31 bits).
    static let maximumIndex: UInt32 = 0x7FFF_FFFF

    /// Whether `index` may be accepted: ahead of the window or unseen in it.
    func check(_ index: UInt32) -> SRTPReplayWindow.Verdict {
        if UInt64(index) >= UInt64(start) + UInt64(Self.size) { return .fresh }
        if index < start { return .tooOld }
        return bit(index - start) ? .replayed : .fresh
    }

    /// Records `index`, sliding the window so that it is the last one covered
    /// when it lies ahead.
    mutating func add(_ index: UInt32) {
        guard index >= start else { return }
        var offset = index - start
        if offset >= Self.size {
            let shift = offset - (Self.size - 1)
            shiftDown(by: shift)
            start &+= shift
            offset = Self.size - 1
        }
        if offset < 64 {
            low |= 1 << UInt64(offset)
        } else {
            high |= 1 << UInt64(offset - 64)
        }
    }

    /// The next index to send, or nil once 2^31 - 1 was used (the key is spent).
    mutating func nextOutboundIndex() -> UInt32? {
        guard start < Self.maximumIndex else { return nil }
        start += 1
        return start
    }

    private func bit(_ offset: UInt32) -> Bool {
        offset < 64 ? low >> UInt64(offset) & 1 == 1 : high >> UInt64(offset - 64) & 1 == 1
    }

    private mutating func shiftDown(by shift: UInt32) {
        switch shift {
        case 128...:
            low = 0
            high = 0
        case 64...:
            low = high >> UInt64(shift - 64)
            high = 0
        case 0:
            break
        default:
            low = low >> UInt64(shift) | high << UInt64(64 - shift)
            high >>= UInt64(shift)
        }
    }
}
