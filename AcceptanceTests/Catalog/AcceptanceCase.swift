import Mediasoup

/// One named case of the acceptance suite: a port of one mediasoup test.
///
/// A case depends only on the contract: it receives the mediasoup object of
/// the target under test through its ``AcceptanceContext`` and never knows
/// which implementation that is.
public struct AcceptanceCase: Sendable, Identifiable {
    /// The mediasoup test file it ports, e.g. `test-ortc`.
    public let suite: String
    /// The mediasoup test title.
    public let name: String
    /// Why the case cannot pass on any target yet (it still runs), or nil.
    public let pendingReason: String?
    /// Longest the case may take before it counts as failed.
    public let timeLimit: Duration
    /// What the case needs beyond the contract (see ``CaseRequirement``).
    public private(set) var requirements: Set<CaseRequirement> = []
    public let body: @Sendable (AcceptanceContext) async throws -> Void

    public var id: String { "\(suite) › \(name)" }

    public init(
        _ suite: String, _ name: String, pending pendingReason: String? = nil, timeLimit: Duration = .seconds(10),
        body: @escaping @Sendable (AcceptanceContext) async throws -> Void
    ) {
        self.suite = suite
        self.name = name
        self.pendingReason = pendingReason
        self.timeLimit = timeLimit
        self.body = body
    }

    /// The same case, needing `requirement` too.
    public func requiring(_ requirement: CaseRequirement) -> AcceptanceCase {
        var copy = self
        copy.requirements.insert(requirement)
        return copy
    }
}

/// What a case needs beyond the contract, which some targets cannot give.
public enum CaseRequirement: String, Sendable, Hashable {
    /// The case's own peers (sockets, aiortc, a browser, ffmpeg) reach the
    /// transports' 127.0.0.1 addresses: the server runs on this host.
    case loopbackMedia
}

extension Array where Element == AcceptanceCase {
    /// Every case, needing `requirement` too.
    public func requiring(_ requirement: CaseRequirement) -> [AcceptanceCase] {
        map { $0.requiring(requirement) }
    }
}

/// What a case gets to work with: the target's mediasoup object, and a place
/// to register clean-up (closing workers, as mediasoup's `afterEach` does).
public final class AcceptanceContext: Sendable {
    /// The implementation under test.
    public let target: ImplementationTarget
    /// The target's mediasoup object.
    public let mediasoup: any MediasoupAPI
    private let teardowns = TeardownList()

    init(target: ImplementationTarget, mediasoup: any MediasoupAPI) {
        self.target = target
        self.mediasoup = mediasoup
    }

    /// Runs `action` after the case, whatever its outcome; last registered runs first.
    public func addTeardown(_ action: @escaping @Sendable () async -> Void) {
        teardowns.append(action)
    }

    /// Creates a worker that is closed after the case, as mediasoup's
    /// `afterEach` does, waiting (a few seconds at most) for its process to exit.
    public func createWorker(_ settings: WorkerSettings = WorkerSettings()) async throws -> any Worker {
        let worker = try await mediasoup.createWorker(settings)
        addTeardown {
            worker.close()
            await awaitSubprocessClose(worker, timeout: .seconds(5))
        }
        return worker
    }

    /// Marks the rest of the case as pending on this target, with the reason.
    public func pendingOnThisTarget(_ reason: String) throws -> Never {
        throw CasePending(reason: reason)
    }

    /// Ends the case as pending (virtual pids) or not applicable (a server
    /// this run did not start) when worker pids cannot be signalled from here.
    public func requireSignallablePids() throws {
        if target.traits.contains(.virtualPids) { try pendingOnThisTarget("virtual pids cannot be signalled") }
        if target.traits.contains(.foreignServer) {
            throw CaseNotApplicable(reason: "the certified server's worker processes are not this run's to signal")
        }
    }

    /// The notification test hook of `object` (mediasoup's `channelForTesting`);
    /// ends the case as not applicable on a server this run did not start (the
    /// hook is no part of the protocol a server must speak), as pending on a
    /// target without one.
    public func notificationHook(of object: Any) throws -> any EngineNotificationInjecting {
        if target.traits.contains(.foreignServer) {
            throw CaseNotApplicable(reason: "the notification test hook (mediasoup's channelForTesting) is not part of the protocol")
        }
        guard let hook = object as? any EngineNotificationInjecting else {
            try pendingOnThisTarget("this target has no notification test hook")
        }
        return hook
    }

    func runTeardowns() async {
        for action in teardowns.drain().reversed() {
            await action()
        }
    }
}

/// Thrown by a case that cannot hold on the target under test by nature
/// (e.g. signalling a virtual pid); the runner reports it as pending.
public struct CasePending: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { "pending: \(reason)" }
}

/// Thrown by a case that needs what a certified server need not give (its
/// processes, a test hook); the runner reports it as not applicable.
public struct CaseNotApplicable: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { "not applicable: \(reason)" }
}

import Synchronization

private final class TeardownList: Sendable {
    private let actions = Mutex<[@Sendable () async -> Void]>([])
    func append(_ action: @escaping @Sendable () async -> Void) { actions.withLock { $0.append(action) } }
    func drain() -> [@Sendable () async -> Void] { actions.withLock { list in defer { list = [] }; return list } }
}
