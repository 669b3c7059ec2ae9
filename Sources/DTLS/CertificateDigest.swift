import COpenSSL
import Mediasoup

/// Certificate fingerprints (RFC 8122): a hash of the DER certificate as
/// colon-separated upper-case hex.
enum CertificateDigest {
    /// The fingerprint of `certificate` (an `X509 *`) with `algorithm`, or nil if OpenSSL fails.
    static func fingerprint(of certificate: OpaquePointer, algorithm: FingerprintAlgorithm) -> String? {
        var bytes = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(certificate, messageDigest(algorithm), &bytes, &length) == 1,
            length > 0, Int(length) <= bytes.count
        else {
            return nil
        }
        return colonHex(bytes.prefix(Int(length)))
    }

    /// `bytes` as colon-separated upper-case hex (`AB:CD:…`).
    static func colonHex(_ bytes: some Collection<UInt8>) -> String {
        let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 3)
        for byte in bytes {
            if !text.isEmpty { text.append(UInt8(ascii: ":")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether two fingerprint values name the same hash: equal hex digits,
    /// ignoring case (colons and other separators must match too).
    static func sameValue(_ lhs: String, _ rhs: String) -> Bool {
        lhs.uppercased() == rhs.uppercased()
    }

    /// OpenSSL's `EVP_MD` for `algorithm`.
    static func messageDigest(_ algorithm: FingerprintAlgorithm) -> OpaquePointer? {
        switch algorithm {
        case .sha1: EVP_sha1()
        case .sha224: EVP_sha224()
        case .sha256: EVP_sha256()
        case .sha384: EVP_sha384()
        case .sha512: EVP_sha512()
        }
    }
}
