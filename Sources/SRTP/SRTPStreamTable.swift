/// What a session keeps per SSRC (libsrtp's per-stream state, for one direction).
struct SRTPStream {
    /// The stream's SSRC.
    var ssrc: UInt32
    /// Highest SRTP packet index (`ROC << 16 | SEQ`) received or sent; 0 for
    /// a stream that has none yet.
    var rtpHighest: UInt64
    /// The SRTCP replay window, or (outbound) the SRTCP index counter.
    var rtcp: SRTCPReplayWindow
    /// The table's clock at the stream's last packet: the least recently
    /// used stream is the one evicted when the table is full.
    var lastUsed: UInt64
}

/// The per-SSRC streams of one session, bounded: at most `maxStreams`, the
/// least recently used one evicted to make room for a new SSRC.
///
/// An inbound session adds a stream only after a packet of its SSRC
/// authenticated (as libsrtp), so a peer without the key cannot grow the
/// table; the worker also drops the streams of SSRCs it does not route
/// (``SRTPSession/removeStream(ssrc:)``). An evicted inbound stream starts
/// again with an empty replay window; an evicted outbound stream with ROC 0.
///
/// Storage is allocated when the table grows (a new SSRC), never per packet:
/// the stream records and their replay-window words sit in two arrays
/// indexed by slot, found through an open-addressing hash of the SSRC
/// (linear probing, backward-shift deletion). Slots stay dense: removing a
/// stream moves the last one into its place.
///
/// - Important: The pointers ``stream(at:)`` and ``window(at:)`` give stay
///   valid only until the next ``insert(_:)`` or ``remove(_:)``. Not thread-safe.
final class SRTPStreamTable {
    /// Streams the table holds at most.
    let maxStreams: Int
    /// Bits of each stream's SRTP replay window (a multiple of 64).
    let windowSize: Int
    /// Streams held.
    private(set) var count = 0

    private let wordsPerWindow: Int
    private var capacity = 0
    private var streams: UnsafeMutablePointer<SRTPStream>
    private var windows: UnsafeMutablePointer<UInt64>
    /// Hash buckets: a slot, or -1 when empty. Always at least twice `capacity`.
    private var buckets: UnsafeMutablePointer<Int32>
    private var bucketCount = 0
    private var clock: UInt64 = 0

    /// An empty table for up to `maxStreams` (at least 1) streams with
    /// `windowSize`-packet replay windows (a multiple of 64, at least 64).
    init(maxStreams: Int, windowSize: Int) {
        self.maxStreams = max(1, maxStreams)
        self.windowSize = max(64, windowSize)
        wordsPerWindow = self.windowSize / 64
        streams = UnsafeMutablePointer<SRTPStream>.allocate(capacity: 1)
        windows = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        buckets = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    }

    deinit {
        streams.deinitialize(count: count)
        streams.deallocate()
        windows.deallocate()
        buckets.deallocate()
    }

    /// The slot of `ssrc`'s stream, or nil.
    func find(_ ssrc: UInt32) -> Int? {
        guard bucketCount > 0 else { return nil }
        var bucket = home(ssrc)
        while true {
            let slot = buckets[bucket]
            if slot < 0 { return nil }
            if streams[Int(slot)].ssrc == ssrc { return Int(slot) }
            bucket = (bucket + 1) & (bucketCount - 1)
        }
    }

    /// Adds a stream for `ssrc` (which must not be present), evicting the
    /// least recently used one when full, and returns its slot: ROC 0, empty
    /// replay windows.
    func insert(_ ssrc: UInt32) -> Int {
        if count == maxStreams, let oldest = leastRecentlyUsed() {
            remove(streams[oldest].ssrc)
        }
        if count == capacity { grow() }
        let slot = count
        (streams + slot).initialize(to: SRTPStream(ssrc: ssrc, rtpHighest: 0, rtcp: SRTCPReplayWindow(), lastUsed: clock))
        window(at: slot).reset()
        count += 1
        place(ssrc, slot: slot)
        return slot
    }

