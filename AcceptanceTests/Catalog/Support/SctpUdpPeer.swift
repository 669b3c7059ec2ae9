import Foundation
import Mediasoup
import SCTP

/// An SCTP endpoint over UDP on 127.0.0.1, standing for node-sctp in
/// mediasoup's test-node-sctp: a usrsctp association (the SCTP module, as
/// the worker uses it, so the peer is a stack nobody here wrote) whose
/// packets travel in datagrams to and from one transport port.
///
/// Driven by the case's task: ``run(for:until:)`` moves packets and advances
/// usrsctp's timers in 10 ms steps. Not `Sendable`; one task drives it.
final class SctpUdpPeer {
    let socket: UdpPeer
    let association: SctpAssociation
    let remotePort: UInt16
    /// Whole messages received, in order: stream, PPID, bytes.
    private(set) var messages: [(streamId: UInt16, ppid: UInt32, bytes: [UInt8])] = []

    init(remotePort: UInt16, OS: Int, MIS: Int, maxMessageSize: Int = 262_144) throws {
        socket = try UdpPeer()
        association = try SctpAssociation(
            outboundStreams: OS, maxInboundStreams: MIS, maxMessageSize: maxMessageSize)
        self.remotePort = remotePort
    }

    /// Moves packets both ways and advances timers until `done` holds or
    /// `limit` passes; returns whether `done` held.
    @discardableResult
    func run(for limit: Duration, until done: () -> Bool) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        var last = clock.now
        while clock.now < deadline {
            flush()
            if done() { return true }
            if let datagram = socket.receive(timeoutMilliseconds: 10) {
                datagram.withUnsafeBytes { association.receive($0) }
            }
            let elapsed = clock.now - last
            if elapsed >= .milliseconds(10) {
                let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
                SctpAssociation.advanceTimers(byMilliseconds: milliseconds)
                last = clock.now
            }
        }
        flush()
        return done()
    }

    /// Sends what the association queued, and keeps what it delivered.
    private func flush() {
        while let output = association.pollOutput() {
            switch output {
            case .send(let packet): socket.send(packet, to: remotePort)
            case .message(let streamId, let ppid, let bytes): messages.append((streamId, ppid, bytes))
            case .stateChanged, .incomingStreamReset: break
            }
        }
    }
}
