#if canImport(Glibc)
import Glibc
#endif
import COpenSSL
import COpenSSLShims
import Mediasoup
import MediasoupChannel

/// The worker's DTLS identity: the certificate files it was given, or a
/// self-signed P-256 certificate generated at start, and its fingerprints.
final class DtlsCertificate {
    let certificate: OpaquePointer
    let privateKey: OpaquePointer
    /// One fingerprint per algorithm, colon-separated upper-case hex (RFC 8122).
    let fingerprints: [DtlsFingerprint]

    /// Refuses settings whose certificate or key file cannot be read.
    static func checkFiles(_ settings: WorkerCommandLine.Settings) throws {
        for path in [settings.dtlsCertificateFile, settings.dtlsPrivateKeyFile].compactMap({ $0 }) {
            guard access(path, R_OK) == 0 else { throw TypeError("cannot read '\(path)'") }
        }
    }

    init(settings: WorkerCommandLine.Settings) throws {
        if let certificateFile = settings.dtlsCertificateFile, let keyFile = settings.dtlsPrivateKeyFile {
            certificate = try Self.readPEM(certificateFile) { PEM_read_bio_X509($0, nil, nil, nil) }
            privateKey = try Self.readPEM(keyFile) { PEM_read_bio_PrivateKey($0, nil, nil, nil) }
        } else {
            guard let key = cshims_generate_ec_p256_key() else {
                throw MediasoupError("cannot generate a DTLS private key")
            }
            guard let certificate = cshims_make_self_signed_certificate(key, "mediasoup", 365) else {
                EVP_PKEY_free(key)
                throw MediasoupError("cannot generate a DTLS certificate")
            }
            self.privateKey = key
            self.certificate = certificate
        }
        fingerprints = try [
            (FingerprintAlgorithm.sha1, EVP_sha1()), (.sha224, EVP_sha224()), (.sha256, EVP_sha256()),
            (.sha384, EVP_sha384()), (.sha512, EVP_sha512()),
        ].map { [certificate] algorithm, digest in
            var bytes = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
            var length: UInt32 = 0
            guard X509_digest(certificate, digest, &bytes, &length) == 1 else {
                throw MediasoupError("cannot compute the \(algorithm.rawValue) certificate fingerprint")
            }
            let hex = bytes.prefix(Int(length)).map { byte in
                let digits = Array("0123456789ABCDEF")
                return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
            }
            return DtlsFingerprint(algorithm: algorithm, value: hex.joined(separator: ":"))
        }
    }

    deinit {
        X509_free(certificate)
        EVP_PKEY_free(privateKey)
    }

    private static func readPEM(_ path: String, _ read: (OpaquePointer) -> OpaquePointer?) throws -> OpaquePointer {
        guard let bio = BIO_new_file(path, "r") else { throw TypeError("cannot open '\(path)'") }
        defer { BIO_free(bio) }
        guard let object = read(bio) else { throw TypeError("'\(path)' holds no PEM certificate or key") }
        return object
    }
}
