import Mediasoup

/// Port of mediasoup's `test-mediasoup.ts`.
enum MediasoupCases {
    static let suite = "test-mediasoup"

    static let all: [AcceptanceCase] = [
        AcceptanceCase(suite, "mediasoup.version matches version field in package.json") { context in
            try expectEqual(context.mediasoup.version, "3.14.16", "mediasoup.version")
        },

        AcceptanceCase(suite, "setLoggerEventListeners() works") { context in
            let debugLines = LogLineCounter()
            context.mediasoup.setLogEventListeners(
                LogEventListeners(onDebug: { _, _, _ in debugLines.increment() }))
            defer { context.mediasoup.setLogEventListeners(nil) }
            let worker = try await context.mediasoup.createWorker()
            worker.close()
            try expect(debugLines.value > 0, "ondebug was never called")
            await awaitSubprocessClose(worker)
        },

        AcceptanceCase(suite, "mediasoup.getSupportedRtpCapabilities() returns the mediasoup RTP capabilities") {
            context in
            var rtpCapabilities = context.mediasoup.getSupportedRtpCapabilities()
            try expect(!(rtpCapabilities.codecs ?? []).isEmpty, "supported capabilities have codecs")
            // Mangle the result: a second call must return an unmangled copy.
            rtpCapabilities.codecs = []
            let rtpCapabilities2 = context.mediasoup.getSupportedRtpCapabilities()
            try expect(rtpCapabilities2 != rtpCapabilities, "getSupportedRtpCapabilities() returned a shared object")
        },

        AcceptanceCase(suite, "parseScalabilityMode() works") { context in
            let table: [(String?, Int, Int, Bool)] = [
                ("L1T3", 1, 3, false),
                ("L3T2_KEY", 3, 2, true),
                ("S2T3", 2, 3, false),
                ("foo", 1, 1, false),
                (nil, 1, 1, false),
                ("S0T3", 1, 1, false),
                ("S1T0", 1, 1, false),
                ("L20T3", 20, 3, false),
                ("S200T3", 1, 1, false),
                ("L4T7_KEY_SHIFT", 4, 7, true),
            ]
            for (mode, spatial, temporal, ksvc) in table {
                try expectEqual(
                    context.mediasoup.parseScalabilityMode(mode),
                    ScalabilityMode(spatialLayers: spatial, temporalLayers: temporal, ksvc: ksvc),
                    "parseScalabilityMode(\(mode ?? "undefined"))")
            }
        },
    ]
}

import Synchronization

/// Counts log lines delivered to a listener from any thread.
private final class LogLineCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
