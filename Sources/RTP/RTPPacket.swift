// An RTP packet (RFC 3550 §5.1) as an owned byte array, with RFC 8285 header
// extensions; the allocating convenience over `RTPHeaderFields`. The layout is
// drawn in RTPHeaderFields.swift and RTPHeaderExtensionElements.swift.

/// One header extension element as an owned value.
public struct RTPHeaderExtension: Sendable, Equatable, Hashable {
    /// The local id negotiated with `a=extmap` (1–255; 1–14 fit the one-byte form).
    public var id: UInt8
    /// The value's bytes (0–255; 1–16 fit the one-byte form).
    public var value: [UInt8]

    /// An element with `id` and `value`.
    public init(id: UInt8, value: [UInt8]) {
        self.id = id
        self.value = value
    }
}

/// An RTP packet that owns its bytes.
///
/// Getters read the header parsed at construction; setters rewrite the bytes
/// in place. Extension edits rebuild the extension block and keep the payload
/// and padding byte for byte. For the forwarding path, which must not allocate,
/// use ``RTPHeaderFields`` on the receive buffer instead.
public struct RTPPacket: Sendable, Equatable {
    /// The packet's bytes, as sent on the wire.
    public internal(set) var bytes: [UInt8]
    /// The parsed header, kept in step with `bytes`.
    public internal(set) var header: RTPHeaderFields

    /// Parses `bytes` as an RTP packet (see ``RTPHeaderFields/parse(_:)``).
    public init(parsing bytes: [UInt8]) throws(RTPParseError) {
        self.header = try withBytes(of: bytes) { (raw) throws(RTPParseError) in try RTPHeaderFields.parse(raw) }
        self.bytes = bytes
    }

    /// Parses and copies the datagram `bytes`.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(RTPParseError) {
        self.header = try RTPHeaderFields.parse(bytes)
        self.bytes = Array(bytes)
    }

    /// Builds a packet without CSRCs or padding; the extensions take the
    /// one-byte form when they all fit it, the two-byte form otherwise.
    ///
    /// - Throws: ``RTPParseError/invalidExtensionElement(id:length:)`` for an
    ///   element with id 0 or a value longer than 255 bytes.
    public init(
        payloadType: UInt8,
        sequenceNumber: UInt16,
        timestamp: UInt32,
        ssrc: UInt32,
        marker: Bool = false,
        extensions: [RTPHeaderExtension] = [],
        payload: some Collection<UInt8>
    ) throws(RTPParseError) {
        try Self.validate(extensions)
        let block = Self.extensionBlockSize(extensions)
        var bytes = [UInt8](repeating: 0, count: RTPHeaderFields.fixedHeaderSize)
        bytes.reserveCapacity(RTPHeaderFields.fixedHeaderSize + block + payload.count)
        bytes[0] = 0x80 | (extensions.isEmpty ? 0 : 0x10)
        bytes[1] = (marker ? 0x80 : 0) | (payloadType & 0x7F)
        bytes.append(contentsOf: repeatElement(0, count: block))
        bytes.withUnsafeMutableBytes { raw in
            raw.put16(sequenceNumber, at: 2)
            raw.put32(timestamp, at: 4)
            raw.put32(ssrc, at: 8)
            Self.serializeExtensionBlock(extensions, into: UnsafeMutableRawBufferPointer(rebasing: raw[12...]))
        }
        bytes.append(contentsOf: payload)
        self.bytes = bytes
        self.header = Self.reparse(bytes)
    }

    /// The payload type (0–127); setting keeps the marker bit.
    public var payloadType: UInt8 {
        get { header.payloadType }
        set { edit { RTPHeaderFields.setPayloadType(newValue, in: $0) } }
    }

    /// The sequence number.
    public var sequenceNumber: UInt16 {
        get { header.sequenceNumber }
        set { edit { RTPHeaderFields.setSequenceNumber(newValue, in: $0) } }
    }

    /// The media timestamp.
    public var timestamp: UInt32 {
        get { header.timestamp }
        set { edit { RTPHeaderFields.setTimestamp(newValue, in: $0) } }
    }

    /// The synchronization source.
    public var ssrc: UInt32 {
        get { header.ssrc }
        set { edit { RTPHeaderFields.setSSRC(newValue, in: $0) } }
    }

    /// The marker bit.
    public var marker: Bool {
        get { header.marker }
        set { edit { RTPHeaderFields.setMarker(newValue, in: $0) } }
    }

    /// The contributing sources.
    public var csrcs: [UInt32] {
        bytes.withUnsafeBytes { raw in
            (0..<Int(header.csrcCount)).compactMap { header.csrc($0, in: raw) }
        }
    }

    /// The payload, padding excluded.
    public var payload: ArraySlice<UInt8> {
        bytes[header.payloadOffset..<(header.payloadOffset + header.payloadLength)]
    }

    /// The RFC 8285 header extension elements, in order (empty when the
    /// extension block is absent or not RFC 8285's).
    public var headerExtensions: [RTPHeaderExtension] {
        bytes.withUnsafeBytes { raw in
            header.extensionElements(in: raw).map {
                RTPHeaderExtension(id: $0.id, value: Array(raw[$0.valueRange]))
            }
        }
    }

    /// The value of the first header extension element with `id`, nil when absent.
    public func headerExtension(id: UInt8) -> ArraySlice<UInt8>? {
        let range = bytes.withUnsafeBytes { header.extensionValueRange(id: id, in: $0) }
        return range.map { bytes[$0] }
    }

    /// The value of the element `id` read as `type`, nil when absent or malformed.
    public func headerExtension<Value: RTPHeaderExtensionValue>(id: UInt8, as type: Value.Type) -> Value? {
        guard let value = headerExtension(id: id) else { return nil }
        return try? Value(parsing: value)
    }

    /// The bytes' count: the quartet's `serializedSize`.
    public var serializedSize: Int { bytes.count }

    /// Copies the packet into `buffer` and returns the count written.
    ///
    /// - Precondition: `buffer.count >= serializedSize`.
    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        precondition(buffer.count >= bytes.count, "buffer too small for the RTP packet")
        return buffer.put(bytes, at: 0)
    }

    private mutating func edit(_ body: (UnsafeMutableRawBufferPointer) -> Void) {
        bytes.withUnsafeMutableBytes(body)
        header = Self.reparse(bytes)
    }

    /// Parses bytes that this type built or edited, which are valid by construction.
    static func reparse(_ bytes: [UInt8]) -> RTPHeaderFields {
        guard let header = try? withBytes(of: bytes, { (raw) throws(RTPParseError) in try RTPHeaderFields.parse(raw) })
        else {
            preconditionFailure("RTPPacket built bytes it cannot parse")
        }
        return header
    }
}
