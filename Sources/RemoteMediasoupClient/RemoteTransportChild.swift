import Mediasoup
import RemoteMediasoupProtocol

/// A proxy whose parent is a transport (a producer, consumer, data producer
/// or data consumer): it closes by itself, with its transport
/// (`transportclose`), or as the other half of a `pipeToRouter()` link; the
/// same steps for the four.
protocol RemoteTransportChild: RemoteProxy {
    associatedtype Event: Sendable
    associatedtype ObserverEvent: Sendable
    var events: EventEmitter<Event> { get }
    var observer: EventEmitter<ObserverEvent> { get }
    /// Its `transportclose` event.
    static var transportClose: Event { get }
    /// Its observer's `close` event.
    static var observerClose: ObserverEvent { get }
}

extension RemoteTransportChild {
    /// Closes the object and tells the server (mediasoup's `close()`).
    func close() {
        close(notifyingServer: true)
    }

    /// Closes here; tells the server unless it closes the object itself
    /// (the other half of a `pipeToRouter()` link).
    func close(notifyingServer: Bool) {
        guard core.markClosed() else { return }
        core.parent?.release(self)
        observer.emit(Self.observerClose)
        finish()
        if notifyingServer { core.send(RemoteProcedure.close) }
    }

    /// The transport closed: `transportclose`.
    func closeWithParent() {
        guard core.markClosed() else { return }
        core.parent?.release(self)
        events.emit(Self.transportClose)
        observer.emit(Self.observerClose)
        finish()
    }
}
