import COpenSSL

/// OpenSSL's thread-local error queue.
enum OpenSSLErrorQueue {
    /// The queued errors as text (`reason; reason`), emptying the queue; "" when none.
    static func drain() -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            guard code != 0 else { break }
            guard reasons.count < 4 else { continue }
            if let reason = ERR_reason_error_string(code) {
                reasons.append(String(cString: reason))
            } else {
                reasons.append("error \(code)")
            }
        }
        return reasons.joined(separator: "; ")
    }

    /// Empties the queue (before a call whose result is read with `SSL_get_error`).
    static func clear() {
        ERR_clear_error()
    }
}
