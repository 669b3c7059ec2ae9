/// A minimal RTP reader for the fixture tests (RFC 3550 5.1, RFC 8285), written here so that
/// the fixtures are checked without the RTP module under test: the fixed header, CSRCs, the
/// one- and two-byte header extension elements, padding, and an SRTP auth tag to leave out.
struct TestRTP {
    var marker: Bool
    var payloadType: UInt8
    var sequenceNumber: UInt16
    var timestamp: UInt32
    var ssrc: UInt32
    var extensions: [UInt8: [UInt8]]
    var payload: ArraySlice<UInt8>

    init?(_ bytes: [UInt8], authTagLength: Int = 0) {
        guard bytes.count >= 12, bytes[0] >> 6 == 2 else { return nil }
        func u16(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        marker = bytes[1] & 0x80 != 0
        payloadType = bytes[1] & 0x7F
        sequenceNumber = UInt16(u16(2))
        timestamp = UInt32(u16(4)) << 16 | UInt32(u16(6))
        ssrc = UInt32(u16(8)) << 16 | UInt32(u16(10))
        var offset = 12 + Int(bytes[0] & 0x0F) * 4
        extensions = [:]
        if bytes[0] & 0x10 != 0 {
            guard offset + 4 <= bytes.count else { return nil }
            let profile = u16(offset)
            let end = offset + 4 + u16(offset + 2) * 4
            guard end <= bytes.count else { return nil }
            var index = offset + 4
            while index < end {
                if profile == 0xBEDE {  // one-byte elements: id (4 bits), length - 1 (4 bits)
                    let id = bytes[index] >> 4
                    let length = Int(bytes[index] & 0x0F) + 1
                    if id == 0 { index += 1; continue }
                    if id == 15 { break }
                    guard index + 1 + length <= end else { return nil }
                    extensions[id] = Array(bytes[(index + 1)..<(index + 1 + length)])
                    index += 1 + length
                } else if profile & 0xFFF0 == 0x1000 {  // two-byte elements: id, length
                    let id = bytes[index]
                    if id == 0 { index += 1; continue }
                    guard index + 2 <= end else { return nil }
                    let length = Int(bytes[index + 1])
                    guard index + 2 + length <= end else { return nil }
                    extensions[id] = Array(bytes[(index + 2)..<(index + 2 + length)])
                    index += 2 + length
                } else {
                    break
                }
            }
            offset = end
        }
        var end = bytes.count - authTagLength
        if bytes[0] & 0x20 != 0, authTagLength == 0, let padding = bytes.last { end -= Int(padding) }
        guard end >= offset else { return nil }
        payload = bytes[offset..<end]
    }
}

/// RFC 7741 4.2-4.3: a VP8 keyframe starts where S = 1, PID = 0 and the payload header's P bit is 0.
func vp8StartsKeyframe(_ payload: ArraySlice<UInt8>) -> Bool {
    let bytes = Array(payload)
    guard let first = bytes.first else { return false }
    var index = 1
    if first & 0x80 != 0, bytes.count > 1 {  // X: the extension byte I L T K
        let control = bytes[1]
        index = 2
        if control & 0x80 != 0, index < bytes.count { index += bytes[index] & 0x80 != 0 ? 2 : 1 }
        if control & 0x40 != 0 { index += 1 }
        if control & 0x30 != 0 { index += 1 }
    }
    return first & 0x10 != 0 && first & 0x07 == 0 && index < bytes.count && bytes[index] & 0x01 == 0
}

/// RFC 7741 4.2: the TID of a VP8 payload descriptor with T = 1, else nil.
func vp8TemporalLayer(_ payload: ArraySlice<UInt8>) -> Int? {
    let bytes = Array(payload)
    guard bytes.count > 1, bytes[0] & 0x80 != 0, bytes[1] & 0x20 != 0 else { return nil }
    var index = 2
    if bytes[1] & 0x80 != 0 {  // I: picture id, 7 or 15 bits
        guard index < bytes.count else { return nil }
        index += bytes[index] & 0x80 != 0 ? 2 : 1
    }
    if bytes[1] & 0x40 != 0 { index += 1 }  // L: TL0PICIDX
    return index < bytes.count ? Int(bytes[index] >> 6) : nil
}

/// RFC 6184 5.6-5.8: the packetization of an H.264 payload, and whether it holds an IDR slice
/// or an SPS (NAL types 5, 7) in a single NAL unit, in a STAP-A, or at the start of a FU-A.
func h264Packetization(_ payload: ArraySlice<UInt8>) -> (kind: String, keyframe: Bool) {
    let bytes = Array(payload)
    guard let first = bytes.first else { return ("empty", false) }
    let type = first & 0x1F
    switch type {
    case 1...23:
        return ("single", type == 5 || type == 7)
    case 24:
        var keyframe = false
        var index = 1
        while index + 2 < bytes.count {
            let size = Int(bytes[index]) << 8 | Int(bytes[index + 1])
            let inner = bytes[index + 2] & 0x1F
            keyframe = keyframe || inner == 5 || inner == 7
            index += 2 + size
        }
        return ("stapA", keyframe)
    case 28 where bytes.count > 1:
        let inner = bytes[1] & 0x1F
        return ("fuA", bytes[1] & 0x80 != 0 && (inner == 5 || inner == 7))
    default:
        return ("nal\(type)", false)
    }
}
