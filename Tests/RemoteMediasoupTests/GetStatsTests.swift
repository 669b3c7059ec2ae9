import Mediasoup
import MediasoupLocal
import Testing

@testable import MediasoupGetStats

#if canImport(Glibc)
import Glibc
#endif

@Suite struct GetStatsParsingTests {
    static let procStat = """
        cpu  653535 2 256589 1061017 9573 0 21927 13190 0 0
        cpu0 302680 0 125277 559036 2033 7 11816 6687 0 0
        cpu1 350855 2 131311 501980 7540 3 10110 6502 0 0
        intr 1234 5 6
        ctxt 99
        """

    static let cpuInfo = """
        processor\t: 0
        model name\t: AMD EPYC 7B13
        cpu MHz\t\t: 2445.430

        processor\t: 1
        model name\t: AMD EPYC 7B13
        cpu MHz\t\t: 2999.999

        """

    @Test func cpuTimesAreMillisecondsPerCPUWithoutTheTotalLine() {
        let times = HostFigures.cpuTimes(procStat: Self.procStat, millisecondsPerTick: 10)
        #expect(times.count == 2)
        #expect(times[0] == .init(user: 3_026_800, nice: 0, sys: 1_252_770, idle: 5_590_360, irq: 70))
        #expect(times[1]?.nice == 20)
        #expect(times[1]?.irq == 30)
    }

    @Test func cpusJoinTimesWithModelAndWholeMegahertz() {
        let cpus = HostFigures.cpus(procStat: Self.procStat, cpuInfo: Self.cpuInfo, millisecondsPerTick: 10)
        #expect(cpus.map(\.model) == ["AMD EPYC 7B13", "AMD EPYC 7B13"])
        #expect(cpus.map(\.speed) == [2445, 2999])
        #expect(cpus[1].times.user == 3_508_550)
    }

    @Test func cpusWithoutModelInformationAreUnknownAtZeroMegahertz() {
        let cpus = HostFigures.cpus(procStat: Self.procStat, cpuInfo: "", millisecondsPerTick: 1)
        #expect(cpus.count == 2)
        #expect(cpus.allSatisfy { $0.model == "unknown" && $0.speed == 0 })
    }

    @Test func memoryPrefersMemAvailableAndFallsBackToMemFree() {
        let modern = """
            MemTotal:       16303428 kB
            MemFree:         1003428 kB
            MemAvailable:    8151714 kB
            Buffers:          123 kB
            """
        #expect(HostFigures.memory(memInfo: modern)?.total == 16_303_428 * 1024)
        #expect(HostFigures.memory(memInfo: modern)?.free == 8_151_714 * 1024)
        let old = "MemTotal:  2048 kB\nMemFree:   1024 kB\n"
        #expect(HostFigures.memory(memInfo: old)?.free == 1024 * 1024)
        #expect(HostFigures.memory(memInfo: "MemFree: 12 kB\n") == nil)
        #expect(HostFigures.memory(memInfo: "MemTotal: lots\nMemFree: 1 kB") == nil)
    }

    @Test func loadAverageAndUptime() {
        #expect(HostFigures.loadAverage("0.47 0.84 1.05 2/105 13095\n") == [0.47, 0.84, 1.05])
        #expect(HostFigures.loadAverage("0.47 zero\n") == nil)
        #expect(HostFigures.uptime("10098.24 10610.18\n") == 10098.24)
        #expect(HostFigures.uptime("") == nil)
    }

    @Test func allowedCPUsCountRangesAndSingles() {
        #expect(HostFigures.allowedCPUCount(processStatus: "Name:\tx\nCpus_allowed_list:\t0-1\n") == 2)
        #expect(HostFigures.allowedCPUCount(processStatus: "Cpus_allowed_list:\t0-3,8,10-11\n") == 7)
        #expect(HostFigures.allowedCPUCount(processStatus: "Cpus_allowed_list:\t3-1\n") == nil)
        #expect(HostFigures.allowedCPUCount(processStatus: "Name:\tx\n") == nil)
    }

