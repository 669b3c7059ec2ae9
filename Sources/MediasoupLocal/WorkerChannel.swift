#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Mediasoup
import MediasoupChannel
import Synchronization

/// The library's side of a worker's control channel: sends requests and
/// awaits their responses, sends notifications, and hands incoming
/// notifications to whoever subscribed to their target id.
///
/// A reader thread takes frames off the pipe in order; notifications are
/// delivered on it, in the order the worker sent them. Writes go through a
/// serial queue of their own, in call order: a caller (perhaps a network
/// event loop serving other clients) never blocks on a busy worker's pipe.
final class WorkerChannel: Sendable {
    /// Longest a request may wait for its response.
    static let requestTimeout: Duration = .seconds(30)
    /// Most bytes waiting for the pipe; a message that would pass it is refused.
    static let maxQueuedBytes = 64 << 20

    private struct State {
        var inboxes: [String: NotificationInbox] = [:]
        var closed = false
    }

    private let requestFd: Int32
    private let responseFd: Int32
    private let state = Mutex(State())
    private let requests = AwaitedRequests<JSONValue?>(timeout: requestTimeout) { method in
        MediasoupError("Channel request timeout [method:\(method)]")
    }
    /// Writes the request pipe, then closes it, in the order they were asked for.
    private let writer = DispatchQueue(label: "mediasoup-worker channel writer")
    private let queuedBytes = Mutex(0)

    init(requestFd: Int32, responseFd: Int32) {
        self.requestFd = requestFd
        self.responseFd = responseFd
    }

    var closed: Bool { state.withLock { $0.closed } }

    /// Starts reading. `onClosed` runs once the worker's end closes (it died or was closed).
    func start(onClosed: @escaping @Sendable () -> Void) {
        Thread.detachNewThread { [self] in
            var decoder = ChannelFrameDecoder()
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(responseFd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                decoder.append(buffer.prefix(count))
                while let payload = decoder.nextFrame() {
                    dispatch(payload)
                }
            }
            close()
            Glibc.close(responseFd)
            onClosed()
        }
    }

    /// Sends a request and waits for its response's data.
    ///
    /// - Throws: ``MediasoupError`` when the request is too large for the
    ///   channel (the worker lives on); ``InvalidStateError`` when the channel
    ///   is closed or closes before the answer; the worker's error, of its
    ///   kind, when it refuses.
    func request(_ method: ChannelMethod, handlerId: String? = nil, data: JSONValue? = nil) async throws -> JSONValue? {
        try await requests.call(String(describing: method)) { id in
            let frame: [UInt8]
            do {
                frame = try ChannelMessage.request(
                    ChannelRequest(id: id, method: method, handlerId: handlerId, data: data)
                ).frame()
            } catch {
                throw MediasoupError("Channel request too big [method:\(method)]: \(error)")
            }
            try enqueue(frame) { [requests] error in
                requests.fail(id, InvalidStateError("Channel closed [method:\(method)]: \(error)"))
            }
        }
    }

    /// Sends a notification (fire and forget).
    /// - Throws: ``InvalidStateError`` when the channel is closed;
    ///   ``MediasoupError`` when the notification is too large for the channel.
    func notify(targetId: String, event: String, data: JSONValue? = nil) throws {
        guard !closed else { throw InvalidStateError("Channel closed [event:\(event)]") }
        let frame: [UInt8]
        do {
            frame = try ChannelMessage.notification(ChannelNotification(targetId: targetId, event: event, data: data))
                .frame()
        } catch {
            throw MediasoupError("Channel notification too big [event:\(event)]: \(error)")
        }
        try enqueue(frame) { _ in }
    }

    /// The inbox for notifications about `targetId`. Subscribe before the
    /// request that creates the target, so nothing sent right after it is lost.
    func subscribe(_ targetId: String) -> NotificationInbox {
        state.withLock { state in
            if let inbox = state.inboxes[targetId] { return inbox }
            let inbox = NotificationInbox()
            state.inboxes[targetId] = inbox
            return inbox
        }
    }

    func unsubscribe(_ targetId: String) {
        _ = state.withLock { $0.inboxes.removeValue(forKey: targetId) }
    }

