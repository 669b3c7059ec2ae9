// The first fields of the VP9 uncompressed header (VP9 Bitstream
// Specification 0.6, section 6.2), read from the packet that starts a frame.

/// What the start of a VP9 uncompressed header tells: the profile, whether the
/// frame is a keyframe, and a keyframe's size.
///
/// ```
/// frame_marker          f(2)   always 2
/// profile_low_bit       f(1)
/// profile_high_bit      f(1)
/// reserved_zero         f(1)   profile 3 only
/// show_existing_frame   f(1)   when 1, nothing else follows that matters here
/// frame_type            f(1)   0 = KEY_FRAME
/// show_frame            f(1)
/// error_resilient_mode  f(1)
/// frame_sync_code       f(24)  0x49 0x83 0x42 (keyframes)
/// color_config()               bit depth, color space, subsampling by profile
/// frame_width_minus_1   f(16)
/// frame_height_minus_1  f(16)
/// ```
public struct VP9FrameHeader: Hashable, Sendable {
    /// The VP9 profile, 0–3.
    public var profile: UInt8
    /// The frame repeats an earlier decoded frame (no new picture).
    public var showsExistingFrame: Bool
    /// frame_type is KEY_FRAME (and the frame is not a repeat).
    public var isKeyFrame: Bool
    /// A keyframe's width and height, when the packet holds that far and the
    /// frame sync code matches.
    public var keyFrameDimensions: VideoDimensions?

    /// Reads the header at `offset`; nil when there is no byte there or the
    /// frame marker is not 2 (an encrypted or foreign payload).
    init?(parsing payload: UnsafeRawBufferPointer, at offset: Int) {
        var reader = CodecBitReader(payload, from: offset)
        do throws(CodecBitReader.EndOfData) {
            guard try reader.bits(2) == 2 else { return nil }
            let low = try reader.bit()
            let high = try reader.bit()
            profile = UInt8(high << 1 | low)
            if profile == 3 { _ = try reader.bit() }
            showsExistingFrame = try reader.flag()
        } catch {
            return nil
        }
        isKeyFrame = false
        keyFrameDimensions = nil
        guard !showsExistingFrame else { return }
        do throws(CodecBitReader.EndOfData) {
            isKeyFrame = try reader.bit() == 0
            guard isKeyFrame else { return }
            _ = try reader.bits(2)  // show_frame, error_resilient_mode
            guard try reader.bits(24) == 0x49_83_42 else { return }
            if profile >= 2 { _ = try reader.bit() }  // ten_or_twelve_bit
            let colorSpace = try reader.bits(3)
            let hasSubsamplingBits = profile == 1 || profile == 3
            if colorSpace != 7 {  // not CS_RGB
                _ = try reader.bit()  // color_range
                if hasSubsamplingBits { _ = try reader.bits(3) }  // subsampling_x, subsampling_y, reserved_zero
            } else if hasSubsamplingBits {
                _ = try reader.bit()  // reserved_zero
            }
            let width = Int(try reader.bits(16)) + 1
            let height = Int(try reader.bits(16)) + 1
            keyFrameDimensions = VideoDimensions(width: width, height: height)
        } catch {
            return
        }
    }
}
