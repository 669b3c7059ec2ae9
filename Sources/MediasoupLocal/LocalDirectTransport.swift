import Mediasoup
import MediasoupChannel

/// A DirectTransport of the local engine: RTP, RTCP and data go between the
/// application and the worker over the channel.
final class LocalDirectTransport: LocalTransport, DirectTransport {
    let core: TransportCore

    init(core: TransportCore) {
        self.core = core
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

    /// Sends an RTCP packet into the router (a notification: nothing is awaited).
    /// - Throws: ``InvalidStateError`` when the worker's channel is closed.
    func sendRtcp(_ packet: [UInt8]) throws {
        try core.channel.notify(targetId: id, event: TransportNotification.sendRtcp, data: .string(packet.base64()))
    }

    /// The worker's notifications about this transport.
    func handle(_ notification: ChannelNotification) {
        switch notification.event {
        case TransportNotification.rtcp:
            guard !closed, case .string(let text)? = notification.data, let packet = [UInt8](base64: text) else {
                return
            }
            events.emit(.rtcp(packet))
        default:
            break
        }
    }
}

extension LocalRouter {
    func createDirectTransport(_ options: DirectTransportOptions) async throws -> any DirectTransport {
        let maxMessageSize = options.maxMessageSize ?? DirectTransportOptions.defaultMaxMessageSize
        guard maxMessageSize >= 0 else { throw TypeError("if given, maxMessageSize must be a positive number") }
        let core = try makeTransportCore(appData: options.appData, maxMessageSize: maxMessageSize)
        // Subscribe before the request: nothing the worker says right after it is lost.
        let inbox = channel.subscribe(core.id)
        do {
            _ = try await channel.request(
                .routerCreateDirectTransport, handlerId: id,
                data: CreateDirectTransportPayload(
                    base: TransportBaseOptions(transportId: core.id, maxMessageSize: maxMessageSize)
                ).channelData())
        } catch {
            channel.unsubscribe(core.id)
            throw error
        }
        let transport = LocalDirectTransport(core: core)
        inbox.attach { [weak transport] notification in transport?.handle(notification) }
        addTransport(transport)
        return transport
    }
}
