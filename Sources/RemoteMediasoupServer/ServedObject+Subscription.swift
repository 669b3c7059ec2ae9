import Mediasoup

/// The server's listeners on one object's two emitters.
struct Subscription: Sendable {
    let cancelEvents: @Sendable () -> Void
    let cancelObserver: @Sendable () -> Void

    func cancel() {
        cancelEvents()
        cancelObserver()
    }
}

/// Where a served object's events go: the event, and whether it came from the `observer` emitter.
typealias ForwardedEventSink = @Sendable (ForwardedEvent, _ observer: Bool) -> Void

extension EventEmitter {
    /// Forwards every event, translated, to `sink`; the result stops it.
    fileprivate func forward(
        observer: Bool, _ sink: @escaping ForwardedEventSink,
        _ translate: @escaping @Sendable (Event) -> ForwardedEvent
    ) -> @Sendable () -> Void {
        let token = on { event in sink(translate(event), observer) }
        return { [weak self] in self?.off(token) }
    }
}

extension ServedObject {
    /// Listens to both emitters of the object.
    func subscribe(_ sink: @escaping ForwardedEventSink) -> Subscription {
        switch self {
        case .worker(let object, _):
            Subscription(
                cancelEvents: object.events.forward(observer: false, sink) { $0.forwarded },
                cancelObserver: object.observer.forward(observer: true, sink) { $0.forwarded })
        case .webRtcServer(let object):
            Subscription(
                cancelEvents: object.events.forward(observer: false, sink) { $0.forwarded },
                cancelObserver: object.observer.forward(observer: true, sink) { $0.forwarded })
        case .router(let object):
            Subscription(
                cancelEvents: object.events.forward(observer: false, sink) { $0.forwarded },
                cancelObserver: object.observer.forward(observer: true, sink) { $0.forwarded })
        case .transport(let object):
            Subscription(
                cancelEvents: object.events.forward(observer: false, sink) { $0.forwarded },
                cancelObserver: object.observer.forward(observer: true, sink) { $0.forwarded })
        case .producer(let object):
            Subscription(
                cancelEvents: object.events.forward(observer: false, sink) { $0.forwarded },
                cancelObserver: object.observer.forward(observer: true, sink) { $0.forwarded })
        case .consumer(let object):
            Subscription(
                cancelEvents: object.events.forward(observer: false, sink) { $0.forwarded },
                cancelObserver: object.observer.forward(observer: true, sink) { $0.forwarded })
        case .dataProducer(let object):
            Subscription(
                cancelEvents: object.events.forward(observer: false, sink) { $0.forwarded },
                cancelObserver: object.observer.forward(observer: true, sink) { $0.forwarded })
        case .dataConsumer(let object):
            Subscription(
                cancelEvents: object.events.forward(observer: false, sink) { $0.forwarded },
                cancelObserver: object.observer.forward(observer: true, sink) { $0.forwarded })
        case .rtpObserver(let object):
            Subscription(
                cancelEvents: object.events.forward(observer: false, sink) { $0.forwarded },
                cancelObserver: object.observer.forward(observer: true, sink) { $0.forwarded })
        }
    }
}
