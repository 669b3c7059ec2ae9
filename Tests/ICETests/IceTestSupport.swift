@testable import ICE

/// The agent's credentials in these tests, and a peer's.
enum TestCredentials {
    static let usernameFragment = "localufrag"
    static let password = "localpassword0123456789"
    static let remoteUsernameFragment = "peer"
}

/// The agent's socket and a peer's tuple from `port` (IPv4) or an IPv6 one.
func tuple(port: UInt16, ipv6: Bool = false) -> IceTuple {
    let remote =
        ipv6 ? IceAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 0x0000_0000_0000_0042, port: port)
        : IceAddress(ipv4: 0xC0A8_0102, port: port)
    return IceTuple(local: IceAddress(ipv4: 0x7F00_0001, port: 40000), remote: remote, transportProtocol: .udp)
}

/// A Binding request as a controlling peer sends it (RFC 8445 §7.1.2):
/// USERNAME "<usernameFragment>:peer", PRIORITY, ICE-CONTROLLING (or
/// -CONTROLLED), USE-CANDIDATE and NOMINATION when asked, MESSAGE-INTEGRITY
/// keyed with `password`, FINGERPRINT.
func bindingRequest(
    usernameFragment: String = TestCredentials.usernameFragment, password: String? = TestCredentials.password,
    useCandidate: Bool = false, nomination: UInt32? = nil, controlled: Bool = false,
    priority: UInt32? = 0x6E00_01FF, fingerprint: Bool = true, method: StunMethod = .binding,
    messageClass: StunClass = .request, transactionID: StunTransactionID = StunTransactionID(high: 7, low: 11)
) -> [UInt8] {
    var attributes: [StunAttribute] = [.username("\(usernameFragment):\(TestCredentials.remoteUsernameFragment)")]
    if let priority { attributes.append(.priority(priority)) }
    attributes.append(controlled ? .iceControlled(0x1234) : .iceControlling(0x5678))
    if useCandidate { attributes.append(.useCandidate) }
    if let nomination { attributes.append(.nomination(nomination)) }
    return StunMessage(
        type: StunMessageType(messageClass, method), transactionID: transactionID, attributes: attributes,
        messageIntegrity: password.map { .key(Array($0.utf8)) }, fingerprint: fingerprint
    ).bytes
}

extension IceLiteServer {
    /// An agent with the test credentials.
    static func make(consentTimeout: Int = 30) -> IceLiteServer {
        IceLiteServer(
            usernameFragment: TestCredentials.usernameFragment, password: TestCredentials.password,
            consentTimeout: consentTimeout)
    }

    /// Hands `datagram` over from `tuple` at `now` and drains the outputs.
    mutating func receive(_ datagram: [UInt8], from tuple: IceTuple, now: UInt64 = 0) -> [IceLiteOutput] {
        datagram.withUnsafeBytes { _ = handleStun($0, from: tuple, now: now) }
        return drain()
    }

    /// Every output pending.
    mutating func drain() -> [IceLiteOutput] {
        var outputs: [IceLiteOutput] = []
        while let output = pollOutput() { outputs.append(output) }
        return outputs
    }
}

/// The outputs without the responses.
func events(_ outputs: [IceLiteOutput]) -> [IceLiteOutput] {
    outputs.filter { if case .send = $0 { false } else { true } }
}

/// The responses in `outputs`, parsed, with their bytes and destination.
func responses(_ outputs: [IceLiteOutput]) -> [(fields: StunMessageFields, bytes: [UInt8], to: IceTuple)] {
    outputs.compactMap { output in
        guard case .send(let bytes, let tuple) = output, let fields = try? parseFields(bytes) else { return nil }
        return (fields, bytes, tuple)
    }
}