    @Test func processStatCountsFieldsFromTheLastParenthesis() throws {
        let text =
            "4242 (odd) name (x)) S 17 4242 4242 0 -1 4194560 1500 0 0 0 250 125 0 0 20 0 3 0 98765 "
            + "123456789 2048 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
        let stat = try #require(ProcessStat(text))
        #expect(stat.ppid == 17)
        #expect(stat.userTicks == 250)
        #expect(stat.systemTicks == 125)
        #expect(stat.startTicks == 98765)
        #expect(stat.residentPages == 2048)
        #expect(ProcessStat("4242 (short) S 1 2 3") == nil)
        #expect(ProcessStat("no parenthesis at all") == nil)
    }

    @Test func pidUsageFirstSinceStartThenSinceThePreviousSample() throws {
        let sampler = PidUsageSampler(millisecondsPerTick: 10, pageSize: 4096)
        let text = "7 (w) S 1 7 7 0 -1 0 0 0 0 0 300 100 0 0 20 0 1 0 1000 0 50 0"
        let stat = try #require(ProcessStat(text))
        // Started at tick 1000 = 10 s after boot; now 30 s: 4 s of CPU in 20 s = 20 %.
        let first = sampler.usage(pid: 7, stat: stat, hostUptime: 30, timestamp: 1_700_000_000_000, previous: nil)
        #expect(first.usage.cpu == 20)
        #expect(first.usage.ctime == 4000)
        #expect(first.usage.elapsed == 20_000)
        #expect(first.usage.memory == 50 * 4096)
        #expect(first.usage.ppid == 1)
        #expect(first.usage.pid == 7)
        #expect(first.usage.timestamp == 1_700_000_000_000)
        // One more second of CPU over two seconds: 50 %.
        let later = try #require(ProcessStat("7 (w) S 1 7 7 0 -1 0 0 0 0 0 350 150 0 0 20 0 1 0 1000 0 60 0"))
        let second = sampler.usage(pid: 7, stat: later, hostUptime: 32, timestamp: 0, previous: first.sample)
        #expect(second.usage.cpu == 50)
        #expect(second.usage.memory == 60 * 4096)
        // No time elapsed: 0 rather than a division by zero.
        let third = sampler.usage(pid: 7, stat: later, hostUptime: 32, timestamp: 0, previous: second.sample)
        #expect(third.usage.cpu == 0)
    }

    @Test func cgroupCandidatesFollowTheProcessCgroups() {
        let hybrid = "4:memory:/app/one\n3:cpuset:/\n0::/\n"
        #expect(
            CgroupMemory.candidateFiles(procSelfCgroup: hybrid, root: "/cg") == [
                .init(limit: "/cg/memory/app/one/memory.limit_in_bytes", usage: "/cg/memory/app/one/memory.usage_in_bytes"),
                .init(limit: "/cg/memory.max", usage: "/cg/memory.current"),
                .init(limit: "/cg/memory/memory.limit_in_bytes", usage: "/cg/memory/memory.usage_in_bytes"),
            ])
        let unified = "0::/user.slice/app.scope\n"
        #expect(
            CgroupMemory.candidateFiles(procSelfCgroup: unified, root: "/cg").first
                == .init(limit: "/cg/user.slice/app.scope/memory.max", usage: "/cg/user.slice/app.scope/memory.current"))
    }

    @Test func cgroupLimitsWithoutAConstraintAreNil() {
        #expect(CgroupMemory.limit("max\n") == nil)
        #expect(CgroupMemory.limit("9223372036854771712\n") == nil)
        #expect(CgroupMemory.limit("536870912\n") == 536_870_912)
    }

    @Test func memoryConstraintIsTheLimitAndWhatIsLeftOfIt() {
        let files = [CgroupMemory.Files(limit: "/l", usage: "/u")]
        let constrained = ProcessFigures.memoryConstraint(candidates: files, freeMemory: 1 << 40) { path in
            path == "/l" ? "1000000\n" : "400000\n"
        }
        #expect(constrained.constrained == 1_000_000)
        #expect(constrained.available == 600_000)
        let unlimited = ProcessFigures.memoryConstraint(candidates: files, freeMemory: 5000) { _ in "max\n" }
        #expect(unlimited.constrained == nil)
        #expect(unlimited.available == 5000)
        let unreadable = ProcessFigures.memoryConstraint(candidates: files, freeMemory: 7) { _ in nil }
        #expect(unreadable.constrained == nil)
        #expect(unreadable.available == 7)
    }

    @Test func fullMemoryUsageAddsTheKernelFigures() {
        let status = "VmPeak:\t  300 kB\nVmSize:\t  200 kB\nVmHWM:\t  90 kB\nVmRSS:\t  80 kB\nVmData:\t 50 kB\n"
        #expect(ProcessFigures.memoryUsage(rss: 81920, processStatus: nil) == ["rss": 81920])
        #expect(
            ProcessFigures.memoryUsage(rss: 81920, processStatus: status) == [
                "rss": 81920, "virtualPeak": 300 * 1024, "virtual": 200 * 1024, "rssPeak": 90 * 1024,
                "data": 50 * 1024,
            ])
    }
}

