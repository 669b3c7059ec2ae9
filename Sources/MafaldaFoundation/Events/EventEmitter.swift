import Synchronization

/// A typed event emitter: the Swift form of mediasoup's `EnhancedEventEmitter`.
///
/// Every mediasoup object has two: its own events (`worker.events`) and its
/// `observer`. Listeners run synchronously, in registration order, on the
/// thread that emits; each event is delivered once to each listener. A
/// listener that throws does not stop the others: its error goes to the
/// listener-error handlers, as mediasoup's `listenererror` event does.
///
/// ```swift
/// let token = worker.events.on { event in
///     if case .died(let error) = event { print("worker died: \(error)") }
/// }
/// worker.events.off(token)
/// for await event in router.observer.stream() { … }
/// ```
public final class EventEmitter<Event: Sendable>: Sendable {
    /// A function called with each event; an error it throws goes to the listener-error handlers
    /// instead of stopping delivery to the other listeners.
    public typealias Listener = @Sendable (Event) throws -> Void
    /// A function called with the event and the error when a listener throws, as mediasoup's
    /// `listenererror(eventName, error)` event.
    public typealias ListenerErrorHandler = @Sendable (_ event: Event, _ error: any Error) -> Void

    /// Identifies a registered listener, to remove it with ``off(_:)``.
    public struct Token: Sendable, Hashable {
        fileprivate let id: UInt64
    }

    private struct Registration: Sendable {
        let id: UInt64
        let once: Bool
        let listener: Listener
    }

    private struct State: Sendable {
        var nextId: UInt64 = 0
        var registrations: [Registration] = []
        var errorHandlers: [ListenerErrorHandler] = []
    }

    private let state = Mutex(State())

    /// Creates an emitter with no listeners and no listener-error handlers.
    public init() {}

    /// Calls `listener` for every event until removed.
    @discardableResult
    public func on(_ listener: @escaping Listener) -> Token {
        register(listener, once: false)
    }

    /// Calls `listener` for the next event only.
    @discardableResult
    public func once(_ listener: @escaping Listener) -> Token {
        register(listener, once: true)
    }

    /// Calls `listener` for the next event that `matches` accepts, then removes it.
    @discardableResult
    public func once(where matches: @escaping @Sendable (Event) -> Bool, _ listener: @escaping Listener) -> Token {
        let id = state.withLock { state in
            state.nextId += 1
            return state.nextId
        }
        let token = Token(id: id)
        let wrapped: Listener = { [weak self] event in
            guard matches(event) else { return }
            self?.off(token)
            try listener(event)
        }
        state.withLock { $0.registrations.append(Registration(id: id, once: false, listener: wrapped)) }
        return token
    }

    /// Removes a listener. Removing one twice, or one already fired once, does nothing.
    public func off(_ token: Token) {
        state.withLock { $0.registrations.removeAll { $0.id == token.id } }
    }

    /// Removes every listener (listener-error handlers stay).
    public func removeAllListeners() {
        state.withLock { $0.registrations.removeAll() }
    }

    /// How many listeners are registered.
    public var listenerCount: Int {
        state.withLock { $0.registrations.count }
    }

    /// Registers a handler for errors thrown by listeners (mediasoup's `listenererror`).
    public func onListenerError(_ handler: @escaping ListenerErrorHandler) {
        state.withLock { $0.errorHandlers.append(handler) }
    }

    /// The events from now on, as an asynchronous sequence. It ends when the
    /// consuming task is cancelled or the sequence is dropped.
    public func stream() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream<Event>.makeStream()
        let token = on { event in continuation.yield(event) }
        continuation.onTermination = { [weak self] _ in self?.off(token) }
        return stream
    }

    /// Waits for the next event that `matches` accepts and returns it.
    public func next(where matches: @escaping @Sendable (Event) -> Bool = { _ in true }) async -> Event? {
        for await event in stream() where matches(event) {
            return event
        }
        return nil
    }

    /// Delivers `event` to every listener registered now, in order.
    ///
    /// - Important: For implementations of the contract. Applications only listen.
    package func emit(_ event: Event) {
        let (listeners, errorHandlers) = state.withLock { state in
            let listeners = state.registrations
            state.registrations.removeAll { $0.once }
            return (listeners.map(\.listener), state.errorHandlers)
        }
        for listener in listeners {
            do {
                try listener(event)
            } catch {
                for handler in errorHandlers { handler(event, error) }
            }
        }
    }

    private func register(_ listener: @escaping Listener, once: Bool) -> Token {
        state.withLock { state in
            state.nextId += 1
            state.registrations.append(Registration(id: state.nextId, once: once, listener: listener))
            return Token(id: state.nextId)
        }
    }
}
