#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The I/O edge of getStats: files, system constants and clocks. Everything
/// else in this module works on the text and numbers these return.
enum SystemFiles {
    /// The whole text of a file, or nil when it cannot be read. Works with
    /// `/proc` files, whose size reads as zero.
    static func text(at path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Milliseconds per clock tick of `/proc` times (`1000 / sysconf(_SC_CLK_TCK)`).
    static var millisecondsPerTick: Double {
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return 1000 / Double(ticks > 0 ? ticks : 100)
    }

    static var pageSize: Int {
        let size = sysconf(Int32(_SC_PAGESIZE))
        return size > 0 ? size : 4096
    }

    static var onlineProcessorCount: Int {
        max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// Nanoseconds of the monotonic clock (Node's `process.hrtime.bigint()`).
    static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Milliseconds since the epoch.
    static func epochMilliseconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
    }

    /// `getrusage(RUSAGE_SELF)`.
    static func selfResourceUsage() -> rusage {
        var usage = rusage()
        getrusage(rusageSelf, &usage)
        return usage
    }
}

#if canImport(Glibc)
private let rusageSelf = Int32(RUSAGE_SELF.rawValue)
#else
private let rusageSelf = RUSAGE_SELF
#endif
