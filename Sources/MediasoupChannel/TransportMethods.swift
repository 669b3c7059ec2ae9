#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Mediasoup

// Requests about transports, and their payloads. Creation requests go to the
// router (handlerId = router id); the others to the transport.

extension ChannelMethod {
    package static let routerCreateWebRtcTransport: Self = "router.createWebRtcTransport"
    package static let routerCreatePlainTransport: Self = "router.createPlainTransport"
    package static let routerCreatePipeTransport: Self = "router.createPipeTransport"
    package static let routerCreateDirectTransport: Self = "router.createDirectTransport"
    package static let routerCloseTransport: Self = "router.closeTransport"

    package static let transportDump: Self = "transport.dump"
    package static let transportGetStats: Self = "transport.getStats"
    package static let transportConnect: Self = "transport.connect"
    package static let transportSetMaxIncomingBitrate: Self = "transport.setMaxIncomingBitrate"
    package static let transportSetMaxOutgoingBitrate: Self = "transport.setMaxOutgoingBitrate"
    package static let transportSetMinOutgoingBitrate: Self = "transport.setMinOutgoingBitrate"
    package static let transportEnableTraceEvent: Self = "transport.enableTraceEvent"
    package static let transportRestartIce: Self = "transport.restartIce"
}

/// `router.closeTransport`.
package struct TransportIdPayload: Sendable, Codable {
    package var transportId: String
    package init(transportId: String) { self.transportId = transportId }
}

/// What every transport creation request carries besides its kind's options.
package struct TransportBaseOptions: Sendable, Codable {
    package var transportId: String
    /// Largest SCTP or direct message, in bytes.
    package var maxMessageSize: Int
    /// SCTP association settings; nil without SCTP.
    package var sctp: SctpOptions?
    package var initialAvailableOutgoingBitrate: Int?

    package struct SctpOptions: Sendable, Codable {
        package var numSctpStreams: NumSctpStreams
        package var sendBufferSize: Int
        package var isDataChannel: Bool
        package init(numSctpStreams: NumSctpStreams, sendBufferSize: Int, isDataChannel: Bool) {
            self.numSctpStreams = numSctpStreams
            self.sendBufferSize = sendBufferSize
            self.isDataChannel = isDataChannel
        }
    }

    package init(transportId: String, maxMessageSize: Int, sctp: SctpOptions? = nil, initialAvailableOutgoingBitrate: Int? = nil) {
        self.transportId = transportId
        self.maxMessageSize = maxMessageSize
        self.sctp = sctp
        self.initialAvailableOutgoingBitrate = initialAvailableOutgoingBitrate
    }
}

/// `router.createDirectTransport`. The response is the new transport's dump.
package struct CreateDirectTransportPayload: Sendable, Codable {
    package var base: TransportBaseOptions
    package init(base: TransportBaseOptions) { self.base = base }
}

/// `transport.setMaxIncomingBitrate` and the other bitrate setters.
package struct BitratePayload: Sendable, Codable {
    package var bitrate: Int
    package init(bitrate: Int) { self.bitrate = bitrate }
}

/// `transport.enableTraceEvent`, `producer.enableTraceEvent`, `consumer.enableTraceEvent`.
package struct TraceEventTypesPayload: Sendable, Codable {
    package var types: [String]
    package init(types: [String]) { self.types = types }
}

/// Notifications about or for transports.
package enum TransportNotification {
    /// Library → worker, DirectTransport: an RTCP packet (data: Base64 string).
    package static let sendRtcp = "transport.sendRtcp"
    /// Worker → library, DirectTransport: an RTCP packet (data: Base64 string).
    package static let rtcp = "transport.rtcp"
    /// Worker → library, any transport with SCTP (WebRTC, plain, pipe): data ``SctpStateChange``.
    package static let sctpStateChange = "transport.sctpStateChange"
    /// Worker → library, any transport: a trace event of a type it enabled (data ``TransportTraceEventData``).
    package static let trace = "transport.trace"

    /// The data of ``sctpStateChange``: `{"sctpState": …}`, as mediasoup's
    /// SctpStateChangeNotification for every transport kind.
    package struct SctpStateChange: Sendable, Codable, Equatable {
        package var sctpState: SctpState
        package init(sctpState: SctpState) { self.sctpState = sctpState }
    }
}

extension Array where Element == UInt8 {
    /// The bytes as Base64, for binary payloads carried in channel JSON.
    package func base64() -> String { Data(self).base64EncodedString() }

    /// Decodes Base64; nil when malformed.
    package init?(base64 string: String) {
        guard let data = Data(base64Encoded: string) else { return nil }
        self = Array(data)
    }
}
