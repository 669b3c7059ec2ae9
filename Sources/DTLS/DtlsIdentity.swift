import COpenSSL
import COpenSSLShims
import Mediasoup

/// A DTLS identity: a certificate and its private key, the certificate's
/// fingerprints for every ``FingerprintAlgorithm``, and the OpenSSL context
/// every ``DtlsEndpoint`` made with it shares.
///
/// The context speaks DTLS 1.2 only, with mediasoup's ciphers
/// (``cipherList``) and options, and requires the peer's certificate while
/// accepting any issuer: a WebRTC certificate is self-signed, and trust comes
/// from comparing it with the fingerprint signalled out of band.
///
/// Immutable once made: endpoints on several threads may share one identity.
public final class DtlsIdentity: @unchecked Sendable {
    // @unchecked: the OpenSSL objects are only read after init (digests and
    // PEM text are computed in init; `SSL_new` on a configured SSL_CTX is
    // thread-safe, and `PEM_write_bio_PrivateKey` only reads the key).

    /// mediasoup's DTLS cipher list (ECDHE suites stay; no NULL, anonymous,
    /// fixed-ECDH, PSK, SHA-256/384 MAC or AES-256-GCM suites).
    public static let cipherList = "DEFAULT:!NULL:!aNULL:!SHA256:!SHA384:!aECDH:!AESGCM+AES256:!aPSK"

    /// The certificate's fingerprints, one per ``FingerprintAlgorithm`` in
    /// its declaration order (sha-1 … sha-512), as `dtlsParameters.fingerprints`.
    public let fingerprints: [DtlsFingerprint]
    /// The certificate in PEM (`-----BEGIN CERTIFICATE-----` …).
    public let certificatePEM: String

    /// The `X509 *`.
    let certificate: OpaquePointer
    /// The `EVP_PKEY *`.
    let privateKey: OpaquePointer
    /// The `SSL_CTX *` the endpoints are made from.
    let context: OpaquePointer

    /// A new P-256 key and a self-signed certificate for it (SHA-256
    /// signature, a random serial, valid from a day ago for `validDays` days),
    /// as the worker makes without certificate files.
    public static func generateSelfSigned(
        commonName: String = "mediasoup", validDays: Int = 365
    ) throws(DtlsError) -> DtlsIdentity {
        guard let key = cshims_generate_ec_p256_key() else {
            throw .openSSL(operation: "P-256 key generation", reason: OpenSSLErrorQueue.drain())
        }
        let days = Int32(clamping: max(1, validDays))
        guard let certificate = cshims_make_self_signed_certificate(key, commonName, days) else {
            EVP_PKEY_free(key)
            throw .openSSL(operation: "self-signed certificate", reason: OpenSSLErrorQueue.drain())
        }
        return try DtlsIdentity(taking: certificate, privateKey: key)
    }

    /// The identity in two PEM files (mediasoup's `dtlsCertificateFile` and
    /// `dtlsPrivateKeyFile`).
    ///
    /// - Throws: ``DtlsError/unreadableFile(path:)``, ``DtlsError/invalidPEM(what:)``,
    ///   ``DtlsError/keyMismatch``, or ``DtlsError/openSSL(operation:reason:)``.
    public convenience init(certificateFile: String, privateKeyFile: String) throws(DtlsError) {
        let certificate = try Self.readFile(certificateFile) { PEM_read_bio_X509($0, nil, nil, nil) }
        let privateKey: OpaquePointer
        do throws(DtlsError) {
            privateKey = try Self.readFile(privateKeyFile) { PEM_read_bio_PrivateKey($0, nil, nil, nil) }
        } catch {
            X509_free(certificate)
            throw error
        }
        try self.init(taking: certificate, privateKey: privateKey)
    }

    /// The identity in PEM text: a certificate and an unencrypted private key.
    ///
    /// - Throws: ``DtlsError/invalidPEM(what:)``, ``DtlsError/keyMismatch``, or
    ///   ``DtlsError/openSSL(operation:reason:)``.
    public convenience init(certificatePEM: String, privateKeyPEM: String) throws(DtlsError) {
        guard let certificate = MemoryBIO.read(certificatePEM, { PEM_read_bio_X509($0, nil, nil, nil) }) else {
            OpenSSLErrorQueue.clear()
            throw .invalidPEM(what: "the certificate text")
        }
        guard let privateKey = MemoryBIO.read(privateKeyPEM, { PEM_read_bio_PrivateKey($0, nil, nil, nil) }) else {
            X509_free(certificate)
            OpenSSLErrorQueue.clear()
            throw .invalidPEM(what: "the private key text")
        }
        try self.init(taking: certificate, privateKey: privateKey)
    }

