// `mafalda-bench vertical-placement`: Mafalda's placement against the
// one-router-per-worker-per-room full mesh, as a model (no processes): how
// many cores and pipe consumers each needs for the same rooms.
//
// The model: a worker is one core; its load is its consumers plus the pipe
// consumers it sends (mediasoup's rule of thumb: 500 consumers fill a core),
// as a percentage of that. Every peer of a room has one transport, produces
// `producersPerPeer` streams and consumes every other peer's. Ours places each
// transport with `Placement.decide` (the library's own function) on the loads
// the model computes, and pipes a producer once to each real router that has
// a consumer of it. The mesh (EduMeet, mediasoup-demo) gives each room a
// router on every worker, puts each peer on the least loaded worker, and
// pipes every producer to every other router of its room up front.

import MediasoupVertical

/// One placement strategy's bookkeeping over a model host.
private struct ModelHost {
    static let consumersPerCore = 500.0

    let cores: Int
    let watermark: Double
    /// Consumers and pipe consumers each worker carries.
    var load: [Int]
    /// Transports per (room, worker).
    var transports: [String: [Int: Int]] = [:]
    /// Where each producer lives: room → (producer index → worker).
    var producers: [String: [Int: Int]] = [:]
    /// Pipes: producer key → workers it is piped to.
    var pipes: [String: Set<Int>] = [:]
    var consumers = 0
    var nextProducer = 0

    init(cores: Int, watermark: Double) {
        self.cores = cores
        self.watermark = watermark
        load = Array(repeating: 0, count: cores)
    }

    var coresUsed: Int { load.indices.filter { index in load[index] > 0 || transports.values.contains { $0[index] != nil } }.count }
    var pipeConsumers: Int { pipes.values.reduce(0) { $0 + $1.count } }
    var busiestLoadPercent: Double { Double(load.max() ?? 0) / Self.consumersPerCore * 100 }

    func loadPercent(_ worker: Int) -> Double { Double(load[worker]) / Self.consumersPerCore * 100 }

    /// Ours: `Placement.decide` over every worker (one real router per worker, shared by every room).
    func placeOurs(room: String) -> Int {
        let used = Set(transports.values.flatMap(\.keys))
        let routers = used.sorted().map { worker in
            Placement.RouterCandidate(
                routerId: "\(worker)", workerKey: worker, load: loadPercent(worker),
                registered: transports[room]?[worker] != nil,
                transports: transports.values.reduce(0) { $0 + ($1[worker] ?? 0) })
        }
        let canStart = used.count < cores
        switch Placement.decide(routers: routers, workers: [], canStartWorker: canStart, watermark: watermark) {
        case .router(let id)?: return Int(id) ?? 0
        case .newRouter(let worker)?: return worker
        case .newWorker?: return (0..<cores).first { !used.contains($0) } ?? 0
        case nil: return 0
        }
    }

    /// The mesh: the least loaded worker.
    func placeMesh() -> Int {
        load.indices.min { (load[$0], $0) < (load[$1], $1) } ?? 0
    }

    /// A peer joins `room` on `worker` with `producerCount` producers, consuming every other peer's.
    mutating func join(room: String, on worker: Int, producerCount: Int, mesh: Bool) -> [Int] {
        transports[room, default: [:]][worker, default: 0] += 1
        let others = producers[room, default: [:]]
        // Its consumers of the others' producers, here.
        for (producer, source) in others {
            consume(room: room, producer: producer, from: source, at: worker, mesh: mesh)
        }
        var mine: [Int] = []
        for _ in 0..<producerCount {
            nextProducer += 1
            let producer = nextProducer
            mine.append(producer)
            producers[room, default: [:]][producer] = worker
            if mesh {
                // Piped to every other worker of the room up front.
                for other in 0..<cores where other != worker { pipe(room: room, producer: producer, from: worker, to: other) }
            }
            // The others consume it where they are.
            for (place, count) in transports[room, default: [:]] {
                let peersThere = place == worker ? count - 1 : count
                for _ in 0..<max(peersThere, 0) {
                    consume(room: room, producer: producer, from: worker, at: place, mesh: mesh)
                }
            }
        }
        return mine
    }