@Suite(.serialized) struct GetStatsTests {
    @Test func hostAndProcessFiguresWithoutWorkers() async throws {
        let mediasoup = LocalMediasoup()
        let factory = MediasoupGetStatsFactory(mediasoup: mediasoup)
        defer { factory.close() }
        let stats = try await factory.getStats()
        #expect(stats.pidusages == nil)
        #expect(stats.os.availableParallelism >= 1)
        #expect(!stats.os.cpus.isEmpty)
        #expect(stats.os.cpus.allSatisfy { $0.times.user + $0.times.sys + $0.times.idle > 0 })
        #expect(stats.os.totalmem > 0)
        #expect(stats.os.freemem > 0 && stats.os.freemem <= stats.os.totalmem)
        #expect(stats.os.loadavg.count == 3)
        #expect(stats.os.uptime > 0)
        #expect((stats.process.memoryUsage["rss"] ?? 0) > 0)
        #expect(stats.process.memoryUsage.count == 1)
        #expect(stats.process.cpuUsage.user > 0)
        #expect(stats.process.uptime > 0 && stats.process.uptime < stats.os.uptime)
        #expect((stats.process.availableMemory ?? 0) > 0)
        let full = try await factory.getStats(fullMemoryUsage: true)
        #expect((full.process.memoryUsage["virtual"] ?? 0) > (full.process.memoryUsage["rss"] ?? 0))
        #expect(full.process.hrtime > stats.process.hrtime)
    }

    @Test func tracksWorkersCreatedAfterItUntilTheyClose() async throws {
        let mediasoup = LocalMediasoup()
        let before = try await mediasoup.createWorker()
        defer { before.close() }
        let factory = MediasoupGetStatsFactory(mediasoup: mediasoup)
        defer { factory.close() }
        #expect(try await factory.getStats().pidusages == nil)

        let worker = try await mediasoup.createWorker()
        let first = try await factory.getStats()
        let usage = try #require(first.pidusages?[String(worker.pid)])
        #expect(first.pidusages?.count == 1)
        #expect(usage.pid == worker.pid)
        #expect(usage.ppid == Int(getpid()))
        #expect(usage.memory > 0)
        #expect(usage.elapsed >= 0)
        #expect(usage.cpu >= 0 && usage.cpu <= 100 * Double(first.os.cpus.count))
        #expect(usage.timestamp > 1_600_000_000_000)

        _ = try await worker.createRouter()
        let second = try #require(try await factory.getStats().pidusages?[String(worker.pid)])
        #expect(second.ctime >= usage.ctime)
        #expect(second.cpu >= 0 && second.cpu <= 100 * Double(first.os.cpus.count))

        worker.close()
        #expect(try await factory.getStats().pidusages == nil)
    }

    @Test func closeStopsTracking() async throws {
        let mediasoup = LocalMediasoup()
        let factory = MediasoupGetStatsFactory(mediasoup: mediasoup)
        let tracked = try await mediasoup.createWorker()
        defer { tracked.close() }
        #expect(try await factory.getStats().pidusages?.keys.sorted() == [String(tracked.pid)])

        factory.close()
        #expect(try await factory.getStats().pidusages == nil)
        let later = try await mediasoup.createWorker()
        defer { later.close() }
        #expect(try await factory.getStats().pidusages == nil)
        #expect(mediasoup.observer.listenerCount == 0)
    }
}
