import Mediasoup
import Synchronization
import Testing

/// Records what listeners saw, from any thread.
private final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}

private enum Ping: Sendable, Equatable { case a, b, c }

private struct ListenerFailure: Error {}

@Suite struct EventEmitterTests {
    @Test func listenersRunInRegistrationOrderForEveryEvent() {
        let emitter = EventEmitter<Ping>()
        let seen = Recorder<String>()
        emitter.on { seen.append("first \($0)") }
        emitter.on { seen.append("second \($0)") }
        emitter.emit(.a)
        emitter.emit(.b)
        #expect(seen.all == ["first a", "second a", "first b", "second b"])
    }

    @Test func onceListenerFiresExactlyOnce() {
        let emitter = EventEmitter<Ping>()
        let seen = Recorder<Ping>()
        emitter.once { seen.append($0) }
        emitter.emit(.a)
        emitter.emit(.b)
        #expect(seen.all == [.a])
        #expect(emitter.listenerCount == 0)
    }

    @Test func onceWhereWaitsForAMatchingEvent() {
        let emitter = EventEmitter<Ping>()
        let seen = Recorder<Ping>()
        emitter.once(where: { $0 == .b }) { seen.append($0) }
        emitter.emit(.a)
        emitter.emit(.b)
        emitter.emit(.b)
        #expect(seen.all == [.b])
    }

    @Test func removedListenerHearsNothing() {
        let emitter = EventEmitter<Ping>()
        let seen = Recorder<Ping>()
        let token = emitter.on { seen.append($0) }
        emitter.off(token)
        emitter.off(token)
        emitter.emit(.a)
        #expect(seen.all.isEmpty)
    }

    @Test func throwingListenerIsReportedAndDoesNotStopOthers() {
        let emitter = EventEmitter<Ping>()
        let seen = Recorder<Ping>()
        let errors = Recorder<Ping>()
        emitter.onListenerError { event, error in
            if error is ListenerFailure { errors.append(event) }
        }
        emitter.on { _ in throw ListenerFailure() }
        emitter.on { seen.append($0) }
        emitter.emit(.c)
        #expect(seen.all == [.c])
        #expect(errors.all == [.c])
    }

    @Test func listenerMayRemoveItselfWhileEmitting() {
        let emitter = EventEmitter<Ping>()
        let seen = Recorder<Ping>()
        let tokenBox = Mutex<EventEmitter<Ping>.Token?>(nil)
        let token = emitter.on { event in
            seen.append(event)
            if let token = tokenBox.withLock({ $0 }) { emitter.off(token) }
        }
        tokenBox.withLock { $0 = token }
        emitter.emit(.a)
        emitter.emit(.b)
        #expect(seen.all == [.a])
    }

    @Test func streamDeliversEventsInOrder() async {
        let emitter = EventEmitter<Ping>()
        let stream = emitter.stream()
        emitter.emit(.a)
        emitter.emit(.b)
        emitter.emit(.c)
        var received: [Ping] = []
        for await event in stream {
            received.append(event)
            if received.count == 3 { break }
        }
        #expect(received == [.a, .b, .c])
    }

    @Test func nextReturnsTheFirstMatchingEvent() async {
        let emitter = EventEmitter<Ping>()
        async let next = emitter.next { $0 == .c }
        // Emit until the waiting stream is registered and has taken its event.
        while emitter.listenerCount == 0 { await Task.yield() }
        emitter.emit(.a)
        emitter.emit(.c)
        #expect(await next == .c)
    }
}
