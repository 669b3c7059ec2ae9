/// The last packets one producer stream received, as received (RTX already
/// decoded), by extended sequence number: what its consumers resend when
/// their endpoints ask (NACK). Kept once per producer stream, not per
/// consumer: a consumer remembers which packet it sent under which of its own
/// sequence numbers, and rewrites the stored one again (mediasoup shares its
/// packets between consumers the same way).
///
/// - Important: Lives on the worker's event loop.
package final class PacketHistory {
    /// Packets held: 2 s of video at 250 packets/s (mediasoup keeps video
    /// for up to 2,000 ms).
    package static let capacity = 512
    /// The largest packet held (larger ones are not).
    package static let slotSize = 1500

    private let arena: UnsafeMutableRawPointer
    private var sequences = [Int64](repeating: -1, count: PacketHistory.capacity)
    private var lengths = [Int](repeating: 0, count: PacketHistory.capacity)

    package init() {
        arena = UnsafeMutableRawPointer.allocate(
            byteCount: Self.capacity * Self.slotSize, alignment: MemoryLayout<UInt64>.alignment)
    }

    deinit { arena.deallocate() }

    /// Copies a packet in, replacing the one `capacity` sequence numbers older.
    package func store(_ packet: UnsafeRawBufferPointer, sequence: Int64) {
        guard sequence >= 0, packet.count <= Self.slotSize, let source = packet.baseAddress else { return }
        let index = Int(sequence % Int64(Self.capacity))
        (arena + index * Self.slotSize).copyMemory(from: source, byteCount: packet.count)
        sequences[index] = sequence
        lengths[index] = packet.count
    }

    /// The packet with extended sequence number `sequence`, borrowed until the
    /// next ``store(_:sequence:)``; nil when no longer (or never) held.
    package func packet(_ sequence: Int64) -> UnsafeRawBufferPointer? {
        guard sequence >= 0 else { return nil }
        let index = Int(sequence % Int64(Self.capacity))
        guard sequences[index] == sequence else { return nil }
        return UnsafeRawBufferPointer(start: arena + index * Self.slotSize, count: lengths[index])
    }
}
