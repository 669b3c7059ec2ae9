// The picture size from an H.264 sequence parameter set (ITU-T H.264
// 7.3.2.1.1 syntax, 7.4.2.1.1 semantics for the crop units), read bit by bit
// with emulation prevention bytes skipped; nothing is allocated.

/// Reads the fields of a sequence parameter set up to the frame cropping.
enum H264SequenceParameterSet {
    /// profile_idc values whose SPS carries chroma_format_idc and the rest of
    /// the "high profile" fields.
    private static func hasChromaFields(_ profile: UInt32) -> Bool {
        switch profile {
        case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135: true
        default: false
        }
    }

    /// The cropped picture size of the SPS whose bytes after the NAL unit
    /// header run from `start` to `end` in `payload`; nil if they end early or
    /// hold values out of range.
    ///
    /// ```
    /// profile_idc u(8), constraint flags u(8), level_idc u(8)
    /// seq_parameter_set_id ue(v)
    /// [high profiles] chroma_format_idc ue(v), [3] separate_colour_plane_flag u(1),
    ///     bit_depth_luma_minus8 ue(v), bit_depth_chroma_minus8 ue(v),
    ///     qpprime_y_zero_transform_bypass_flag u(1), seq_scaling_matrix_present_flag u(1),
    ///     [each list] seq_scaling_list_present_flag u(1), scaling_list()
    /// log2_max_frame_num_minus4 ue(v), pic_order_cnt_type ue(v), [0] log2_max_pic_order_cnt_lsb_minus4 ue(v)
    ///     [1] delta_pic_order_always_zero_flag u(1), offset_for_non_ref_pic se(v),
    ///         offset_for_top_to_bottom_field se(v), num_ref_frames_in_pic_order_cnt_cycle ue(v), offsets se(v)...
    /// max_num_ref_frames ue(v), gaps_in_frame_num_value_allowed_flag u(1)
    /// pic_width_in_mbs_minus1 ue(v), pic_height_in_map_units_minus1 ue(v)
    /// frame_mbs_only_flag u(1), [0] mb_adaptive_frame_field_flag u(1)
    /// direct_8x8_inference_flag u(1), frame_cropping_flag u(1),
    ///     [1] frame_crop_left/right/top/bottom_offset ue(v)
    /// ```
    static func dimensions(_ payload: UnsafeRawBufferPointer, from start: Int, to end: Int) -> VideoDimensions? {
        guard start >= 0, start <= end, end <= payload.count else { return nil }
        let body = UnsafeRawBufferPointer(rebasing: payload[start..<end])
        var reader = CodecBitReader(body, removesEmulationPrevention: true)
        do throws(CodecBitReader.EndOfData) {
            let profile = try reader.bits(8)
            _ = try reader.bits(16)  // constraint flags, level_idc
            _ = try reader.unsignedExpGolomb()  // seq_parameter_set_id
            var chromaFormat: UInt32 = 1
            var separateColourPlanes = false
            if hasChromaFields(profile) {
                chromaFormat = try reader.unsignedExpGolomb()
                guard chromaFormat <= 3 else { return nil }
                if chromaFormat == 3 { separateColourPlanes = try reader.flag() }
                _ = try reader.unsignedExpGolomb()  // bit_depth_luma_minus8
                _ = try reader.unsignedExpGolomb()  // bit_depth_chroma_minus8
                _ = try reader.bit()  // qpprime_y_zero_transform_bypass_flag
                if try reader.flag() {  // seq_scaling_matrix_present_flag
                    for list in 0..<(chromaFormat == 3 ? 12 : 8) {
                        if try reader.flag() { try skipScalingList(&reader, size: list < 6 ? 16 : 64) }
                    }
                }
            }
            _ = try reader.unsignedExpGolomb()  // log2_max_frame_num_minus4
            let pictureOrderCountType = try reader.unsignedExpGolomb()
            if pictureOrderCountType == 0 {
                _ = try reader.unsignedExpGolomb()  // log2_max_pic_order_cnt_lsb_minus4
            } else if pictureOrderCountType == 1 {
                _ = try reader.bit()  // delta_pic_order_always_zero_flag
                _ = try reader.signedExpGolomb()  // offset_for_non_ref_pic
                _ = try reader.signedExpGolomb()  // offset_for_top_to_bottom_field
                let cycle = try reader.unsignedExpGolomb()
                guard cycle <= 255 else { return nil }
                for _ in 0..<cycle { _ = try reader.signedExpGolomb() }
            }
            _ = try reader.unsignedExpGolomb()  // max_num_ref_frames
            _ = try reader.bit()  // gaps_in_frame_num_value_allowed_flag
            let widthInMacroblocks = Int(try reader.unsignedExpGolomb()) + 1
            let heightInMapUnits = Int(try reader.unsignedExpGolomb()) + 1
            let frameMacroblocksOnly = try reader.flag()
            if !frameMacroblocksOnly { _ = try reader.bit() }  // mb_adaptive_frame_field_flag
            _ = try reader.bit()  // direct_8x8_inference_flag
            var crop = (left: 0, right: 0, top: 0, bottom: 0)
            if try reader.flag() {
                crop.left = Int(try reader.unsignedExpGolomb())
                crop.right = Int(try reader.unsignedExpGolomb())
                crop.top = Int(try reader.unsignedExpGolomb())
                crop.bottom = Int(try reader.unsignedExpGolomb())
            }
            // Crop units (7.4.2.1.1): in luma samples, by chroma sampling.
            let fieldFactor = frameMacroblocksOnly ? 1 : 2
            let chromaArrayType = separateColourPlanes ? 0 : chromaFormat
            let cropUnitX = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1
            let cropUnitY = (chromaArrayType == 1 ? 2 : 1) * fieldFactor
            let width = widthInMacroblocks * 16 - cropUnitX * (crop.left + crop.right)
            let height = fieldFactor * heightInMapUnits * 16 - cropUnitY * (crop.top + crop.bottom)
            guard width > 0, height > 0 else { return nil }
            return VideoDimensions(width: width, height: height)
        } catch {
            return nil
        }
    }

    /// Skips scaling_list(size) (7.3.2.1.1.1): delta_scale se(v) values until
    /// the list ends or nextScale becomes 0.
    private static func skipScalingList(_ reader: inout CodecBitReader, size: Int) throws(CodecBitReader.EndOfData) {
        var lastScale: Int64 = 8
        var nextScale: Int64 = 8
        for _ in 0..<size {
            if nextScale != 0 {
                let delta = try reader.signedExpGolomb()
                nextScale = ((lastScale + delta) % 256 + 256) % 256
            }
            if nextScale != 0 { lastScale = nextScale }
        }
    }
}
