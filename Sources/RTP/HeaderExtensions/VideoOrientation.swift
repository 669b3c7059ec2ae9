// video-orientation (urn:3gpp:video-orientation, 3GPP TS 26.114 §7.4.5, "CVO"):
// how the receiver must rotate and flip the picture.
//
//   0                   1
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  ID   | len=0 |0 0 0 0 C F R R|
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// C: camera (0 front, 1 back); F: horizontal flip; R R: clockwise rotation in
// steps of 90 degrees.

/// The coordination of video orientation (CVO) of a packet.
public struct VideoOrientationExtension: RTPHeaderExtensionValue, Hashable {
    public static let uri = "urn:3gpp:video-orientation"

    /// Which camera captured the picture.
    public enum Camera: Sendable, Hashable {
        /// The front-facing camera, or unknown.
        case front
        /// The back-facing camera.
        case back
    }

    /// The camera (the C bit).
    public var camera: Camera
    /// Whether the picture is flipped horizontally (the F bit).
    public var flip: Bool
    /// The clockwise rotation: 0, 90, 180 or 270 degrees.
    public var rotation: UInt16 {
        didSet { rotation = (rotation / 90 % 4) * 90 }
    }

    /// A value; `rotation` is rounded down to a multiple of 90 degrees, modulo 360.
    public init(camera: Camera = .front, flip: Bool = false, rotation: UInt16) {
        self.camera = camera
        self.flip = flip
        self.rotation = (rotation / 90 % 4) * 90
    }

    public init(parsing value: UnsafeRawBufferPointer) throws(RTPParseError) {
        guard value.count == 1 else { throw .badExtensionValue(length: value.count) }
        let byte = value.u8(0)
        self.camera = byte & 0x08 != 0 ? .back : .front
        self.flip = byte & 0x04 != 0
        self.rotation = UInt16(byte & 0x03) * 90
    }

    public var serializedSize: Int { 1 }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        buffer.require(1, "buffer too small for video-orientation")
        let byte = (camera == .back ? 0x08 : 0) | (flip ? 0x04 : 0) | UInt8(rotation / 90 % 4)
        buffer.put8(byte, at: 0)
        return 1
    }
}
