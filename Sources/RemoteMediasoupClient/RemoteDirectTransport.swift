import Mediasoup
import RemoteMediasoupProtocol
import Synchronization

/// A DirectTransport of a remote router: RTP, RTCP and data travel between
/// the application and the server's worker over the connection.
final class RemoteDirectTransport: RemoteTransport, DirectTransport {
    let transportCore: RemoteTransportCore
    /// The maxMessageSize this client created the transport with (nil for
    /// one it found on the server: the server checks those).
    private let createdMaxMessageSize = Mutex<Int?>(nil)

    var dataMessageLimit: Int? { createdMaxMessageSize.withLock { $0 } }

    /// Records the limit the transport was created with.
    func created(with options: DirectTransportOptions) {
        createdMaxMessageSize.withLock { $0 = options.maxMessageSize ?? DirectTransportOptions.defaultMaxMessageSize }
    }

    init(snapshot: ObjectSnapshot, router: RemoteRouter, session: RemoteSession) {
        self.transportCore = RemoteTransportCore(snapshot: snapshot, router: router, session: session)
    }

    /// Nothing to connect: resolves at once, as mediasoup's.
    func connect() async throws {}

    func setMaxIncomingBitrate(_ bitrate: Int) async throws {
        throw UnsupportedError("setMaxIncomingBitrate() not implemented in DirectTransport")
    }

    func setMaxOutgoingBitrate(_ bitrate: Int) async throws {
        throw UnsupportedError("setMaxOutgoingBitrate() not implemented in DirectTransport")
    }

    func setMinOutgoingBitrate(_ bitrate: Int) async throws {
        throw UnsupportedError("setMinOutgoingBitrate() not implemented in DirectTransport")
    }

    /// Sends an RTCP packet into the router (fire-and-forget; nothing is
    /// sent once the transport is closed, as the worker would drop it).
    /// - Throws: ``InvalidStateError`` once the worker is closed.
    func sendRtcp(_ packet: [UInt8]) throws {
        do {
            try core.checkUsable(RemoteProcedure.sendRtcp)
        } catch is MediasoupError {
            return
        }
        core.send(RemoteProcedure.sendRtcp, [RemoteParam.packet: .string(RemoteBytes.encode(packet))])
    }

    func updateKind(from snapshot: ObjectSnapshot) {}
}
