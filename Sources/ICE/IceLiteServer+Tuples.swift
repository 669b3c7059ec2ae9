// The tuples of an ICE-lite agent: which ones checks validated, which one is
// selected, and how nominations, consent expiry and removals move the state
// (mediasoup's IceServer::HandleTuple, AddTuple, RemoveTuple and consent timer).

extension IceLiteServer {
    /// Whether a check validated `tuple` (datagrams from it are the peer's).
    public func isValidTuple(_ tuple: IceTuple) -> Bool {
        tuples.contains(tuple)
    }

    /// Selects `tuple` when it is valid and ICE is connected or completed: a
    /// peer that moved its media (DTLS, RTP) to another validated path without
    /// nominating it, as mediasoup's `MayForceSelectedTuple`.
    public mutating func forceSelectedTuple(_ tuple: IceTuple) {
        guard state == .connected || state == .completed, isValidTuple(tuple) else { return }
        select(tuple)
    }

    /// Forgets `tuple` (its TCP connection closed). When it was the selected
    /// one, the most recent other tuple takes its place, with a fresh consent
    /// timeout; without another, ICE is `disconnected`.
    public mutating func removeTuple(_ tuple: IceTuple, now: UInt64) {
        guard let index = tuples.firstIndex(of: tuple) else { return }
        tuples.remove(at: index)
        emit(.tupleRemoved(tuple))
        guard tuple == selectedTuple else { return }
        selectedTuple = nil
        if state == .connected || state == .completed, let next = tuples.first {
            select(next)
            if consentTimeout > 0 { consentDeadline = now + UInt64(consentTimeout) * 1000 }
        } else {
            state = .disconnected
            remoteNomination = 0
            consentDeadline = nil
            emit(.stateChanged(.disconnected))
        }
    }

    /// A check on `tuple` succeeded: stores the tuple, and moves the state
    /// and the selection as the nomination says. Without USE-CANDIDATE or
    /// NOMINATION the check only connects (from `new` or `disconnected`); a
    /// nomination completes, unless a NOMINATION is not above the last one.
    mutating func handleValidCheck(on tuple: IceTuple, useCandidate: Bool, nomination: UInt32?) {
        addTuple(tuple)
        guard useCandidate || nomination != nil else {
            if state == .new || state == .disconnected {
                state = .connected
                select(tuple)
                emit(.stateChanged(.connected))
            }
            return
        }
        if let nomination {
            guard nomination > remoteNomination else { return }
            remoteNomination = nomination
        }
        select(tuple)
        if state != .completed {
            state = .completed
            emit(.stateChanged(.completed))
        }
    }

    /// Consent lapsed: every tuple is forgotten and ICE is `disconnected`.
    mutating func disconnect() {
        state = .disconnected
        remoteNomination = 0
        consentDeadline = nil
        let removed = tuples
        tuples.removeAll(keepingCapacity: true)
        for tuple in removed { emit(.tupleRemoved(tuple)) }
        selectedTuple = nil
        emit(.stateChanged(.disconnected))
    }

    /// Stores `tuple` first when new; beyond ``maximumTuples`` the oldest one
    /// that is neither it nor the selected one goes.
    private mutating func addTuple(_ tuple: IceTuple) {
        guard !tuples.contains(tuple) else { return }
        tuples.insert(tuple, at: 0)
        emit(.tupleAdded(tuple))
        guard tuples.count > Self.maximumTuples,
            let oldest = tuples.lastIndex(where: { $0 != tuple && $0 != selectedTuple })
        else {
            return
        }
        emit(.tupleRemoved(tuples.remove(at: oldest)))
    }

    private mutating func select(_ tuple: IceTuple) {
        guard tuple != selectedTuple else { return }
        selectedTuple = tuple
        emit(.selectedTupleChanged(tuple))
    }
}
