import Foundation
import Mediasoup

/// The real workers, routers and pipes behind the virtual objects of one
/// ``MediasoupVertical``: who uses what, and what to close when nobody does.
///
/// Real workers are keyed by a serial number, real routers by their id. A
/// real router is used by the virtual routers that have transports on it or
/// began on it (their home); a real worker by its routers, its WebRtcServers
/// and the virtual workers that began on it. Unused routers and workers are
/// closed, so cores are released. Every creation that can run concurrently
/// (a worker for a settings set, a router for a worker and codecs, a pipe for
/// a producer and a router) is one task that later callers await.
actor RealPool {
    struct WorkerEntry {
        let worker: any Worker
        let settings: SettingsKey
        var homeLeases = 0
        var webRtcServers = 0
        var reservation: HostWorkerSet.Reservation?
    }

    struct RouterEntry {
        let router: any Router
        let workerKey: Int
        let codecs: SettingsKey
        /// Transports on this router, by virtual router id.
        var transports: [String: Int] = [:]
        /// Virtual routers that began on this router.
        var homes: Set<String> = []
        var isUnused: Bool { transports.isEmpty && homes.isEmpty }
    }

    /// A real router chosen for a virtual router's new object.
    struct Placed: Sendable {
        let router: any Router
        let workerKey: Int
    }

    private struct RouterSlot: Hashable {
        let workerKey: Int
        let codecs: SettingsKey
    }

    struct PipeKey: Hashable, Sendable {
        let entityId: String
        let isData: Bool
        let toRouterId: String
    }

    private struct PipeEntry {
        var leases: Int
        let creation: Task<PipeToRouterResult, any Error>
    }
    /// Pipes whose last lease ended, while their pipe producer closes: a new
    /// lease of the same key waits for it (the destination must no longer
    /// hold a producer with that id when the producer is piped again).
    private var closingPipes: [PipeKey: (serial: Int, task: Task<Void, Never>)] = [:]
    private var nextClosingSerial = 0

    let mediasoup: any MediasoupAPI
    let options: VerticalOptions
    private let stats: @Sendable () async throws -> MediasoupStats?

    private var workers: [Int: WorkerEntry] = [:]
    private var nextWorkerKey = 0
    private var startingWorkers: [SettingsKey: Int] = [:]
    private var routers: [String: RouterEntry] = [:]
    private var routerCreations: [RouterSlot: Task<any Router, any Error>] = [:]
    private var pipes: [PipeKey: PipeEntry] = [:]
    private var loadReading: (at: ContinuousClock.Instant, byPid: [Int: Double], cpus: Int)?
    private var closed = false

    init(mediasoup: any MediasoupAPI, options: VerticalOptions, stats: @escaping @Sendable () async throws -> MediasoupStats?) {
        self.mediasoup = mediasoup
        self.options = options
        self.stats = stats
    }

    // MARK: Workers

    /// The real worker a new virtual worker with `settings` begins on, leased
    /// until ``releaseHomeWorker(_:)``.
    ///
    /// - Throws: what starting a worker throws (`TypeError` for wrong
    ///   settings); ``MediasoupError`` when the host's cap is held by other
    ///   processes and this one has no worker with these settings.
    func leaseHomeWorker(settings: WorkerSettings) async throws -> (key: Int, worker: any Worker) {
        let key = SettingsKey(worker: settings)
        let loads = await currentLoads()
        let candidates = liveWorkers(key).map { Placement.WorkerCandidate(workerKey: $0, load: load(of: $0, loads)) }
        let decision = Placement.homeWorker(
            workers: candidates, canStartWorker: canStartWorker(key, cpus: loads.cpus),
            watermark: options.watermarkWorker)
        let workerKey: Int
        switch decision {
        case .existing(let existing)?: workerKey = existing
        case .start?, nil: workerKey = try await startWorker(settings, key: key, cpus: loads.cpus)
        }
        guard var entry = workers[workerKey] else { throw InvalidStateError("the real worker closed meanwhile") }
        entry.homeLeases += 1
        workers[workerKey] = entry
        return (workerKey, entry.worker)
    }

    func releaseHomeWorker(_ key: Int) {
        workers[key]?.homeLeases -= 1
        closeWorkerIfUnused(key)
    }

    func worker(_ key: Int) -> (any Worker)? { workers[key]?.worker }

    /// Counts a WebRtcServer on a real worker (it keeps the worker).
    func addWebRtcServer(on key: Int) { workers[key]?.webRtcServers += 1 }

    func removeWebRtcServer(on key: Int) {
        workers[key]?.webRtcServers -= 1
        closeWorkerIfUnused(key)
    }

    private func liveWorkers(_ settings: SettingsKey) -> [Int] {
        workers.filter { $0.value.settings == settings && !$0.value.worker.closed }.keys.sorted()
    }

    private func cap(cpus: Int) -> Int {
        min(options.maxWorkers ?? Int.max, max(cpus, 1))
    }

    private func canStartWorker(_ settings: SettingsKey, cpus: Int) -> Bool {
        liveWorkers(settings).count + startingWorkers[settings, default: 0] < cap(cpus: cpus)
    }

    private func startWorker(_ settings: WorkerSettings, key: SettingsKey, cpus: Int) async throws -> Int {
        let cap = cap(cpus: cpus)
        var reservation: HostWorkerSet.Reservation?
        if let hostSet = options.hostWorkerSet {
            reservation = try hostSet.reserve(hash: key.digest, cap: cap, token: UUID().uuidString)
            if reservation == nil {
                // Other processes hold the host's share: use our least loaded worker if we have one.
                let loads = await currentLoads()
                if let least = liveWorkers(key).min(by: { load(of: $0, loads) < load(of: $1, loads) }) { return least }
                throw MediasoupError(
                    "no real worker available: the host's cap of \(cap) workers with these settings is held by other processes")
            }
        }
        startingWorkers[key, default: 0] += 1
        defer { startingWorkers[key, default: 1] -= 1 }
        var settings = settings
        settings.appData = nil
        let worker: any Worker
        do {
            worker = try await mediasoup.createWorker(settings)
        } catch {
            if let reservation { try? options.hostWorkerSet?.release(reservation) }
            throw error
        }
        if let reservation { try? options.hostWorkerSet?.confirm(reservation, pid: worker.pid) }
        nextWorkerKey += 1
        let workerKey = nextWorkerKey
        workers[workerKey] = WorkerEntry(worker: worker, settings: key, reservation: reservation)
        worker.observer.on { [weak self] event in
            guard case .close = event, let self else { return }
            Task { await self.workerClosed(workerKey) }
        }
        if worker.closed { workerClosed(workerKey) }
        return workerKey
    }

    private func workerClosed(_ key: Int) {
        guard let entry = workers.removeValue(forKey: key) else { return }
        if entry.reservation != nil { try? options.hostWorkerSet?.remove(pid: entry.worker.pid) }
        for (id, router) in routers where router.workerKey == key { routers[id] = nil }
    }

    private func closeWorkerIfUnused(_ key: Int) {
        guard let entry = workers[key], entry.homeLeases <= 0, entry.webRtcServers <= 0,
            !routers.values.contains(where: { $0.workerKey == key }),
            !routerCreations.keys.contains(where: { $0.workerKey == key })
        else { return }
        entry.worker.close()
        workerClosed(key)
    }

    // MARK: Routers

    /// The real router with `codecs` on the real worker `workerKey`, made if
    /// missing, leased as the home of `virtualRouterId`.
    ///
    /// - Throws: what creating the router throws (`TypeError`, `UnsupportedError`).
    func leaseHomeRouter(workerKey: Int, options routerOptions: RouterOptions, virtualRouterId: String) async throws
        -> any Router
    {
        let router = try await router(on: workerKey, codecs: routerOptions.mediaCodecs)
        routers[router.id]?.homes.insert(virtualRouterId)
        return router
    }

    func releaseHomeRouter(_ routerId: String, virtualRouterId: String) {
        routers[routerId]?.homes.remove(virtualRouterId)
        closeRouterIfUnused(routerId)
    }

    /// Where a new transport of `virtualRouterId` goes (see ``Placement``);
    /// counted on that router until ``releaseTransport(routerId:virtualRouterId:)``.
    ///
    /// - Parameter workerKey: the real worker the transport must live on (its WebRtcServer's), if any.
    func placeTransport(
        virtualRouterId: String, settings: WorkerSettings, codecs: [RtpCodecCapability]?, workerKey: Int? = nil
    ) async throws -> Placed {
        let settingsKey = SettingsKey(worker: settings)
        let codecsKey = SettingsKey(routerCodecs: codecs)
        let loads = await currentLoads()
        let eligibleWorkers = workerKey.map { [$0] } ?? liveWorkers(settingsKey)
        let routerCandidates = routers.filter { id, entry in
            entry.codecs == codecsKey && eligibleWorkers.contains(entry.workerKey) && !entry.router.closed
        }.map { id, entry in
            Placement.RouterCandidate(
                routerId: id, workerKey: entry.workerKey, load: load(of: entry.workerKey, loads),
                registered: entry.transports[virtualRouterId] != nil || entry.homes.contains(virtualRouterId),
                transports: entry.transports.values.reduce(0, +))
        }.sorted { $0.routerId < $1.routerId }
        let workerCandidates = eligibleWorkers.filter { key in
            !routerCandidates.contains { $0.workerKey == key }
        }.map { Placement.WorkerCandidate(workerKey: $0, load: load(of: $0, loads)) }
        let decision = Placement.decide(
            routers: routerCandidates, workers: workerCandidates,
            canStartWorker: workerKey == nil && canStartWorker(settingsKey, cpus: loads.cpus),
            watermark: options.watermarkWorker)

        let router: any Router
        switch decision {
        case .router(let id)?:
            guard let entry = routers[id] else { throw InvalidStateError("the real router closed meanwhile") }
            router = entry.router
        case .newRouter(let key)?:
            router = try await self.router(on: key, codecs: codecs)
        case .newWorker?:
            let key = try await startWorker(settings, key: settingsKey, cpus: loads.cpus)
            router = try await self.router(on: key, codecs: codecs)
        case nil:
            throw InvalidStateError("no real worker to place the transport on")
        }
        guard var entry = routers[router.id] else { throw InvalidStateError("the real router closed meanwhile") }
        entry.transports[virtualRouterId, default: 0] += 1
        routers[router.id] = entry
        return Placed(router: router, workerKey: entry.workerKey)
    }

    /// A transport placed by ``placeTransport(virtualRouterId:settings:codecs:workerKey:)`` closed or was never made.
    func releaseTransport(routerId: String, virtualRouterId: String) {
        guard var entry = routers[routerId] else { return }
        let left = entry.transports[virtualRouterId, default: 1] - 1
        entry.transports[virtualRouterId] = left > 0 ? left : nil
        routers[routerId] = entry
        closeRouterIfUnused(routerId)
    }

    /// The real routers a virtual router uses.
    func routers(of virtualRouterId: String) -> [any Router] {
        routers.values.filter { $0.transports[virtualRouterId] != nil || $0.homes.contains(virtualRouterId) }
            .map(\.router)
    }

    /// How many real workers and routers are open (for tests and benchmarks).
    func census() -> (workers: Int, routers: Int, pipes: Int) {
        (workers.count, routers.count, pipes.count)
    }

    private func router(on workerKey: Int, codecs: [RtpCodecCapability]?) async throws -> any Router {
        let codecsKey = SettingsKey(routerCodecs: codecs)
        if let existing = routers.first(where: {
            $0.value.workerKey == workerKey && $0.value.codecs == codecsKey && !$0.value.router.closed
        }) {
            return existing.value.router
        }
        let slot = RouterSlot(workerKey: workerKey, codecs: codecsKey)
        let router: any Router
        if let creation = routerCreations[slot] {
            router = try await creation.value
        } else {
            guard let worker = workers[workerKey]?.worker else { throw InvalidStateError("the real worker closed") }
            let creation = Task { try await worker.createRouter(RouterOptions(mediaCodecs: codecs)) }
            routerCreations[slot] = creation
            do {
                router = try await creation.value
            } catch {
                routerCreations[slot] = nil
                closeWorkerIfUnused(workerKey)
                throw error
            }
            routerCreations[slot] = nil
        }
        register(router, workerKey: workerKey, codecs: codecsKey)
        return router
    }

    /// Enters a new real router in the books (once, whoever awaited its creation first).
    private func register(_ router: any Router, workerKey: Int, codecs: SettingsKey) {
        guard routers[router.id] == nil, !router.closed else { return }
        routers[router.id] = RouterEntry(router: router, workerKey: workerKey, codecs: codecs)
        let routerId = router.id
        router.observer.on { [weak self] event in
            guard case .close = event, let self else { return }
            Task { await self.routerClosed(routerId) }
        }
    }

    private func routerClosed(_ id: String) {
        guard let entry = routers.removeValue(forKey: id) else { return }
        for key in pipes.keys where key.toRouterId == id { pipes[key] = nil }
        closeWorkerIfUnused(entry.workerKey)
    }

    private func closeRouterIfUnused(_ id: String) {
        guard let entry = routers[id], entry.isUnused else { return }
        entry.router.close()
        routerClosed(id)
    }

    // MARK: Pipes

    /// Makes the (data) producer `entityId` of `source` available on
    /// `destination` (a real `pipeToRouter`, once per producer and router),
    /// leased until ``releasePipe(_:)``.
    ///
    /// - Throws: what `pipeToRouter` throws.
    func leasePipe(entityId: String, isData: Bool, from source: any Router, to destination: any Router) async throws
        -> PipeKey
    {
        let key = PipeKey(entityId: entityId, isData: isData, toRouterId: destination.id)
        if let closing = closingPipes[key] { await closing.task.value }
        if var entry = pipes[key] {
            entry.leases += 1
            pipes[key] = entry
            do {
                _ = try await entry.creation.value
            } catch {
                // The creator forgot the failed pipe; a newer one under the same key is not ours to release.
                if pipes[key]?.creation == entry.creation { releasePipe(key) }
                throw error
            }
            return key
        }
        var options =
            isData
            ? PipeToRouterOptions(dataProducerId: entityId, router: destination)
            : PipeToRouterOptions(producerId: entityId, router: destination)
        options.listenInfo = self.options.pipeListenInfo
        let creation = Task { try await source.pipeToRouter(options) }
        pipes[key] = PipeEntry(leases: 1, creation: creation)
        do {
            let result = try await creation.value
            // The pipe producer closes when its original does (or its router): forget the pipe then.
            let forget: @Sendable () -> Void = { [weak self] in Task { await self?.pipeClosed(key, creation) } }
            result.pipeProducer?.observer.on { if case .close = $0 { forget() } }
            result.pipeDataProducer?.observer.on { if case .close = $0 { forget() } }
        } catch {
            if pipes[key]?.creation == creation { pipes[key] = nil }
            throw error
        }
        return key
    }

    /// One lease of a pipe ended; the last one closes the pipe producer (and
    /// so its pipe consumer at the source).
    func releasePipe(_ key: PipeKey) {
        guard var entry = pipes[key] else { return }
        entry.leases -= 1
        guard entry.leases <= 0 else {
            pipes[key] = entry
            return
        }
        pipes[key] = nil
        let creation = entry.creation
        nextClosingSerial += 1
        let serial = nextClosingSerial
        closingPipes[key] = (
            serial,
            Task { [weak self] in
                if let result = try? await creation.value {
                    result.pipeProducer?.close()
                    result.pipeDataProducer?.close()
                }
                await self?.pipeClosingEnded(key, serial: serial)
            }
        )
    }

    private func pipeClosingEnded(_ key: PipeKey, serial: Int) {
        if closingPipes[key]?.serial == serial { closingPipes[key] = nil }
    }

    /// The pipe that `creation` made closed: forgotten, unless the key has a newer pipe by now.
    private func pipeClosed(_ key: PipeKey, _ creation: Task<PipeToRouterResult, any Error>) {
        if pipes[key]?.creation == creation { pipes[key] = nil }
    }

    // MARK: Loads

    private func load(of workerKey: Int, _ loads: (byPid: [Int: Double], cpus: Int)) -> Double {
        guard let pid = workers[workerKey]?.worker.pid else { return 0 }
        return loads.byPid[pid] ?? 0
    }

    /// CPU percent per worker pid and the host's CPU count, read at most once per `loadRefresh`.
    private func currentLoads() async -> (byPid: [Int: Double], cpus: Int) {
        let now = ContinuousClock.now
        if let reading = loadReading, now - reading.at < options.loadRefresh { return (reading.byPid, reading.cpus) }
        let figures = try? await stats()
        var byPid: [Int: Double] = [:]
        for (pid, usage) in figures?.pidusages ?? [:] {
            if let pid = Int(pid) { byPid[pid] = usage.cpu }
        }
        let cpus = figures?.os.availableParallelism ?? ProcessInfo.processInfo.activeProcessorCount
        loadReading = (now, byPid, cpus)
        return (byPid, cpus)
    }
}
