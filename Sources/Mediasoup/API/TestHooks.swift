/// A notification an engine's worker sends about one of its objects, in
/// typed form, for ``EngineNotificationInjecting``.
///
/// Each case is one worker event that mediasoup's tests simulate: the object
/// handles it exactly as if its worker had sent it, updating its state and
/// emitting its event.
public enum EngineNotification: Sendable, Hashable {
    /// A producer's stream scores: the producer's `score` event.
    case producerScore([ProducerScore])
    /// A consumer's score: the consumer's `score` event.
    case consumerScore(ConsumerScore)
    /// A WebRtcTransport's ICE state: its `icestatechange` event.
    case iceStateChange(IceState)
    /// A WebRtcTransport's selected ICE tuple: its `iceselectedtuplechange` event.
    case iceSelectedTupleChange(TransportTuple)
    /// A WebRtcTransport's DTLS state, with the remote certificate (PEM)
    /// when the state is `connected`: its `dtlsstatechange` event.
    case dtlsStateChange(DtlsState, remoteCert: String? = nil)
    /// A WebRtcTransport's SCTP association state: its `sctpstatechange` event.
    case sctpStateChange(SctpState)
}

/// A test hook, like mediasoup's private `channelForTesting`: hands an object
/// a notification as if its worker had sent it, so tests can drive events
/// that otherwise need media flowing (scores, ICE and DTLS states).
///
/// The notification takes the path a real one takes, so the object's own
/// handling runs: a closed object ignores it, as it no longer hears from its
/// worker. Targets that cannot honour this (a remote engine whose worker is
/// out of reach) do not conform; cases check with
/// `object as? any EngineNotificationInjecting`.
public protocol EngineNotificationInjecting: Sendable {
    /// Delivers `notification` as if this object's worker had just sent it,
    /// and returns once the object has handled it (events emitted, state updated).
    ///
    /// - Throws: `TypeError` when the notification is not one this kind of
    ///   object receives (a consumer score given to a producer).
    func injectNotificationForTesting(_ notification: EngineNotification) async throws
}