    /// Takes ownership of `certificate` and `privateKey` (freed here on failure).
    init(taking certificate: OpaquePointer, privateKey: OpaquePointer) throws(DtlsError) {
        let context: OpaquePointer
        let fingerprints: [DtlsFingerprint]
        let pem: String
        do throws(DtlsError) {
            fingerprints = try Self.fingerprints(of: certificate)
            guard let text = MemoryBIO.text({ PEM_write_bio_X509($0, certificate) }) else {
                throw DtlsError.openSSL(operation: "PEM_write_bio_X509", reason: OpenSSLErrorQueue.drain())
            }
            pem = text
            // Last: nothing after it can fail, so the context never needs freeing here.
            context = try Self.makeContext(certificate: certificate, privateKey: privateKey)
        } catch {
            X509_free(certificate)
            EVP_PKEY_free(privateKey)
            throw error
        }
        self.certificate = certificate
        self.privateKey = privateKey
        self.context = context
        self.fingerprints = fingerprints
        self.certificatePEM = pem
    }

    deinit {
        SSL_CTX_free(context)
        X509_free(certificate)
        EVP_PKEY_free(privateKey)
    }

    /// The certificate's fingerprint with `algorithm`.
    public func fingerprint(_ algorithm: FingerprintAlgorithm) -> DtlsFingerprint {
        // `fingerprints` holds one per case, in `allCases` order (checked in init).
        fingerprints.first { $0.algorithm == algorithm } ?? fingerprints[0]
    }

    /// The private key in unencrypted PKCS #8 PEM (`-----BEGIN PRIVATE KEY-----`),
    /// e.g. to write the identity to files for another process. Secret.
    public func privateKeyPEM() throws(DtlsError) -> String {
        guard let text = MemoryBIO.text({ PEM_write_bio_PrivateKey($0, privateKey, nil, nil, 0, nil, nil) }) else {
            throw .openSSL(operation: "PEM_write_bio_PrivateKey", reason: OpenSSLErrorQueue.drain())
        }
        return text
    }

    // MARK: Setup

    private static func readFile(
        _ path: String, _ read: (OpaquePointer) -> OpaquePointer?
    ) throws(DtlsError) -> OpaquePointer {
        guard let bio = BIO_new_file(path, "r") else {
            OpenSSLErrorQueue.clear()
            throw .unreadableFile(path: path)
        }
        defer { BIO_free(bio) }
        guard let object = read(bio) else {
            OpenSSLErrorQueue.clear()
            throw .invalidPEM(what: "'\(path)'")
        }
        return object
    }

    private static func fingerprints(of certificate: OpaquePointer) throws(DtlsError) -> [DtlsFingerprint] {
        var fingerprints: [DtlsFingerprint] = []
        for algorithm in FingerprintAlgorithm.allCases {
            guard let value = CertificateDigest.fingerprint(of: certificate, algorithm: algorithm) else {
                throw .openSSL(operation: "X509_digest (\(algorithm.rawValue))", reason: OpenSSLErrorQueue.drain())
            }
            fingerprints.append(DtlsFingerprint(algorithm: algorithm, value: value))
        }
        return fingerprints
    }

    /// An `SSL_CTX` for DTLS 1.2 with the identity and mediasoup's settings.
    private static func makeContext(certificate: OpaquePointer, privateKey: OpaquePointer) throws(DtlsError)
        -> OpaquePointer
    {
        OpenSSLErrorQueue.clear()
        guard X509_check_private_key(certificate, privateKey) == 1 else {
            OpenSSLErrorQueue.clear()
            throw .keyMismatch
        }
        guard let context = SSL_CTX_new(DTLS_method()) else {
            throw .openSSL(operation: "SSL_CTX_new", reason: OpenSSLErrorQueue.drain())
        }
        func fail(_ error: DtlsError) -> DtlsError {
            SSL_CTX_free(context)
            return error
        }
        guard SSL_CTX_use_certificate(context, certificate) == 1 else {
            throw fail(.openSSL(operation: "SSL_CTX_use_certificate", reason: OpenSSLErrorQueue.drain()))
        }
        guard SSL_CTX_use_PrivateKey(context, privateKey) == 1 else {
            throw fail(.openSSL(operation: "SSL_CTX_use_PrivateKey", reason: OpenSSLErrorQueue.drain()))
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw fail(.openSSL(operation: "SSL_CTX_check_private_key", reason: OpenSSLErrorQueue.drain()))
        }
        guard cshims_ssl_ctx_set_dtls_1_2_only(context) == 1 else {
            throw fail(.openSSL(operation: "DTLS 1.2 protocol version", reason: OpenSSLErrorQueue.drain()))
        }
        cshims_ssl_ctx_set_dtls_options(context)
        SSL_CTX_set_verify_depth(context, 4)
        // Any certificate chain verifies: the fingerprint check after the handshake is the trust decision.
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT) { _, _ in 1 }
        guard SSL_CTX_set_cipher_list(context, cipherList) == 1 else {
            throw fail(.openSSL(operation: "SSL_CTX_set_cipher_list", reason: OpenSSLErrorQueue.drain()))
        }
        return context
    }
}
