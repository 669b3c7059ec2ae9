// The fuzz entry of the STUN parsers and the ICE-lite agent. Any input must
// be rejected with an error or parsed; what parsed must serialize back to
// what parses the same; the agent must answer or drop it without trapping.
// A failed check here is a bug of ours, hence a trap.

/// Traps with `message` when `condition` is false: a fuzz finding.
@inline(__always)
func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String) {
    precondition(condition, "fuzz invariant broken: \(message())")
}

extension StunMessage {
    /// Runs `data` through `StunMessageFields`, `StunMessage` and its
    /// serialization, and an `IceLiteServer` whose credentials the input's
    /// USERNAME may name.
    package static func fuzz(_ data: UnsafeRawBufferPointer) {
        fuzzServer(data)
        guard let fields = try? StunMessageFields(parsing: data) else {
            fuzzCheck((try? StunMessage(parsing: data)) == nil, "StunMessage accepts what StunMessageFields rejects")
            return
        }
        fuzzCheck(fields.size == data.count, "fields size differs from the input")
        _ = fields.verifyMessageIntegrity(key: [0x6B, 0x65, 0x79], in: data)
        guard let message = try? StunMessage(parsing: data) else {
            fuzzCheck(false, "StunMessage rejects what StunMessageFields accepts")
            return
        }
        fuzzCheck(message.fingerprint == fields.hasFingerprint, "fingerprint presence differs")
        let bytes = message.bytes
        fuzzCheck(bytes.count == message.serializedSize, "size and write disagree")
        guard let again = try? StunMessage(parsing: bytes) else {
            fuzzCheck(false, "a serialized message does not parse")
            return
        }
        fuzzCheck(again == message, "a serialized message parses to another")
        let refields = bytes.withUnsafeBytes { try? StunMessageFields(parsing: $0) }
        fuzzCheck(refields?.type == fields.type && refields?.transactionID == fields.transactionID, "header differs")
        fuzzCheck(refields?.xorMappedAddress == fields.xorMappedAddress, "XOR-MAPPED-ADDRESS differs")
        fuzzCheck(refields?.errorCode == fields.errorCode, "ERROR-CODE differs")
    }

    /// Feeds `data` to an agent (new, then connected) and drains its outputs.
    static func fuzzServer(_ data: UnsafeRawBufferPointer) {
        let tuple = IceTuple(
            local: IceAddress(ipv4: 0x7F00_0001, port: 40000), remote: IceAddress(ipv4: 0x7F00_0001, port: 50000),
            transportProtocol: .udp)
        var server = IceLiteServer(usernameFragment: "ufrag", password: "password", consentTimeout: 10)
        for now: UInt64 in [0, 5000] {
            server.handleStun(data, from: tuple, now: now)
            while let output = server.pollOutput() {
                if case .send(let bytes, _) = output {
                    let response = bytes.withUnsafeBytes { try? StunMessageFields(parsing: $0) }
                    fuzzCheck(response != nil, "the agent sent a response that does not parse")
                }
            }
        }
        server.handleTimeout(now: 20000)
        fuzzCheck(server.state != .connected && server.state != .completed, "consent outlived its timeout")
    }
}
