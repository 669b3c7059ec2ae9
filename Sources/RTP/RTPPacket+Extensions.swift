// Rewriting the RFC 8285 header extension block of an `RTPPacket`: the block is
// rebuilt (one-byte form when every element fits it, RFC 8285 §4.2; two-byte
// form otherwise, §4.3), padded with zeros to a 32-bit boundary, and the
// payload and padding that follow are kept byte for byte.

extension RTPPacket {
    /// Sets the value of the header extension element `id`, replacing an
    /// existing one in place or appending a new one.
    ///
    /// The block keeps the one-byte form while every element fits it (ids
    /// 1–14, values of 1–16 bytes) and switches to the two-byte form otherwise.
    ///
    /// - Throws: ``RTPParseError/invalidExtensionElement(id:length:)`` for id 0
    ///   or a value over 255 bytes; ``RTPParseError/badExtension`` when the
    ///   packet carries a header extension that is not RFC 8285's.
    public mutating func setHeaderExtension(id: UInt8, value: [UInt8]) throws(RTPParseError) {
        let element = RTPHeaderExtension(id: id, value: value)
        try Self.validate([element])
        if case .other = header.extensionProfile { throw .badExtension }
        var elements = headerExtensions
        if let index = elements.firstIndex(where: { $0.id == id }) {
            elements[index] = element
            var seen = false
            elements.removeAll { candidate in
                guard candidate.id == id else { return false }
                defer { seen = true }
                return seen  // drop later duplicates of the same id
            }
        } else {
            elements.append(element)
        }
        guard Self.extensionBlockSize(elements) <= Self.maxExtensionBlockSize else { throw .badExtension }
        replaceExtensionBlock(with: elements)
    }

    /// Sets the element `id` to the serialization of `value`.
    public mutating func setHeaderExtension(id: UInt8, _ value: some RTPHeaderExtensionValue) throws(RTPParseError) {
        try setHeaderExtension(id: id, value: value.bytes)
    }

    /// Removes every header extension element whose id is not in `ids`; a
    /// block that is not RFC 8285's is removed whole, and so is a block left
    /// empty (the X bit is then cleared).
    public mutating func removeHeaderExtensions(except ids: Set<UInt8>) {
        guard header.extension else { return }
        if case .other = header.extensionProfile {
            replaceExtensionBlock(with: [])
            return
        }
        let elements = headerExtensions
        let kept = elements.filter { ids.contains($0.id) }
        guard kept.count != elements.count || kept.isEmpty else { return }
        replaceExtensionBlock(with: kept)
    }

    private mutating func replaceExtensionBlock(with elements: [RTPHeaderExtension]) {
        let headerEnd = RTPHeaderFields.fixedHeaderSize + Int(header.csrcCount) * 4
        let blockSize = Self.extensionBlockSize(elements)
        var rebuilt = [UInt8]()
        rebuilt.reserveCapacity(headerEnd + blockSize + bytes.count - header.payloadOffset)
        rebuilt.append(contentsOf: bytes[0..<headerEnd])
        rebuilt[0] = elements.isEmpty ? rebuilt[0] & ~0x10 : rebuilt[0] | 0x10
        rebuilt.append(contentsOf: repeatElement(0, count: blockSize))
        _ = rebuilt.withUnsafeMutableBytes { raw in
            Self.serializeExtensionBlock(elements, into: UnsafeMutableRawBufferPointer(rebasing: raw[headerEnd...]))
        }
        rebuilt.append(contentsOf: bytes[header.payloadOffset...])
        bytes = rebuilt
        header = Self.reparse(bytes)
    }

    /// The largest block the 16-bit length field can describe.
    static let maxExtensionBlockSize = 4 + Int(UInt16.max) * 4

    static func validate(_ elements: [RTPHeaderExtension]) throws(RTPParseError) {
        for element in elements where element.id == 0 || element.value.count > 255 {
            throw .invalidExtensionElement(id: element.id, length: element.value.count)
        }
        guard extensionBlockSize(elements) <= maxExtensionBlockSize else { throw .badExtension }
    }

    /// Whether every element fits the one-byte form.
    static func fitsOneByteForm(_ elements: [RTPHeaderExtension]) -> Bool {
        elements.allSatisfy { (1...14).contains($0.id) && (1...16).contains($0.value.count) }
    }

    /// The size of the whole block, its 4-byte header included; 0 for no elements.
    static func extensionBlockSize(_ elements: [RTPHeaderExtension]) -> Int {
        guard !elements.isEmpty else { return 0 }
        let elementHeader = fitsOneByteForm(elements) ? 1 : 2
        let data = elements.reduce(0) { $0 + elementHeader + $1.value.count }
        return 4 + roundUp4(data)
    }

    /// Writes the block (header, elements, zero padding) at the start of
    /// `buffer`, which holds at least `extensionBlockSize(elements)` bytes, and
    /// returns the count written.
    @discardableResult
    static func serializeExtensionBlock(_ elements: [RTPHeaderExtension], into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let size = extensionBlockSize(elements)
        guard size > 0 else { return 0 }
        let oneByte = fitsOneByteForm(elements)
        buffer.put16(oneByte ? RTPExtensionProfile.oneByte.rawValue : 0x1000, at: 0)
        buffer.put16(UInt16((size - 4) / 4), at: 2)
        var offset = 4
        for element in elements {
            if oneByte {
                buffer.put8(element.id << 4 | UInt8(element.value.count - 1), at: offset)
                offset += 1
            } else {
                buffer.put8(element.id, at: offset)
                buffer.put8(UInt8(element.value.count), at: offset + 1)
                offset += 2
            }
            offset = buffer.put(element.value, at: offset)
        }
        buffer.zero(size - offset, at: offset)
        return size
    }
}
