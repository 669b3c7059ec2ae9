import Mediasoup
import MediasoupChannel

/// A DirectTransport of the local engine: RTP and data go between the
/// application and the worker over the channel.
final class LocalDirectTransport: LocalTransport, DirectTransport {
    let core: TransportCore

    init(core: TransportCore) {
        self.core = core
    }

    func connect() async throws {
        _ = try await core.request(.transportConnect)
    }

    func sendRtcp(_ packet: [UInt8]) throws {
        guard !closed else { throw InvalidStateError("DirectTransport closed") }
        try core.channel.notify(targetId: id, event: TransportNotification.sendRtcp, data: .string(packet.base64()))
    }
}

extension LocalRouter {
    func createDirectTransport(_ options: DirectTransportOptions) async throws -> any DirectTransport {
        let maxMessageSize = options.maxMessageSize ?? 262_144
        guard maxMessageSize >= 0 else { throw TypeError("if given, maxMessageSize must be a positive number") }
        let core = try makeTransportCore(appData: options.appData)
        _ = try await channel.request(
            .routerCreateDirectTransport, handlerId: id,
            data: CreateDirectTransportPayload(
                base: TransportBaseOptions(transportId: core.id, maxMessageSize: maxMessageSize)
            ).channelData())
        let transport = LocalDirectTransport(core: core)
        addTransport(transport)
        return transport
    }
}
