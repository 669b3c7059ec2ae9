import Synchronization

/// The two connected PipeTransports between two routers, by router id.
struct PipeTransportPair: Sendable {
    let transports: [String: any PipeTransport]
}

/// The PipeTransport pairs of every pair of routers, created or being created.
///
/// One entry per unordered pair of router ids, so calls in both directions
/// (A → B and B → A) find the same entry: mediasoup keeps the same promise in
/// both routers, under the other router's id. Concurrent calls await the one
/// creation in flight. The entry goes when the creation fails or when either
/// transport closes (which closes the other).
///
/// One table for the process, not one per router as mediasoup's: a pair
/// belongs to two routers at once (perhaps of two engines), and one lock over
/// one table is what keeps calls in both directions, on any threads, from
/// creating two pairs; a table per router would need both routers' locks.
enum PipeTransportPairs {
    private struct Key: Hashable {
        let low: String
        let high: String
        init(_ a: String, _ b: String) {
            (low, high) = a < b ? (a, b) : (b, a)
        }
    }

    private struct Entry {
        let generation: UInt64
        let creation: Task<PipeTransportPair, any Error>
    }

    private static let entries = Mutex<(next: UInt64, byKey: [Key: Entry])>((0, [:]))

    /// The pair between `router` and `peer`: the existing one, the one being
    /// created, or a new one made with `options` in both routers.
    static func pair(
        between router: any Router, _ options: PipeTransportOptions, and peer: any Router,
        _ peerOptions: PipeTransportOptions
    ) async throws -> PipeTransportPair {
        let key = Key(router.id, peer.id)
        let entry = entries.withLock { entries -> Entry in
            if let entry = entries.byKey[key] { return entry }
            entries.next += 1
            let generation = entries.next
            let entry = Entry(
                generation: generation,
                creation: Task {
                    do {
                        return try await create(router, options, peer, peerOptions) {
                            remove(key, generation: generation)
                        }
                    } catch {
                        remove(key, generation: generation)
                        throw error
                    }
                })
            entries.byKey[key] = entry
            return entry
        }
        return try await entry.creation.value
    }

    private static func remove(_ key: Key, generation: UInt64) {
        entries.withLock { entries in
            if entries.byKey[key]?.generation == generation { entries.byKey[key] = nil }
        }
    }

    /// Creates both transports, connects each to the other, and links their
    /// closing. On a failure, closes what was created.
    private static func create(
        _ router: any Router, _ options: PipeTransportOptions, _ peer: any Router, _ peerOptions: PipeTransportOptions,
        onClose: @escaping @Sendable () -> Void
    ) async throws -> PipeTransportPair {
        async let localCreation = outcome { try await router.createPipeTransport(options) }
        async let remoteCreation = outcome { try await peer.createPipeTransport(peerOptions) }
        let (localResult, remoteResult) = await (localCreation, remoteCreation)
        let local: any PipeTransport
        let remote: any PipeTransport
        switch (localResult, remoteResult) {
        case (.success(let localTransport), .success(let remoteTransport)):
            (local, remote) = (localTransport, remoteTransport)
        case (.failure(let error), let other), (let other, .failure(let error)):
            if case .success(let created) = other { created.close() }
            throw error
        }

        let localTuple = local.tuple
        let remoteTuple = remote.tuple
        async let localConnection = outcome {
            try await local.connect(
                PipeTransportConnectParameters(
                    ip: remoteTuple.localAddress, port: remoteTuple.localPort,
                    srtpParameters: remote.srtpParameters))
        }
        async let remoteConnection = outcome {
            try await remote.connect(
                PipeTransportConnectParameters(
                    ip: localTuple.localAddress, port: localTuple.localPort,
                    srtpParameters: local.srtpParameters))
        }
        for result in await [localConnection, remoteConnection] {
            if case .failure(let error) = result {
                local.close()
                remote.close()
                throw error
            }
        }

        // Closing either closes the other and forgets the pair. Weak: each
        // transport is held by its router while open.
        linkClosing(
            local.observer, close: { [weak local] in local?.close() },
            with: remote.observer, close: { [weak remote] in remote?.close() }, unlinked: onClose)
        // Closed while being linked (its router closed meanwhile): no pair.
        if local.closed || remote.closed {
            local.close()
            remote.close()
            throw InvalidStateError("PipeTransport closed while creating the PipeTransport pair")
        }
        return PipeTransportPair(transports: [router.id: local, peer.id: remote])
    }

    /// The outcome of `operation`, thrown or not, so parallel work can be
    /// awaited whole and cleaned up.
    private static func outcome<T: Sendable>(
        _ operation: @Sendable () async throws -> T
    ) async -> Result<T, any Error> {
        do {
            return .success(try await operation())
        } catch {
            return .failure(error)
        }
    }
}
