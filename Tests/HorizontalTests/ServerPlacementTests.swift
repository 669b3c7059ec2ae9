import Mediasoup
import MediasoupHorizontal
import Testing

/// Which server takes a cluster's next worker, from the servers' figures.
@Suite struct ServerPlacementTests {
    /// A server's figures: `cores` CPUs and worker processes using `cpu` percent of one core each.
    static func stats(cores: Int, cpu: [Double] = []) -> MediasoupStats {
        let times = MediasoupStats.OS.CPU.Times(user: 0, nice: 0, sys: 0, idle: 0, irq: 0)
        return MediasoupStats(
            os: .init(
                availableParallelism: cores,
                cpus: Array(repeating: .init(model: "test", speed: 0, times: times), count: cores),
                freemem: 0, totalmem: 0, loadavg: [0, 0, 0], uptime: 0),
            pidusages: Dictionary(uniqueKeysWithValues: cpu.enumerated().map { index, percent in
                (String(1000 + index), MediasoupStats.PidUsage(
                    cpu: percent, memory: 0, ppid: 1, pid: 1000 + index, ctime: 0, elapsed: 0, timestamp: 0))
            }),
            process: .init(cpuUsage: .init(user: 0, system: 0), hrtime: 0, memoryUsage: [:], uptime: 0))
    }

    /// Places `count` workers one after another; how many each server got.
    static func place(_ count: Int, cores: [Int]) -> [Int] {
        var workers = Array(repeating: 0, count: cores.count)
        for _ in 0..<count {
            let candidates = cores.indices.map {
                ServerPlacement.Candidate(workers: workers[$0], stats: stats(cores: cores[$0]))
            }
            guard let index = ServerPlacement.choose(candidates) else { break }
            workers[index] += 1
        }
        return workers
    }

    @Test func serversOfEqualSizeTakeWorkersInTurn() {
        #expect(Self.place(6, cores: [4, 4, 4]) == [2, 2, 2])
        #expect(Self.place(1, cores: [4, 4]) == [1, 0], "a tie goes to the server added first")
    }

    @Test func aServerWithTwiceTheCoresTakesTwiceTheWorkers() {
        #expect(Self.place(6, cores: [2, 4]) == [2, 4])
        #expect(Self.place(12, cores: [8, 2, 2]) == [8, 2, 2])
    }

    @Test func aBusyServerIsPassedOverUntilTheOthersAreAsBusy() {
        // Server 0's workers use three of its four cores (other rooms); server 1 is idle.
        var workers = [1, 0]
        var chosen: [Int] = []
        for _ in 0..<3 {
            let index = ServerPlacement.choose([
                .init(workers: workers[0], stats: Self.stats(cores: 4, cpu: [300])),
                .init(workers: workers[1], stats: Self.stats(cores: 4)),
            ])
            chosen.append(index ?? -1)
            if let index { workers[index] += 1 }
        }
        // Server 1 takes workers until one more would load it as much as
        // server 0 is (3 of 4 cores); then the tie goes to fewer workers.
        #expect(chosen == [1, 1, 0])
    }

    @Test func withoutEveryServersFiguresTheFewestWorkersDecide() {
        let index = ServerPlacement.choose([
            .init(workers: 2, stats: Self.stats(cores: 64)),
            .init(workers: 1, stats: nil),
        ])
        #expect(index == 1)
        #expect(ServerPlacement.choose([]) == nil)
    }
}
