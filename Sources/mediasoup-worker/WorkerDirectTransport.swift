import Mediasoup
import MediasoupChannel

/// A transport to the library itself: RTP, RTCP and data messages arrive as
/// channel notifications and leave as channel notifications. No sockets; it is
/// always connected.
final class WorkerDirectTransport: WorkerTransport {
    override class var statsType: String { "direct-transport" }
    override var isDirect: Bool { true }

    /// Bytes that came in from the library (data messages, RTCP).
    private(set) var bytesReceived = 0
    /// Bytes that went out to the library (data messages).
    private(set) var bytesSent = 0

    override func handleKind(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .transportConnect:
            return nil
        default:
            return try super.handleKind(request)
        }
    }

    override func handle(_ notification: ChannelNotification) throws {
        switch notification.event {
        case TransportNotification.sendRtcp:
            guard case .string(let text)? = notification.data, let packet = [UInt8](base64: text) else {
                throw TypeError("missing RTCP packet in \(notification.event)")
            }
            dataReceived(packet.count)
            // Parsing RTCP and handing it to the transport's producers and
            // consumers comes with the media plane.
            runtime.log(.debug, "RTCP packet of \(packet.count) bytes from the library ignored for now")
        default:
            try super.handle(notification)
        }
    }

    override func fillStats(_ stats: inout TransportStats) {
        stats.bytesReceived = bytesReceived
        stats.bytesSent = bytesSent
    }

    /// Counts bytes received from the library.
    func dataReceived(_ count: Int) { bytesReceived += count }

    /// Delivers a data message to the library's data consumer (`dataConsumer.message`).
    func sendMessage(_ bytes: [UInt8], ppid: UInt32, dataConsumerId: String) {
        do {
            runtime.notify(
                targetId: dataConsumerId, event: DataNotification.dataConsumerMessage,
                data: try DataMessagePayload(ppid: ppid, bytes: bytes).channelData())
            bytesSent += bytes.count
        } catch {
            runtime.log(.error, "cannot encode a message for data consumer \(dataConsumerId): \(error)")
        }
    }
}
