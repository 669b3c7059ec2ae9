import Mediasoup

// Requests and notifications of PlainTransports and PipeTransports, and their
// payloads. Creation goes to the router (`router.createPlainTransport`,
// `router.createPipeTransport` in TransportMethods.swift) and answers with the
// new transport's dump; `connect` goes to the transport.

extension ChannelMethod {
    package static let plainTransportConnect: Self = "plainTransport.connect"
    package static let pipeTransportConnect: Self = "pipeTransport.connect"
}

/// `router.createPlainTransport`. The response is the new transport's dump
/// (with `tuple`, `rtcpTuple` when RTCP is not multiplexed, `srtpParameters` with SRTP).
package struct CreatePlainTransportPayload: Sendable, Codable {
    package var base: TransportBaseOptions
    /// Where RTP (and RTCP, when multiplexed) is received. UDP only.
    package var listenInfo: TransportListenInfo
    /// Where RTCP is received when not multiplexed; the RTP socket's IP, port
    /// range and flags when absent.
    package var rtcpListenInfo: TransportListenInfo?
    package var rtcpMux: Bool
    package var comedia: Bool
    package var enableSrtp: Bool
    /// The local crypto suite; it may change to the remote's on `connect`.
    package var srtpCryptoSuite: SrtpCryptoSuite

    package init(
        base: TransportBaseOptions, listenInfo: TransportListenInfo, rtcpListenInfo: TransportListenInfo?,
        rtcpMux: Bool, comedia: Bool, enableSrtp: Bool, srtpCryptoSuite: SrtpCryptoSuite
    ) {
        self.base = base
        self.listenInfo = listenInfo
        self.rtcpListenInfo = rtcpListenInfo
        self.rtcpMux = rtcpMux
        self.comedia = comedia
        self.enableSrtp = enableSrtp
        self.srtpCryptoSuite = srtpCryptoSuite
    }
}

/// `router.createPipeTransport`. The response is the new transport's dump
/// (with `tuple`, `rtx`, and `srtpParameters` with SRTP).
package struct CreatePipeTransportPayload: Sendable, Codable {
    package var base: TransportBaseOptions
    /// UDP only.
    package var listenInfo: TransportListenInfo
    package var enableRtx: Bool
    /// SRTP with AEAD_AES_256_GCM.
    package var enableSrtp: Bool

    package init(base: TransportBaseOptions, listenInfo: TransportListenInfo, enableRtx: Bool, enableSrtp: Bool) {
        self.base = base
        self.listenInfo = listenInfo
        self.enableRtx = enableRtx
        self.enableSrtp = enableSrtp
    }
}

/// `plainTransport.connect`: the request carries ``PlainTransportConnectParameters``
/// as given; the worker validates them. The response updates the transport.
package struct PlainTransportConnectResponse: Sendable, Codable {
    /// The RTP tuple with its remote side; absent with comedia (learned from the first packet).
    package var tuple: TransportTuple?
    /// The RTCP tuple with its remote side, when RTCP is not multiplexed and not comedia.
    package var rtcpTuple: TransportTuple?
    /// The local SRTP parameters (the crypto suite follows the remote's, with a new key if it changed).
    package var srtpParameters: SrtpParameters?

    package init(tuple: TransportTuple?, rtcpTuple: TransportTuple?, srtpParameters: SrtpParameters?) {
        self.tuple = tuple
        self.rtcpTuple = rtcpTuple
        self.srtpParameters = srtpParameters
    }
}

/// `pipeTransport.connect`: the request carries ``PipeTransportConnectParameters``
/// as given; the worker validates them. The response is the connected tuple.
package struct PipeTransportConnectResponse: Sendable, Codable {
    package var tuple: TransportTuple
    package init(tuple: TransportTuple) { self.tuple = tuple }
}

/// Worker → library notifications of plain and pipe transports (data: as named).
package enum PlainPipeTransportNotification {
    /// PlainTransport, data ``TransportTuple``: the remote RTP address was learned (comedia) or changed.
    package static let tuple = "plainTransport.tuple"
    /// PlainTransport, data ``TransportTuple``: the remote RTCP address was learned (comedia).
    package static let rtcpTuple = "plainTransport.rtcpTuple"
}
