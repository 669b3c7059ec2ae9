// The fuzz entry of ROPE's message decoding (Fuzz/RTPFuzzer runs it under
// libFuzzer). Any frame must be refused with a RopeErrorObject or parsed; a
// parsed message must write a frame that parses back to the same message.

extension RopeMessage {
    /// Runs `data` through frame decoding, then the written frame through it again.
    package static func fuzz(_ data: UnsafeRawBufferPointer) {
        guard let message = try? RopeMessage(frame: data) else { return }
        guard let again = try? RopeMessage(frame: Array(message.frame.utf8)) else {
            preconditionFailure("fuzz invariant broken: a written frame does not parse: \(message.frame)")
        }
        precondition(again == message, "fuzz invariant broken: frame round trip changed \(message.frame)")
    }
}
