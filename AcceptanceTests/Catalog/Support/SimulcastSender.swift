#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Mediasoup
import Synchronization

/// A VP8 simulcast sender made in the case: three encodings, by SSRC, at
/// known bitrates (about 150, 500 and 1,200 kbit/s at 30 frames a second, whole RTP packets),
/// each with a keyframe every half second, sent from a thread of its own
/// until the case ends (a teardown of its context) or ``stop()``.
final class SimulcastSender: Sendable {
    static let payloadType: UInt8 = 96
    static let ssrcs: [UInt32] = [0xB0B0_0001, 0xB0B0_0002, 0xB0B0_0003]
    /// Packets a frame of each encoding, and the VP8 data each carries.
    static let packetsPerFrame = [1, 2, 5]
    static let dataBytes = [609, 1_025, 984]
    static let framesPerSecond = 30
    static let keyFrameInterval = 15

    /// A VP8 producer of the three encodings (NACK and PLI feedback).
    static func rtpParameters() -> RtpParameters {
        RtpParameters(
            codecs: [
                RtpCodecParameters(
                    mimeType: "video/VP8", payloadType: payloadType, clockRate: 90000,
                    rtcpFeedback: [RtcpFeedback(type: "nack"), RtcpFeedback(type: "nack", parameter: "pli")])
            ],
            encodings: ssrcs.map { RtpEncodingParameters(ssrc: $0) })
    }

    private let stopping = Mutex(false)

    /// Starts sending from `peer` to `port` on 127.0.0.1.
    init(from peer: UdpPeer, to port: UInt16, context: AcceptanceContext) {
        let thread = Thread { [self] in
            var sequenceNumbers: [UInt16] = [100, 2_000, 30_000]
            var pictureIds: [UInt16] = [1, 1, 1]
            var frame = 0
            let start = DispatchTime.now().uptimeNanoseconds
            while !stopping.withLock({ $0 }) {
                let timestamp = UInt32(truncatingIfNeeded: frame * 90_000 / Self.framesPerSecond)
                let isKeyFrame = frame % Self.keyFrameInterval == 0
                for encoding in Self.ssrcs.indices {
                    let count = Self.packetsPerFrame[encoding]
                    for index in 0..<count {
                        peer.send(
                            Self.packet(
                                encoding: encoding, sequenceNumber: sequenceNumbers[encoding], timestamp: timestamp,
                                pictureId: pictureIds[encoding], isKeyFrame: isKeyFrame, first: index == 0,
                                last: index == count - 1),
                            to: port)
                        sequenceNumbers[encoding] &+= 1
                    }
                    pictureIds[encoding] = (pictureIds[encoding] + 1) & 0x7FFF
                }
                frame += 1
                let due = start + UInt64(frame) * 1_000_000_000 / UInt64(Self.framesPerSecond)
                let now = DispatchTime.now().uptimeNanoseconds
                if due > now { usleep(UInt32((due - now) / 1000)) }
            }
        }
        thread.start()
        context.addTeardown { [self] in stop() }
    }

    func stop() { stopping.withLock { $0 = true } }

    /// One RTP packet of a frame: a VP8 payload descriptor with a 15-bit
    /// picture ID, and on the frame's first packet a VP8 payload header
    /// (with a keyframe's start code and 320x180 when `isKeyFrame`).
    static func packet(
        encoding: Int, sequenceNumber: UInt16, timestamp: UInt32, pictureId: UInt16, isKeyFrame: Bool, first: Bool,
        last: Bool
    ) -> [UInt8] {
        let ssrc = ssrcs[encoding]
        var bytes: [UInt8] = [0x80, (last ? 0x80 : 0) | payloadType, UInt8(sequenceNumber >> 8), UInt8(sequenceNumber & 0xFF)]
        bytes += [UInt8(timestamp >> 24), UInt8(timestamp >> 16 & 0xFF), UInt8(timestamp >> 8 & 0xFF), UInt8(timestamp & 0xFF)]
        bytes += [UInt8(ssrc >> 24), UInt8(ssrc >> 16 & 0xFF), UInt8(ssrc >> 8 & 0xFF), UInt8(ssrc & 0xFF)]
        // X, S on the first packet, partition 0; I with a 15-bit picture ID.
        bytes += [first ? 0x90 : 0x80, 0x80, 0x80 | UInt8(pictureId >> 8), UInt8(pictureId & 0xFF)]
        var data = [UInt8](repeating: 0x5A, count: dataBytes[encoding])
        if first {
            // Frame tag: bit 0 clear for a keyframe; then a keyframe's start code and size.
            let header: [UInt8] = isKeyFrame ? [0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x40, 0x01, 0xB4, 0x00] : [0x11, 0x02, 0x00]
            data.replaceSubrange(0..<header.count, with: header)
        }
        return bytes + data
    }
}
