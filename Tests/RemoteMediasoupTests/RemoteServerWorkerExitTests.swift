import Mediasoup
import RemoteMediasoupProtocol
import RemoteMediasoupServer
import Synchronization
import Testing

/// A worker whose events the test emits by hand, to order them as a real
/// worker can: its `subprocessClosed` flag already set when the server sees
/// its `close`, and its `subprocessclose` event still on the way.
final class ScriptedWorker: Worker {
    let pid = 4242
    let events = EventEmitter<WorkerEvent>()
    let observer = EventEmitter<WorkerObserverEvent>()
    private let flags = Mutex((closed: false, subprocessClosed: false, appData: AppData()))

    var closed: Bool { flags.withLock { $0.closed } }
    var died: Bool { false }
    var subprocessClosed: Bool {
        get { flags.withLock { $0.subprocessClosed } }
        set { flags.withLock { $0.subprocessClosed = newValue } }
    }
    var appData: AppData {
        get { flags.withLock { $0.appData } }
        set { flags.withLock { $0.appData = newValue } }
    }
    var webRtcServersForTesting: [any WebRtcServer] { [] }
    var routersForTesting: [any Router] { [] }

    func close() {
        flags.withLock { $0.closed = true }
        observer.emit(.close)
    }

    func dump() async throws -> WorkerDump { throw UnsupportedError("scripted worker") }
    func getResourceUsage() async throws -> WorkerResourceUsage { throw UnsupportedError("scripted worker") }
    func updateSettings(_ settings: WorkerUpdateableSettings) async throws {}
    func createWebRtcServer(_ options: WebRtcServerOptions) async throws -> any WebRtcServer {
        throw UnsupportedError("scripted worker")
    }
    func createRouter(_ options: RouterOptions) async throws -> any Router { throw UnsupportedError("scripted worker") }
}

/// A mediasoup whose `createWorker` hands out one scripted worker.
final class ScriptedMediasoup: MediasoupAPI {
    let version = mediasoupVersion
    let observer = EventEmitter<MediasoupObserverEvent>()
    let workerBin = "/scripted"
    let worker = ScriptedWorker()

    func createWorker(_ settings: WorkerSettings) async throws -> any Worker {
        observer.emit(.newWorker(worker))
        return worker
    }

    func setLogEventListeners(_ listeners: LogEventListeners?) {}
}

@Suite struct RemoteServerWorkerExitTests {
    @Test func subprocessCloseIsForwardedWhenTheFlagIsSetBeforeTheCloseIsSeen() async throws {
        let mediasoup = ScriptedMediasoup()
        let server = RemoteMediasoupServer(mediasoup: mediasoup)
        defer { server.close() }
        let client = RemoteServerTestClient(server)
        let worker = try await client.create("Mediasoup.createWorker", [:])

        // The process has exited (flag set) but the event is not out yet when the server handles the close.
        mediasoup.worker.subprocessClosed = true
        mediasoup.worker.close()
        mediasoup.worker.events.emit(.subprocessClose)

        let names = client.events(of: worker.id).map(\.event)
        #expect(names == ["close", "subprocessclose"])
    }
}
