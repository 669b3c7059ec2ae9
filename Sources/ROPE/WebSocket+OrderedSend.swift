import NIOCore
import WebSocketKit

extension WebSocket {
    /// Sends a text frame after every frame sent before this call, from any
    /// thread. `send` writes at once on the channel's event loop but queues a
    /// write from any other thread, so a frame sent on the loop could overtake
    /// one sent earlier from elsewhere (a server's event notifications come
    /// from whichever thread an engine's answer resumed on); going through
    /// the loop's queue every time keeps the order of the calls.
    ///
    /// - Parameter written: runs once the frame is written to the socket, or failed.
    func sendInOrder(_ frame: String, written: (@Sendable () -> Void)? = nil) {
        eventLoop.execute {
            guard let written else {
                self.send(frame)
                return
            }
            let promise = self.eventLoop.makePromise(of: Void.self)
            promise.futureResult.whenComplete { _ in written() }
            self.send(frame, promise: promise)
        }
    }
}