    private mutating func consume(room: String, producer: Int, from source: Int, at worker: Int, mesh: Bool) {
        consumers += 1
        load[worker] += 1
        if source != worker && !mesh { pipe(room: room, producer: producer, from: source, to: worker) }
    }

    private mutating func pipe(room: String, producer: Int, from source: Int, to destination: Int) {
        let key = "\(room)/\(producer)"
        if pipes[key, default: []].insert(destination).inserted { load[source] += 1 }
    }
}

/// A room of the simulation and its outcome for one strategy.
private struct RoomOutcome {
    let coresUsed: Int
    let consumers: Int
    let pipeConsumers: Int
    let busiestLoad: Double
}

private func simulateRooms(_ rooms: [(peers: Int, producersPerPeer: Int)], cores: Int, watermark: Double, mesh: Bool)
    -> RoomOutcome
{
    var host = ModelHost(cores: cores, watermark: watermark)
    for (index, room) in rooms.enumerated() {
        let name = "room\(index)"
        for _ in 0..<room.peers {
            let worker = mesh ? host.placeMesh() : host.placeOurs(room: name)
            _ = host.join(room: name, on: worker, producerCount: room.producersPerPeer, mesh: mesh)
        }
    }
    let used = mesh ? min(cores, host.coresUsed == 0 ? 0 : cores) : host.coresUsed
    return RoomOutcome(
        coresUsed: used, consumers: host.consumers, pipeConsumers: host.pipeConsumers, busiestLoad: host.busiestLoadPercent)
}

/// A small deterministic generator (SplitMix64) so runs compare.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

func runVerticalPlacementSimulation(_ arguments: [String]) {
    var cores = 16
    var watermark = 60.0
    var iterator = arguments.makeIterator()
    while let argument = iterator.next() {
        switch argument {
        case "--cores": cores = iterator.next().flatMap(Int.init) ?? cores
        case "--watermark": watermark = iterator.next().flatMap(Double.init) ?? watermark
        default: break
        }
    }
    print("vertical-placement: model host of \(cores) cores, 500 consumers per core, watermark \(Int(watermark)) %")
    print("  rooms                          | strategy | cores | consumers | pipe consumers | busiest core")
    var generator = SplitMix(state: 42)
    let mixed = (0..<12).map { _ in (peers: Int.random(in: 2...40, using: &generator), producersPerPeer: 2) }
    let scenarios: [(String, [(peers: Int, producersPerPeer: Int)])] = [
        ("1 room, 15 peers x 2 producers", [(15, 2)]),
        ("1 room, 40 peers x 2 producers", [(40, 2)]),
        ("8 rooms, 6 peers x 2 producers", Array(repeating: (6, 2), count: 8)),
        ("12 rooms, 2-40 peers (seeded)", mixed),
    ]
    for (name, rooms) in scenarios {
        for mesh in [false, true] {
            let outcome = simulateRooms(rooms, cores: cores, watermark: watermark, mesh: mesh)
            let label = name.padding(toLength: 30, withPad: " ", startingAt: 0)
            print(
                "  \(label) | \(mesh ? "mesh    " : "vertical") | \(String(format: "%5d", outcome.coresUsed)) | "
                    + "\(String(format: "%9d", outcome.consumers)) | \(String(format: "%14d", outcome.pipeConsumers)) | "
                    + String(format: "%10.0f %%", outcome.busiestLoad))
        }
    }
    let example = simulateRooms([(15, 2)], cores: cores, watermark: watermark, mesh: true)
    let ours = simulateRooms([(15, 2)], cores: cores, watermark: watermark, mesh: false)
    print(
        "vertical-placement-example: mesh pipe_consumers=\(example.pipeConsumers) consumers=\(example.consumers)"
            + " cores=\(example.coresUsed); vertical pipe_consumers=\(ours.pipeConsumers) cores=\(ours.coresUsed)")
}
