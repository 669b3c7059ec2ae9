import Foundation
import Mediasoup
import MediasoupLocal
import MediasoupVertical
import Synchronization

// `mafalda-bench forward --vertical [--workers W] --fan-out N --sink-base-port P`:
// the vertical rows of scripts/bench. The same set-up as the PlainTransport
// rows (ForwardingSetup), made through a MediasoupVertical over the local
// engine instead of the engine itself: a virtual worker and router, the
// comedia producer transport and N consumer transports. Placement spreads
// (watermark 0) over at most W real workers, so the consumers land on every
// real worker and the producer is piped to the others, once each. The
// `forward:` line names the real workers (`pids=a,b`) whose CPU the script
// adds up, and the real pipe count (`pipes=`).

/// The local engine as a manager that reports no CPU loads: with watermark 0
/// placement then spreads by transport count alone, so every run splits the
/// consumers over the real workers in the same way (the machine's own loads,
/// noise at set-up time, would make the split differ from run to run).
final class LoadlessManager: MediasoupManager {
    let events = EventEmitter<ManagerEvent>()
    private let engine: LocalMediasoup
    private let isDestroyed = Mutex(false)

    init(_ engine: LocalMediasoup) { self.engine = engine }

    var mediasoup: (any MediasoupAPI)? { destroyed ? nil : engine }
    var destroyed: Bool { isDestroyed.withLock { $0 } }
    func getStats() async throws -> MediasoupStats? { nil }
    func destroy() throws { isDestroyed.withLock { $0 = true } }
}

/// Runs the vertical forwarding set-up, then forwards until the end of input.
func runVerticalForwardBenchmark(_ options: ForwardOptions) async throws {
    let engine = LocalMediasoup()
    let realPids = Mutex<[Int]>([])
    _ = engine.observer.on { event in
        if case .newWorker(let worker) = event { realPids.withLock { $0.append(worker.pid) } }
    }
    let vertical = try MediasoupVertical(
        manager: LoadlessManager(engine),
        options: VerticalOptions(maxWorkers: options.verticalWorkers, watermarkWorker: 0, hostWorkerSet: nil))
    guard let mediasoup = vertical.mediasoup else { throw MediasoupError("the vertical engine has no mediasoup object") }
    let setup = try await ForwardingSetup(mediasoup, options)
    var consumers: [any Consumer] = []
    for index in 0..<max(options.fanOut, 1) {
        consumers.append(try await setup.consume(on: try await setup.consumerTransport(index, options), options))
    }
    let census = await vertical.census()
    let pids = realPids.withLock { $0 }.map(String.init).joined(separator: ",")
    try await forwardUntilEndOfInput(
        worker: setup.worker, port: setup.producerTransport.tuple.localPort, producer: setup.producer,
        consumers: consumers, options: options,
        extra: " pids=\(pids) real_workers=\(census?.workers ?? 0) pipes=\(census?.pipes ?? 0)")
}
