// Opus RTP payloads (RFC 7587): one Opus packet per RTP payload, whose TOC
// byte and frame packing are those of RFC 6716 section 3.

/// The TOC byte and frame packing of an Opus packet (RFC 6716 3.1, 3.2).
///
/// ```
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+
/// | config  |s| c |   config: mode, bandwidth, frame size (Table 2)
/// +-+-+-+-+-+-+-+-+   s: stereo; c: 0 one frame, 1 two equal frames,
///                        2 two frames (first length coded), 3 M frames:
/// +-+-+-+-+-+-+-+-+
/// |v|p|     M     |   code 3 only: VBR, padding, frame count M (1–48)
/// +-+-+-+-+-+-+-+-+
/// ```
///
/// A packet that carries no frame data (1 byte for codes 0 and 1, 2 bytes for
/// codes 2 and 3) is DTX or comfort noise, as mediasoup treats 1–2 byte
/// payloads. Parsing checks the frame lengths against RFC 6716 3.4 (R1–R7)
/// and allocates nothing.
public struct OpusPayload: Hashable, Sendable {
    /// The coding mode of the configuration.
    public enum Mode: Hashable, Sendable {
        /// SILK only (speech, up to wideband).
        case silk
        /// SILK and CELT together.
        case hybrid
        /// CELT only (music, low delay).
        case celt
    }

    /// The audio bandwidth of the configuration.
    public enum Bandwidth: Hashable, Sendable {
        /// 4 kHz, sampled at 8 kHz.
        case narrowband
        /// 6 kHz, sampled at 12 kHz.
        case mediumband
        /// 8 kHz, sampled at 16 kHz.
        case wideband
        /// 12 kHz, sampled at 24 kHz.
        case superWideband
        /// 20 kHz, sampled at 48 kHz.
        case fullband
    }

    /// config: the TOC's configuration number, 0–31 (RFC 6716 Table 2).
    public var configuration: UInt8
    /// The coding mode of `configuration`.
    public var mode: Mode
    /// The audio bandwidth of `configuration`.
    public var bandwidth: Bandwidth
    /// The duration of one frame in samples at 48 kHz (120 for 2.5 ms up to
    /// 2880 for 60 ms).
    public var frameSamples: Int
    /// s: the frames are coded in stereo.
    public var isStereo: Bool
    /// c: the frame count code, 0–3.
    public var frameCountCode: UInt8
    /// The number of frames in the packet.
    public var frameCount: Int
    /// The packet carries no frame data: DTX or comfort noise.
    public var isDTX: Bool

    /// The packet's duration in samples at 48 kHz.
    public var durationSamples: Int { frameCount * frameSamples }

    /// Parses an Opus packet and checks its frame packing.
    ///
    /// - Throws: `truncated` for an empty packet or one that ends inside its
    ///   frame count, lengths or padding; `malformed` for a zero frame count,
    ///   more than 120 ms, or frame lengths that do not fit the packet.
    public init(parsing payload: UnsafeRawBufferPointer) throws(CodecPayloadError) {
        try self.init(parsing: payload, checksFrameLengths: true)
    }

    /// Parses an Opus packet (bytes borrowed, not copied).
    public init(parsing payload: [UInt8]) throws(CodecPayloadError) {
        self = try CodecPayloadError.borrowing(payload) { raw throws(CodecPayloadError) in try Self(parsing: raw) }
    }

    /// Parses an Opus packet (bytes borrowed, not copied).
    public init(parsing payload: ArraySlice<UInt8>) throws(CodecPayloadError) {
        self = try CodecPayloadError.borrowing(payload) { raw throws(CodecPayloadError) in try Self(parsing: raw) }
    }

    /// Parses the TOC (and a code 3 frame count byte); with
    /// `checksFrameLengths` false the rest is not read, as for the first
    /// stream of a multistream packet, whose framing is self-delimiting.
    init(parsing payload: UnsafeRawBufferPointer, checksFrameLengths: Bool) throws(CodecPayloadError) {
        let count = payload.count
        guard count >= 1 else { throw .truncated(needed: 1, had: 0) }
        let toc = payload[0]
        configuration = toc >> 3
        isStereo = toc & 0x04 != 0
        frameCountCode = toc & 0x03
        (mode, bandwidth, frameSamples) = Self.describe(configuration: configuration)
        switch frameCountCode {
        case 0:
            frameCount = 1
        case 1, 2:
            frameCount = 2
        default:
            guard count >= 2 else { throw .truncated(needed: 2, had: count) }
            frameCount = Int(payload[1] & 0x3F)
            guard frameCount > 0 else { throw .malformed(.opusZeroFrameCount) }
            guard frameCount * frameSamples <= 5760 else { throw .malformed(.opusDurationOver120ms) }
        }
        if frameCountCode >= 2 && count < 2 { throw .truncated(needed: 2, had: count) }
        isDTX = count <= (frameCountCode >= 2 ? 2 : 1)
        if checksFrameLengths { try Self.checkFrameLengths(payload, code: frameCountCode, frames: frameCount) }
    }

    /// Mode, bandwidth and frame duration of a configuration (RFC 6716 Table 2).
    private static func describe(configuration: UInt8) -> (Mode, Bandwidth, Int) {
        let index = Int(configuration & 0x03)
        let silkSamples = index == 3 ? 2880 : 480 << index  // 10, 20, 40, 60 ms
        let hybridSamples = 480 << (index & 1)  // 10, 20 ms
        let celtSamples = 120 << index  // 2.5, 5, 10, 20 ms
        switch configuration {
        case 0...3: return (.silk, .narrowband, silkSamples)
        case 4...7: return (.silk, .mediumband, silkSamples)
        case 8...11: return (.silk, .wideband, silkSamples)
        case 12...13: return (.hybrid, .superWideband, hybridSamples)
        case 14...15: return (.hybrid, .fullband, hybridSamples)
        case 16...19: return (.celt, .narrowband, celtSamples)
        case 20...23: return (.celt, .wideband, celtSamples)
        case 24...27: return (.celt, .superWideband, celtSamples)
        default: return (.celt, .fullband, celtSamples)
        }
    }
}
