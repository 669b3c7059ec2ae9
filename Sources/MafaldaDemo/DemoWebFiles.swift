import Foundation

/// The page's static files, read once from a directory into memory. Only the
/// names found there are served, so no request path can reach another file.
struct DemoWebFiles: Sendable {
    /// A file to serve: its bytes and MIME type.
    struct File: Sendable {
        let contentType: String
        let bytes: [UInt8]
    }

    private let files: [String: File]

    /// The page bundled with the MafaldaDemo module (`Resources/web`).
    static var bundledDirectory: URL? {
        Bundle.module.url(forResource: "web", withExtension: nil)
    }

    /// Reads the regular files directly in `directory` (not its subdirectories).
    ///
    /// - Throws: when the directory cannot be listed or a file cannot be read.
    init(directory: URL) throws {
        var files: [String: File] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let url = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            files["/" + name] = File(contentType: Self.contentType(of: name), bytes: Array(try Data(contentsOf: url)))
        }
        self.files = files
    }

    /// The file for a request path (`/` is `/index.html`; a query string is ignored).
    func file(at path: String) -> File? {
        let name = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        return files[name == "/" ? "/index.html" : name]
    }

    private static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        default: "application/octet-stream"
        }
    }
}