    /// Test hook: takes `notification` as if it had just come off the pipe:
    /// framed and encoded as the worker writes it, then decoded and dispatched
    /// as the reader thread does, on the caller's thread. It reaches the
    /// target's inbox, or nothing when no one is subscribed (a closed object).
    ///
    /// - Throws: ``MediasoupError`` when the notification cannot be encoded.
    func injectForTesting(_ notification: ChannelNotification) throws {
        var decoder = ChannelFrameDecoder()
        let payload: [UInt8]?
        do {
            decoder.append(try ChannelMessage.notification(notification).frame())
            payload = decoder.nextFrame()
        } catch {
            throw MediasoupError("cannot frame the notification [event:\(notification.event)]: \(error)")
        }
        guard let payload else {
            throw MediasoupError("cannot frame the notification [event:\(notification.event)]")
        }
        dispatch(payload)
    }

    /// Closes the channel: pending requests fail with ``InvalidStateError``.
    /// Idempotent: the request pipe is closed once (a second close could hit a
    /// descriptor since reused, such as another worker's pipe).
    func close() {
        let first = state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return }
        requests.close { method in InvalidStateError("Channel closed [method:\(method)]") }
        // After the writes already queued (they find the channel closed and stop).
        writer.async { [requestFd] in
            if requestFd >= 0 { Glibc.close(requestFd) }
        }
    }

    /// Queues `frame` for the pipe; `onFailure` runs (on the writer's queue)
    /// when it cannot be written.
    ///
    /// - Throws: ``MediasoupError`` when the queue holds ``maxQueuedBytes`` already.
    private func enqueue(_ frame: [UInt8], onFailure: @escaping @Sendable (any Error) -> Void) throws {
        let admitted = queuedBytes.withLock { queued in
            guard queued + frame.count <= Self.maxQueuedBytes else { return false }
            queued += frame.count
            return true
        }
        guard admitted else {
            throw MediasoupError("Channel write queue full: \(Self.maxQueuedBytes) bytes wait for the worker")
        }
        writer.async { [self] in
            defer { queuedBytes.withLock { $0 -= frame.count } }
            do {
                try write(frame)
            } catch {
                onFailure(error)
            }
        }
    }

    /// Writes a whole frame to the pipe, blocking; only on the writer's queue.
    private func write(_ frame: [UInt8]) throws {
        var offset = 0
        while offset < frame.count {
            guard !closed else { throw InvalidStateError("Channel closed") }
            let written = frame[offset...].withUnsafeBytes { Glibc.write(requestFd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw MediasoupError("channel write failed: \(errnoText())")
            }
            offset += written
        }
    }

    private func dispatch(_ payload: [UInt8]) {
        guard let message = try? ChannelMessage(payload: payload) else { return }
        switch message {
        case .response(let response):
            requests.answer(
                response.id,
                with: response.accepted
                    ? .success(response.data)
                    : .failure((response.error ?? .error).make(response.reason ?? "request failed")))
        case .notification(let notification):
            state.withLock { $0.inboxes[notification.targetId] }?.post(notification)
        case .request:
            break
        }
    }
}

/// Notifications for one target: held until a handler is attached, then
/// delivered in the order the worker sent them, also while the held ones are
/// being handed over.
final class NotificationInbox: Sendable {
    typealias Handler = @Sendable (ChannelNotification) -> Void

    private struct State {
        var handler: Handler?
        var held: [ChannelNotification] = []
        /// True while ``attach(_:)`` hands over held notifications: new ones queue behind them.
        var draining = false
    }
    private let state = Mutex(State())

    func post(_ notification: ChannelNotification) {
        let handler = state.withLock { state -> Handler? in
            guard let handler = state.handler, !state.draining else {
                state.held.append(notification)
                return nil
            }
            return handler
        }
        handler?(notification)
    }

    /// Attaches the handler and delivers what was held, then what arrives.
    func attach(_ handler: @escaping Handler) {
        state.withLock { state in
            state.handler = handler
            state.draining = true
        }
        while true {
            let batch = state.withLock { state -> [ChannelNotification] in
                if state.held.isEmpty { state.draining = false }
                defer { state.held = [] }
                return state.held
            }
            if batch.isEmpty { return }
            for notification in batch { handler(notification) }
        }
    }
}
