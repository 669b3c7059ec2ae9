#if canImport(Glibc)
import Glibc
#endif
import DTLS
import Mediasoup
import MediasoupChannel

extension DtlsIdentity {
    /// Refuses settings whose certificate or key file cannot be read.
    static func checkFiles(_ settings: WorkerCommandLine.Settings) throws {
        for path in [settings.dtlsCertificateFile, settings.dtlsPrivateKeyFile].compactMap({ $0 }) {
            guard access(path, R_OK) == 0 else { throw TypeError("cannot read '\(path)'") }
        }
    }

    /// The worker's DTLS identity: the certificate files it was given, or a
    /// self-signed P-256 certificate generated at start.
    ///
    /// - Throws: `TypeError` for files that hold no usable certificate and
    ///   key; `MediasoupError` when OpenSSL cannot generate one.
    static func worker(_ settings: WorkerCommandLine.Settings) throws -> DtlsIdentity {
        if let certificateFile = settings.dtlsCertificateFile, let keyFile = settings.dtlsPrivateKeyFile {
            do {
                return try DtlsIdentity(certificateFile: certificateFile, privateKeyFile: keyFile)
            } catch {
                throw TypeError("\(error)")
            }
        }
        do {
            return try DtlsIdentity.generateSelfSigned()
        } catch {
            throw MediasoupError("cannot generate the DTLS certificate: \(error)")
        }
    }
}
