import Mediasoup

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

/// Which certificate files a remote client may name in a worker's settings.
enum CertificatePaths {
    /// Refuses `dtlsCertificateFile` and `dtlsPrivateKeyFile` outside
    /// `directory` (any of them when there is none), before anything reads
    /// the file system: the error is the same whether a path exists or not.
    ///
    /// - Throws: ``TypeError`` naming the setting.
    static func check(_ settings: WorkerSettings?, directory: String?) throws(TypeError) {
        let named = [
            ("dtlsCertificateFile", settings?.dtlsCertificateFile), ("dtlsPrivateKeyFile", settings?.dtlsPrivateKeyFile),
        ]
        for case (let field, let path?) in named {
            guard let directory else {
                throw TypeError("\(field) is not accepted over the remote protocol: this server has no certificate directory")
            }
            guard isInside(path, directory: directory) else {
                throw TypeError("\(field) must name a file in the server's certificate directory")
            }
        }
    }

    /// Whether `path`, with `..` and symbolic links resolved, lies under `directory`.
    static func isInside(_ path: String, directory: String) -> Bool {
        guard path.hasPrefix("/") else { return false }
        let file = URL(fileURLWithPath: path).standardized.resolvingSymlinksInPath().path
        let folder = URL(fileURLWithPath: directory).standardized.resolvingSymlinksInPath().path
        return file.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }
}
