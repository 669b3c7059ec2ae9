import Mediasoup

#if canImport(Glibc)
import Glibc
#endif

/// Port of mediasoup's `test-Worker.ts`.
///
/// Jest's per-test timeouts are the cases' time limits. Where the original
/// passes a value the Swift types cannot hold (`logLevel: 'chicken'`,
/// `appData: 'NOT-AN-OBJECT'`), the call is refused at compile time; the port
/// checks instead that the same value given as JSON is refused with
/// ``TypeError``, as a client speaking JSON would see.
enum WorkerCases {
    static let suite = "test-Worker"

    static let all: [AcceptanceCase] = [
        AcceptanceCase(suite, "Worker.workerBin matches mediasoup-worker absolute path") { context in
            // mediasoup compares with the path its package layout implies; each
            // target knows where its worker is (a path, or a URL for remote
            // targets), so the port checks that it names mediasoup-worker.
            let workerBin = context.mediasoup.workerBin
            try expect(!workerBin.isEmpty, "mediasoup.workerBin is empty")
            try expect(
                workerBin.contains("mediasoup-worker"), "mediasoup.workerBin '\(workerBin)' names mediasoup-worker")
        },

        AcceptanceCase(suite, "createWorker() succeeds", timeLimit: .seconds(2)) { context in
            let onObserverNewWorker = CallRecorder<ObjectIdentifier>()
            context.mediasoup.observer.once { event in
                if case .newWorker(let worker) = event { onObserverNewWorker.record(ObjectIdentifier(worker)) }
            }

            let worker1 = try await context.createWorker()

            try expectEqual(onObserverNewWorker.count, 1, "observer newworker calls")
            try expectEqual(onObserverNewWorker.values, [ObjectIdentifier(worker1)], "observer newworker argument")
            // `worker1.constructor.name === 'Worker'` and `typeof worker1.pid === 'number'`
            // hold by the Swift types (`any Worker`, `pid: Int`).
            try expectEqual(worker1.closed, false, "worker1.closed")
            try expectEqual(worker1.died, false, "worker1.died")

            worker1.close()

            await awaitSubprocessClose(worker1)

            try expectEqual(worker1.closed, true, "worker1.closed after close()")
            try expectEqual(worker1.died, false, "worker1.died after close()")

            let dtls = try await DtlsTestFiles.make(context)
            let worker2 = try await context.createWorker(
                WorkerSettings(
                    logLevel: .debug,
                    logTags: [.info],
                    rtcMinPort: 0,
                    rtcMaxPort: 9999,
                    dtlsCertificateFile: dtls.certificateFile,
                    dtlsPrivateKeyFile: dtls.privateKeyFile,
                    libwebrtcFieldTrials: "WebRTC-Bwe-AlrLimitedBackoff/Disabled/",
                    disableLiburing: true,
                    appData: ["foo": 456]))

            try expectEqual(worker2.closed, false, "worker2.closed")
            try expectEqual(worker2.died, false, "worker2.died")
            try expectEqual(worker2.appData, ["foo": 456], "worker2.appData")

            worker2.close()

            await awaitSubprocessClose(worker2)

            try expectEqual(worker2.closed, true, "worker2.closed after close()")
            try expectEqual(worker2.died, false, "worker2.died after close()")
        },

        AcceptanceCase(suite, "createWorker() with wrong settings rejects with TypeError", timeLimit: .seconds(2)) {
            context in
            // `logLevel: 'chicken'` is refused at compile time by `WorkerLogLevel`; as JSON:
            try await expectThrows(TypeError.self) { _ = try WorkerSettings(json: #"{"logLevel":"chicken"}"#) }

            try await expectThrows(TypeError.self) {
                _ = try await context.createWorker(WorkerSettings(rtcMinPort: 1000, rtcMaxPort: 999))
            }

            // Port is from 0 to 65535.
            try await expectThrows(TypeError.self) {
                _ = try await context.createWorker(WorkerSettings(rtcMinPort: 1000, rtcMaxPort: 65536))
            }

            try await expectThrows(TypeError.self) {
                _ = try await context.createWorker(WorkerSettings(dtlsCertificateFile: "/notfound/cert.pem"))
            }

            try await expectThrows(TypeError.self) {
                _ = try await context.createWorker(WorkerSettings(dtlsPrivateKeyFile: "/notfound/priv.pem"))
            }

            // `appData: 'NOT-AN-OBJECT'` is refused at compile time by `AppData`; as JSON:
            try await expectThrows(TypeError.self) { _ = try WorkerSettings(json: #"{"appData":"NOT-AN-OBJECT"}"#) }
        },

        AcceptanceCase(suite, "worker.updateSettings() succeeds", timeLimit: .seconds(2)) { context in
            let worker = try await context.createWorker()

            // Resolves with nothing (`toBeUndefined`): the Swift method returns Void.
            try await worker.updateSettings(WorkerUpdateableSettings(logLevel: .debug, logTags: [.ice]))

            worker.close()

            await awaitSubprocessClose(worker)
        },

        AcceptanceCase(
            suite, "worker.updateSettings() with wrong settings rejects with TypeError", timeLimit: .seconds(2)
        ) { context in
            let worker = try await context.createWorker()

            // `logLevel: 'chicken'` is refused at compile time by `WorkerLogLevel`; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try WorkerUpdateableSettings(json: #"{"logLevel":"chicken"}"#)
            }

            worker.close()

            await awaitSubprocessClose(worker)
        },

        AcceptanceCase(
            suite, "worker.updateSettings() rejects with InvalidStateError if closed", timeLimit: .seconds(2)
        ) { context in
            let worker = try await context.createWorker()

            worker.close()

            await awaitSubprocessClose(worker)

            try await expectThrows(InvalidStateError.self) {
                try await worker.updateSettings(WorkerUpdateableSettings(logLevel: .error))
            }
        },

        AcceptanceCase(suite, "worker.dump() succeeds", timeLimit: .seconds(2)) { context in
            let worker = try await context.createWorker()

            let dump = try await worker.dump()
            try expectEqual(dump.pid, worker.pid, "dump.pid")
            try expectEqual(dump.webRtcServerIds, [], "dump.webRtcServerIds")
            try expectEqual(dump.routerIds, [], "dump.routerIds")
            try expectEqual(
                dump.channelMessageHandlers,
                WorkerDump.ChannelMessageHandlers(channelRequestHandlers: [], channelNotificationHandlers: []),
                "dump.channelMessageHandlers")

            worker.close()
        },

        AcceptanceCase(suite, "worker.dump() rejects with InvalidStateError if closed", timeLimit: .seconds(2)) {
            context in
            let worker = try await context.createWorker()

            worker.close()

            await awaitSubprocessClose(worker)

            try await expectThrows(InvalidStateError.self) { _ = try await worker.dump() }
        },

        AcceptanceCase(suite, "worker.getResourceUsage() succeeds", timeLimit: .seconds(2)) { context in
            let worker = try await context.createWorker()

            // `toMatchObject({})`: it resolves with a resource usage object.
            _ = try await worker.getResourceUsage()

            worker.close()

            await awaitSubprocessClose(worker)
        },

        AcceptanceCase(suite, "worker.close() succeeds", timeLimit: .seconds(2)) { context in
            let worker = try await context.createWorker(WorkerSettings(logLevel: .warn))
            let onObserverClose = CallRecorder<Void>()

            worker.observer.once { event in
                if case .close = event { onObserverClose.record() }
            }
            worker.close()

            await awaitSubprocessClose(worker)

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(worker.closed, true, "worker.closed")
            try expectEqual(worker.died, false, "worker.died")
        },

        AcceptanceCase(suite, "Worker emits \"died\" if worker process died unexpectedly", timeLimit: .seconds(5)) {
            context in
            try context.requireSignallablePids()
            for (name, signal) in [("SIGINT", SIGINT), ("SIGTERM", SIGTERM), ("SIGKILL", SIGKILL)] {
                try await expectDiedOnSignal(context, name: name, signal: signal)
            }
        },

        AcceptanceCase(
            suite, "worker process ignores PIPE, HUP, ALRM, USR1 and USR2 signals", timeLimit: .seconds(3)
        ) { context in
            try context.requireSignallablePids()
            let worker = try await context.createWorker(WorkerSettings(logLevel: .warn))
            let onDied = CallRecorder<Void>()
            worker.events.on { event in
                if case .died = event { onDied.record() }
            }
            let pid = pid_t(worker.pid)

            for signal in [SIGPIPE, SIGHUP, SIGALRM, SIGUSR1, SIGUSR2] {
                try expectEqual(kill(pid, signal), 0, "kill(\(pid), \(signal))")
            }

            try await Task.sleep(for: .seconds(2))

            try expectEqual(onDied.count, 0, "died events")
            try expectEqual(worker.closed, false, "worker.closed")

            worker.close()

            await awaitSubprocessClose(worker)
        },
    ]

    /// One third of the "died" case: a new worker is killed with `signal`; it
    /// must emit `died` once, with `closed` already true and before observer
    /// `close`, which follows once.
    private static func expectDiedOnSignal(_ context: AcceptanceContext, name: String, signal: Int32) async throws {
        let worker = try await context.createWorker(WorkerSettings(logLevel: .warn))
        let onDied = CallRecorder<Void>()
        let onObserverClose = CallRecorder<Void>()
        // What the `died` listener saw: observer `close` calls so far, and `worker.closed`.
        let seenAtDied = CallRecorder<(observerCloseCalls: Int, closed: Bool)>()

        worker.observer.once { event in
            if case .close = event { onObserverClose.record() }
        }
        worker.events.on { event in
            guard case .died = event else { return }
            onDied.record()
            seenAtDied.record((onObserverClose.count, worker.closed))
        }
        let died = worker.events.stream()

        try expectEqual(kill(pid_t(worker.pid), signal), 0, "kill(\(worker.pid), \(name))")

        for await event in died where isDied(event) { break }
        let seen = try expectNotNil(seenAtDied.values.first, "\(name): died event")
        try expect(
            seen.observerCloseCalls == 0, "\(name): observer \"close\" event emitted before worker \"died\" event")
        try expect(seen.closed, "\(name): worker.closed is false")

        if !worker.subprocessClosed {
            await awaitSubprocessClose(worker)
        }

        try expectEqual(onDied.count, 1, "\(name): died calls")
        try expectEqual(onObserverClose.count, 1, "\(name): observer close calls")
        try expectEqual(worker.closed, true, "\(name): worker.closed")
        try expectEqual(worker.died, true, "\(name): worker.died")
    }
}
