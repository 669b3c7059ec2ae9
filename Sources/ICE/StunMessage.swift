// A STUN message as an owned value (the allocating convenience over
// `StunMessageFields` and `StunWriter`). The layout is drawn in
// StunMessageType.swift and StunMessageFields.swift.

import RTP

/// How a ``StunMessage`` carries MESSAGE-INTEGRITY.
public enum StunMessageIntegrity: Sendable, Hashable {
    /// Computed at serialization, keyed with these bytes (for ICE's
    /// short-term credentials, the password's UTF-8 bytes).
    case key([UInt8])
    /// These 20 bytes as received (parsing gives this form; check them with
    /// ``StunMessageFields/verifyMessageIntegrity(key:in:)``).
    case value([UInt8])
}

/// A STUN message that owns its attributes.
public struct StunMessage: Sendable, Hashable {
    /// The class and method.
    public var type: StunMessageType
    /// The transaction id (a response repeats the request's).
    public var transactionID: StunTransactionID
    /// The attributes before MESSAGE-INTEGRITY, in order.
    public var attributes: [StunAttribute]
    /// MESSAGE-INTEGRITY after the attributes, or none.
    public var messageIntegrity: StunMessageIntegrity?
    /// Whether FINGERPRINT ends the message.
    public var fingerprint: Bool

    /// A message of `type` with `attributes`, then MESSAGE-INTEGRITY and FINGERPRINT when asked.
    public init(
        type: StunMessageType, transactionID: StunTransactionID, attributes: [StunAttribute] = [],
        messageIntegrity: StunMessageIntegrity? = nil, fingerprint: Bool = true
    ) {
        self.type = type
        self.transactionID = transactionID
        self.attributes = attributes
        self.messageIntegrity = messageIntegrity
        self.fingerprint = fingerprint
    }

    /// Parses the STUN message that fills `bytes`: every attribute before
    /// MESSAGE-INTEGRITY (known ones decoded, others as ``StunAttribute/other(type:value:)``),
    /// MESSAGE-INTEGRITY's value, and whether FINGERPRINT (checked) ends it.
    ///
    /// - Throws: ``StunParseError``, as ``StunMessageFields/init(parsing:)``.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(StunParseError) {
        let fields = try StunMessageFields(parsing: bytes)
        self.type = fields.type
        self.transactionID = fields.transactionID
        self.fingerprint = fields.hasFingerprint
        let end = fields.messageIntegrityOffset ?? fields.fingerprintOffset ?? bytes.count
        self.messageIntegrity = fields.messageIntegrityOffset.map { offset in
            .value(Array(bytes[(offset + 4)..<(offset + 4 + Stun.integritySize)]))
        }
        var attributes: [StunAttribute] = []
        var offset = Stun.headerSize
        while offset < end {
            let type = bytes.u16(offset)
            let length = Int(bytes.u16(offset + 2))
            let value = UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<(offset + 4 + length)])
            attributes.append(Self.attribute(type: type, value: value, transactionID: fields.transactionID))
            offset += StunWriter.attributeSize(valueLength: length)
        }
        self.attributes = attributes
    }

    /// Parses the STUN message in `bytes`.
    public init(parsing bytes: [UInt8]) throws(StunParseError) {
        self = try withBytes(of: bytes) { (raw) throws(StunParseError) in try StunMessage(parsing: raw) }
    }

    /// The attribute `type` with `value`, which the fields parser validated.
    private static func attribute(
        type: UInt16, value: UnsafeRawBufferPointer, transactionID: StunTransactionID
    ) -> StunAttribute {
        switch type {
        case StunAttributeType.username:
            return .username(String(decoding: value, as: UTF8.self))
        case StunAttributeType.software where isValidUTF8(value):
            return .software(String(decoding: value, as: UTF8.self))
        case StunAttributeType.priority:
            return .priority(value.u32(0))
        case StunAttributeType.useCandidate:
            return .useCandidate
        case StunAttributeType.iceControlling:
            return .iceControlling(value.u64(0))
        case StunAttributeType.iceControlled:
            return .iceControlled(value.u64(0))
        case StunAttributeType.nomination:
            return .nomination(value.u32(0))
        case StunAttributeType.xorMappedAddress:
            if let address = IceAddress(xorMapped: value, transactionID: transactionID) {
                return .xorMappedAddress(address)
            }
        case StunAttributeType.errorCode:
            if let code = StunErrorCode.code(of: value) {
                return .errorCode(code, reason: String(decoding: value[4...], as: UTF8.self))
            }
        default:
            break
        }
        return .other(type: type, value: Array(value))
    }

    /// The first value that `match` extracts from an attribute, in order;
    /// for example `first { if case .priority(let p) = $0 { p } else { nil } }`.
    public func first<Value>(_ match: (StunAttribute) -> Value?) -> Value? {
        for attribute in attributes {
            if let value = match(attribute) { return value }
        }
        return nil
    }

    /// The size ``serialize(into:)`` writes.
    public var serializedSize: Int {
        var size = Stun.headerSize
        for attribute in attributes { size += StunWriter.attributeSize(valueLength: attribute.valueLength) }
        if messageIntegrity != nil { size += StunWriter.integritySize }
        if fingerprint { size += StunWriter.fingerprintSize }
        return size
    }

    /// Writes the message into `buffer` and answers the count written
    /// (``serializedSize``). Attributes are written as given: a text longer
    /// than its attribute allows, or an ``StunAttribute/other(type:value:)``
    /// with a type this module reads, makes a message that does not parse.
    ///
    /// - Precondition: `buffer.count >= serializedSize`, and no value longer than 65,535 bytes.
    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        precondition(buffer.count >= serializedSize, "buffer too small for the STUN message")
        var writer = StunWriter(into: buffer, type: type, transactionID: transactionID)
        for attribute in attributes {
            writer.append(attribute.type, length: attribute.valueLength) { value in
                attribute.writeValue(into: value, transactionID: transactionID)
            }
        }
        switch messageIntegrity {
        case .key(let key): key.withUnsafeBytes { writer.appendIntegrity(key: $0) }
        case .value(let value): writer.appendIntegrity(value: value)
        case nil: break
        }
        if fingerprint { writer.appendFingerprint() }
        return writer.finish()
    }

    /// The message's bytes.
    public var bytes: [UInt8] {
        makeBytes(size: serializedSize) { serialize(into: $0) }
    }
}
