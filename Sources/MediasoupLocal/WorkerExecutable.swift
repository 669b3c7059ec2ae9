#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Mediasoup

/// Where the local engine finds the `mediasoup-worker` executable.
///
/// The places, in order:
/// 1. the path given to ``LocalMediasoup/init(workerBin:)``;
/// 2. the environment variable `MEDIASOUP_WORKER_BIN`, as mediasoup reads it;
/// 3. `mediasoup-worker` beside the running executable (an installed prefix's
///    `bin/`, or the build folder of the package whose product is running:
///    SwiftPM builds the worker there because `MediasoupLocal` depends on it);
/// 4. this package's own build folders, `.build/debug` then `.build/release`
///    (for programs started from elsewhere, such as a test host).
///
/// A path given by the first two is taken as it is: when nothing executable is
/// there, the search stops with an error naming it rather than starting some
/// other worker.
public enum WorkerExecutable {
    /// The executable's file name.
    public static let name = "mediasoup-worker"
    /// The environment variable mediasoup reads the worker's path from.
    public static let environmentVariable = "MEDIASOUP_WORKER_BIN"

    /// One place the search looks, and why it looks there.
    public struct Candidate: Sendable, Equatable, CustomStringConvertible {
        /// Why the search looks at a candidate; the raw value is the wording used in error messages.
        public enum Origin: String, Sendable {
            /// The path given to ``LocalMediasoup/init(workerBin:)``.
            case setting = "the workerBin setting"
            /// The `MEDIASOUP_WORKER_BIN` environment variable.
            case environment = "MEDIASOUP_WORKER_BIN"
            /// `mediasoup-worker` in the folder of the running executable.
            case besideExecutable = "beside the running executable"
            /// This package's `.build/debug` or `.build/release` folder.
            case buildFolder = "the package's build folder"
        }

        /// Path of the `mediasoup-worker` file to try.
        public let path: String
        /// Where the path came from.
        public let origin: Origin

        public var description: String { "\(path) (\(origin.rawValue))" }
    }

    /// The places to look, in order, for a search from `runningExecutable`.
    public static func candidates(
        setting: String?, environment: [String: String], runningExecutable: String?,
        packageRoot: String = packageRoot
    ) -> [Candidate] {
        if let setting, !setting.isEmpty { return [Candidate(path: setting, origin: .setting)] }
        if let path = environment[environmentVariable], !path.isEmpty {
            return [Candidate(path: path, origin: .environment)]
        }
        var candidates: [Candidate] = []
        if let runningExecutable {
            let folder = URL(fileURLWithPath: runningExecutable).deletingLastPathComponent()
            candidates.append(Candidate(path: folder.appendingPathComponent(name).path, origin: .besideExecutable))
        }
        for configuration in ["debug", "release"] {
            let path = "\(packageRoot)/.build/\(configuration)/\(name)"
            if !candidates.contains(where: { resolved($0.path) == resolved(path) }) {
                candidates.append(Candidate(path: path, origin: .buildFolder))
            }
        }
        return candidates
    }

    /// The first candidate that is an executable file.
    ///
    /// - Throws: ``MediasoupError`` naming every path tried and the command that builds the worker.
    public static func locate(in candidates: [Candidate]) throws -> String {
        if let found = candidates.first(where: { access($0.path, X_OK) == 0 && !isDirectory($0.path) }) {
            return found.path
        }
        let tried = candidates.map { "  \($0)" }.joined(separator: "\n")
        throw MediasoupError(
            """
            \(name) not found; tried:
            \(tried)
            Build it with `swift build --product \(name)` in \(packageRoot), \
            install it with `scripts/install --prefix DIR`, or set \(environmentVariable) to its path.
            """)
    }

    /// The root of this package's checkout, from where this file was compiled.
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // WorkerExecutable.swift, MediasoupLocal, Sources
        return url.path
    }()

    /// The running program's path, from `/proc/self/exe` (symbolic links resolved) or `argv[0]`.
    public static var runningExecutable: String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? ProcessInfo.processInfo.arguments.first
    }

    private static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
