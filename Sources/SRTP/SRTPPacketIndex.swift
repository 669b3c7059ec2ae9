/// The SRTP packet index: the 48-bit `i = 2^16 · ROC + SEQ` of RFC 3711 §3.3.1,
/// estimated from a packet's 16-bit sequence number and the highest index of
/// its stream so far.
///
/// The rules are libsrtp's (`srtp_rdbx_estimate_index`, `srtp_index_guess`),
/// so that both ends of a session agree with a libsrtp peer packet for
/// packet, rollovers included:
///
/// - While the highest index is at most 2^15 (the stream's first half
///   cycle), the ROC is 0 and the index is the sequence number: a stream
///   that starts at sequence 65,530 does not wrap back to ROC -1.
/// - After that, RFC 3711 Appendix A's guess: with `s_l` the highest
///   sequence number, a packet more than 2^15 "ahead" of a low `s_l`
///   belongs to ROC - 1, one more than 2^15 "behind" a high `s_l` to ROC + 1.
///
/// `delta` is the estimate minus the highest index (positive: newer), which
/// the replay window takes (``SRTPReplayWindow``).
struct SRTPPacketIndex: Hashable {
    /// The estimated 48-bit index (the ROC in bits 16...47).
    var index: UInt64
    /// `index` minus the stream's highest index, between -65,535 and 65,535.
    var delta: Int

    /// The rollover counter of ``index``, for the HMAC and the IVs.
    var rolloverCounter: UInt32 { UInt32(truncatingIfNeeded: index >> 16) }

    /// Half of the sequence number space: RFC 3711's "2^15".
    static let median = 0x8000
    /// The sequence number space: 2^16.
    static let cycle = 0x1_0000

    /// The index of `sequence` in a stream whose highest index is `highest`
    /// (0 for a stream that has seen no packet).
    static func estimate(sequence: UInt16, highest: UInt64) -> SRTPPacketIndex {
        let s = Int(sequence)
        let localSequence = Int(UInt16(truncatingIfNeeded: highest))
        guard highest > UInt64(median) else {
            // ROC 0 and no guessing, as libsrtp (the index is the sequence number).
            return SRTPPacketIndex(index: UInt64(sequence), delta: s - localSequence)
        }
        let localROC = UInt32(truncatingIfNeeded: highest >> 16)
        let roc: UInt32
        let delta: Int
        if localSequence < median {
            if s - localSequence > median {
                roc = localROC &- 1
                delta = s - localSequence - cycle
            } else {
                roc = localROC
                delta = s - localSequence
            }
        } else {
            if localSequence - median > s {
                roc = localROC &+ 1
                delta = s - localSequence + cycle
            } else {
                roc = localROC
                delta = s - localSequence
            }
        }
        return SRTPPacketIndex(index: UInt64(roc) << 16 | UInt64(sequence), delta: delta)
    }
}
