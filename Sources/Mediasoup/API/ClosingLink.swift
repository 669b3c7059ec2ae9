/// An observer event that can say "the object closed".
package protocol ClosingObserverEvent: Sendable {
    var isClose: Bool { get }
}

extension TransportObserverEvent: ClosingObserverEvent {
    package var isClose: Bool { if case .close = self { true } else { false } }
}

extension ProducerObserverEvent: ClosingObserverEvent {
    package var isClose: Bool { if case .close = self { true } else { false } }
}

extension ConsumerObserverEvent: ClosingObserverEvent {
    package var isClose: Bool { if case .close = self { true } else { false } }
}

extension DataObserverEvent: ClosingObserverEvent {
    package var isClose: Bool { if case .close = self { true } else { false } }
}

/// Makes two objects close together, as mediasoup's `pipeToRouter()` links
/// what it creates (the two PipeTransports of a pair; a pipe consumer and its
/// pipe producer; their data counterparts): when either one's observer says
/// `close`, `unlinked` runs and the other is closed with its closure.
///
/// The closures should hold their object weakly: each lives as long as its
/// parent holds it, not because of the link.
package func linkClosing<First: ClosingObserverEvent, Second: ClosingObserverEvent>(
    _ first: EventEmitter<First>, close closeFirst: @escaping @Sendable () -> Void,
    with second: EventEmitter<Second>, close closeSecond: @escaping @Sendable () -> Void,
    unlinked: @escaping @Sendable () -> Void = {}
) {
    first.on { event in
        guard event.isClose else { return }
        unlinked()
        closeSecond()
    }
    second.on { event in
        guard event.isClose else { return }
        unlinked()
        closeFirst()
    }
}
