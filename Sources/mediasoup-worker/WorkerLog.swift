#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to standard error (the library shows it in its logs).
enum WorkerLog {
    static func write(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