    /// Forgets `ssrc`'s stream; nothing when there is none.
    func remove(_ ssrc: UInt32) {
        guard bucketCount > 0 else { return }
        var bucket = home(ssrc)
        while true {
            let found = buckets[bucket]
            if found < 0 { return }
            if streams[Int(found)].ssrc == ssrc { break }
            bucket = (bucket + 1) & (bucketCount - 1)
        }
        let slot = Int(buckets[bucket])
        unplace(bucket: bucket)
        let last = count - 1
        if slot != last {
            // Keep the slots dense: the last stream moves into the hole.
            streams[slot] = streams[last]
            window(at: slot).words.update(from: window(at: last).words, count: wordsPerWindow)
            repoint(streams[slot].ssrc, from: last, to: slot)
        }
        (streams + last).deinitialize(count: 1)
        count -= 1
    }

    /// The stream record in `slot` (valid until the next insert or remove).
    func stream(at slot: Int) -> UnsafeMutablePointer<SRTPStream> {
        streams + slot
    }

    /// The SRTP replay window of the stream in `slot` (valid until the next
    /// insert or remove).
    func window(at slot: Int) -> SRTPReplayWindow {
        SRTPReplayWindow(words: windows + slot * wordsPerWindow, size: windowSize)
    }

    /// Marks the stream in `slot` as just used.
    func touch(_ slot: Int) {
        clock &+= 1
        streams[slot].lastUsed = clock
    }

    // MARK: Internals

    private func home(_ ssrc: UInt32) -> Int {
        // Fibonacci hashing: SSRCs are random, but not all peers make them so.
        Int(truncatingIfNeeded: (UInt64(ssrc) &* 0x9E37_79B9_7F4A_7C15) >> 32) & (bucketCount - 1)
    }

    private func place(_ ssrc: UInt32, slot: Int) {
        var bucket = home(ssrc)
        while buckets[bucket] >= 0 { bucket = (bucket + 1) & (bucketCount - 1) }
        buckets[bucket] = Int32(slot)
    }

    private func repoint(_ ssrc: UInt32, from old: Int, to new: Int) {
        var bucket = home(ssrc)
        while buckets[bucket] != Int32(old) { bucket = (bucket + 1) & (bucketCount - 1) }
        buckets[bucket] = Int32(new)
    }

    /// Empties `bucket` and shifts back the entries of its probe run that
    /// could live closer to home (linear probing's deletion, no tombstones).
    private func unplace(bucket start: Int) {
        let mask = bucketCount - 1
        var hole = start
        var bucket = (start + 1) & mask
        while buckets[bucket] >= 0 {
            let wanted = home(streams[Int(buckets[bucket])].ssrc)
            // The entry may fill the hole when the hole lies on its probe
            // path, from its home bucket to where it sits (cyclically).
            let probeDistance = (bucket - wanted) & mask
            let holeDistance = (bucket - hole) & mask
            if probeDistance >= holeDistance {
                buckets[hole] = buckets[bucket]
                hole = bucket
            }
            bucket = (bucket + 1) & mask
        }
        buckets[hole] = -1
    }

    private func leastRecentlyUsed() -> Int? {
        guard count > 0 else { return nil }
        var oldest = 0
        for slot in 1..<count where streams[slot].lastUsed < streams[oldest].lastUsed {
            oldest = slot
        }
        return oldest
    }

    private func grow() {
        let newCapacity = min(maxStreams, max(4, capacity * 2))
        let newStreams = UnsafeMutablePointer<SRTPStream>.allocate(capacity: newCapacity)
        newStreams.moveInitialize(from: streams, count: count)
        streams.deallocate()
        streams = newStreams
        let newWindows = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity * wordsPerWindow)
        newWindows.initialize(repeating: 0, count: newCapacity * wordsPerWindow)
        newWindows.update(from: windows, count: count * wordsPerWindow)
        windows.deallocate()
        windows = newWindows
        capacity = newCapacity
        var newBucketCount = max(8, bucketCount)
        while newBucketCount < capacity * 2 { newBucketCount *= 2 }
        if newBucketCount != bucketCount {
            buckets.deallocate()
            buckets = UnsafeMutablePointer<Int32>.allocate(capacity: newBucketCount)
            buckets.initialize(repeating: -1, count: newBucketCount)
            bucketCount = newBucketCount
            for slot in 0..<count { place(streams[slot].ssrc, slot: slot) }
        }
    }
}
