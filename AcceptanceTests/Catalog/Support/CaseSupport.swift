import Mediasoup
import Synchronization

#if canImport(Glibc)
import Glibc
#endif
import Foundation

// Helpers the ported cases share: Jest's `jest.fn()`, `enhancedOnce(worker,
// 'subprocessclose')`, and the DTLS certificate files of `test/data`.

/// Records each call it receives, from any thread (Jest's `jest.fn()`).
final class CallRecorder<Value: Sendable>: Sendable {
    private let calls = Mutex<[Value]>([])

    init() {}

    func record(_ value: Value) { calls.withLock { $0.append(value) } }
    /// `toHaveBeenCalledTimes`.
    var count: Int { calls.withLock { $0.count } }
    /// The values of every call, in order.
    var values: [Value] { calls.withLock { $0 } }
}

extension CallRecorder where Value == Void {
    func record() { record(()) }
}

/// Waits until the worker's process has exited (`subprocessclose`), or returns
/// at once when it already has. Ends early if the waiting task is cancelled.
func awaitSubprocessClose(_ worker: any Worker) async {
    // Listen before looking at the flag, so an exit in between is not missed.
    let events = worker.events.stream()
    if worker.subprocessClosed { return }
    for await event in events {
        if case .subprocessClose = event { return }
    }
}

/// ``awaitSubprocessClose(_:)``, giving up after `timeout`.
func awaitSubprocessClose(_ worker: any Worker, timeout: Duration) async {
    await withTaskGroup(of: Void.self) { group in
        group.addTask { await awaitSubprocessClose(worker) }
        group.addTask { try? await Task.sleep(for: timeout) }
        await group.next()
        group.cancelAll()
    }
}

/// True for the worker's `died` event.
@Sendable func isDied(_ event: WorkerEvent) -> Bool {
    if case .died = event { true } else { false }
}

/// True for the router's `workerclose` event.
@Sendable func isWorkerClose(_ event: RouterEvent) -> Bool {
    if case .workerClose = event { true } else { false }
}

/// A self-signed PEM certificate and its private key, made for one case with
/// the OpenSSL command-line tool in a temporary directory that is removed
/// after the case (mediasoup's `test/data/dtls-cert.pem` and `dtls-key.pem`).
struct DtlsTestFiles {
    let certificateFile: String
    let privateKeyFile: String

    /// - Throws: ``CasePending`` when no `openssl` tool is installed;
    ///   ``ExpectationFailure`` when it fails.
    static func make(_ context: AcceptanceContext) async throws -> DtlsTestFiles {
        if context.target.traits.contains(.foreignServer) {
            // The files are made on this host; a server this run did not start reads its own file
            // system, under whatever certificate policy its operator chose.
            throw CaseNotApplicable(reason: "DTLS certificate files made by the case on this host, for the server to read")
        }
        let candidates = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/opt/homebrew/bin/openssl"]
        guard let openssl = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            try context.pendingOnThisTarget("no openssl command-line tool to make the DTLS certificate files")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mafalda-dtls-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        context.addTeardown { try? FileManager.default.removeItem(at: directory) }
        let files = DtlsTestFiles(
            certificateFile: directory.appendingPathComponent("dtls-cert.pem").path,
            privateKeyFile: directory.appendingPathComponent("dtls-key.pem").path)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", files.privateKeyFile, "-out", files.certificateFile, "-days", "1",
            "-subj", "/CN=mediasoup-test",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try expectEqual(status, 0, "\(openssl) req -x509 exit status")
        return files
    }
}

/// True for a transport's `newproducer` observer event.
@Sendable func isNewProducer(_ event: TransportObserverEvent) -> Bool {
    if case .newProducer = event { true } else { false }
}

/// True for a transport's `newconsumer` observer event.
@Sendable func isNewConsumer(_ event: TransportObserverEvent) -> Bool {
    if case .newConsumer = event { true } else { false }
}

/// Starts `operation` at once, in call order, without awaiting it (JavaScript's
/// `void promise` or a promise pushed to an array): everything it does before
/// its first suspension, such as sending its request, happens before this returns.
@discardableResult
func startNow(_ operation: @escaping @Sendable () async throws -> Void) -> Task<Void, any Error> {
    if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
        Task.immediate { try await operation() }
    } else {
        Task { try await operation() }
    }
}

/// Runs `body`, which blocks (a socket read with a timeout), on a thread of
/// its own and returns its result. On a task, even a detached one, it would
/// hold one of the few threads of the cooperative pool: with the other suites
/// of `swift test` doing the same, the sender the read waits for could not
/// run, and the read would end on its quiet timeout with packets still to come.
func onItsOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}

/// Waits for the first event of `events` that `matches` accepts (`enhancedOnce`);
/// false when the stream ends first, or when `within` (if given) passes first,
/// so that the case's expectation, not its time limit, says what never came.
func firstEvent<Event: Sendable>(
    in events: AsyncStream<Event>, within: Duration? = nil, where matches: @escaping @Sendable (Event) -> Bool
) async -> Bool {
    guard let within else {
        for await event in events where matches(event) { return true }
        return false
    }
    return await withTaskGroup(of: Bool.self) { group in
        group.addTask {
            for await event in events where matches(event) { return true }
            return false
        }
        group.addTask {
            try? await Task.sleep(for: within)
            return false
        }
        defer { group.cancelAll() }
        return await group.next() ?? false
    }
}

extension RtpCapabilities {
    /// These capabilities without transport-cc (its feedback and its header
    /// extension): a video consumer made with them estimates its transport's
    /// bandwidth by REMB (abs-send-time and goog-remb), as mediasoup's ORTC
    /// keeps goog-remb only when transport-wide-cc is absent.
    public var withoutTransportCc: RtpCapabilities {
        without(feedback: ["transport-cc"], extension: .transportWideCc01)
    }

    /// These capabilities without transport-cc and REMB: a consumer made with
    /// them leaves its transport's bitrate alone (its layers follow its
    /// preferences and its producer's encodings, not an estimate).
    public var withoutBandwidthEstimation: RtpCapabilities {
        without(feedback: ["transport-cc", "goog-remb"], extension: .transportWideCc01)
    }

    private func without(feedback types: Set<String>, extension uri: RtpHeaderExtensionUri) -> RtpCapabilities {
        var capabilities = self
        capabilities.codecs = codecs?.map { codec in
            var codec = codec
            codec.rtcpFeedback = codec.rtcpFeedback?.filter { !types.contains($0.type) }
            return codec
        }
        capabilities.headerExtensions = headerExtensions?.filter { $0.uri != uri }
        return capabilities
    }
}
