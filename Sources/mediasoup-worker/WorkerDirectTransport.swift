import Mediasoup
import MediasoupChannel

/// A transport to the library itself: RTP, RTCP and data messages arrive as
/// channel notifications and leave as channel notifications. No sockets; it is
/// always connected.
final class WorkerDirectTransport: WorkerTransport {
    override class var statsType: String { "direct-transport" }
    override var isDirect: Bool { true }

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
            receiveRTCP(packet)
        default:
            try super.handle(notification)
        }
    }

    /// Counts bytes received from the library.
    func dataReceived(_ count: Int) { received.add(bytes: count, at: monotonicMilliseconds()) }

    /// RTP of a consumer goes to the library as the consumer's `rtp` event.
    override func transmitRTP(_ bytes: [UInt8], from consumer: WorkerConsumer) -> Bool {
        runtime.notify(targetId: consumer.id, event: ConsumerNotification.rtp, data: .string(bytes.base64()))
        return true
    }

    /// RTCP for the remote side goes to the library as the transport's `rtcp` event.
    override func transmitRTCP(_ bytes: [UInt8]) -> Bool {
        runtime.notify(targetId: id, event: TransportNotification.rtcp, data: .string(bytes.base64()))
        return true
    }

    /// Delivers a data message to the library's data consumer (`dataConsumer.message`).
    func sendMessage(_ bytes: [UInt8], ppid: UInt32, dataConsumerId: String) {
        do {
            runtime.notify(
                targetId: dataConsumerId, event: DataNotification.dataConsumerMessage,
                data: try DataMessagePayload(ppid: ppid, bytes: bytes).channelData())
            sent.add(bytes: bytes.count, at: monotonicMilliseconds())
        } catch {
            runtime.log(.error, "cannot encode a message for data consumer \(dataConsumerId): \(error)")
        }
    }
}
