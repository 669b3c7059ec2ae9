import COpenSSL

// The two digests of STUN: HMAC-SHA1 for MESSAGE-INTEGRITY (RFC 8489 §14.5,
// with OpenSSL) and the CRC-32 of FINGERPRINT (§14.7: ITU-T V.42, the
// reflected polynomial 0xEDB88320, as zlib and Ethernet compute it).

enum StunCrypto {
    /// HMAC-SHA1 of `message` keyed with `key`, written to `digest` (20 bytes).
    ///
    /// - Returns: false when OpenSSL failed (the digest is then unusable).
    static func hmacSHA1(
        key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, into digest: UnsafeMutableRawBufferPointer
    ) -> Bool {
        precondition(digest.count >= Stun.integritySize, "HMAC-SHA1 digest buffer under 20 bytes")
        guard let output = digest.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        var length: UInt32 = 0
        // OpenSSL wants a key pointer even for an empty key; a message pointer even when empty.
        var none: UInt8 = 0
        return withUnsafeMutablePointer(to: &none) { placeholder in
            let keyPointer = UnsafeRawPointer(key.baseAddress) ?? UnsafeRawPointer(placeholder)
            let messagePointer =
                message.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(placeholder)
            let result = HMAC(
                EVP_sha1(), keyPointer, Int32(clamping: key.count), messagePointer, message.count, output, &length)
            return result != nil && length == UInt32(Stun.integritySize)
        }
    }

    /// Whether two 20-byte digests are equal, in constant time.
    static func digestsEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count, let left = a.baseAddress, let right = b.baseAddress else { return false }
        return CRYPTO_memcmp(left, right, a.count) == 0
    }

    /// The CRC-32 lookup table of the reflected polynomial 0xEDB88320.
    static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1
        }
        return value
    }

    /// The CRC-32 of `bytes`.
    static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        crcTable.withUnsafeBufferPointer { table in
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            }
            return ~crc
        }
    }
}
