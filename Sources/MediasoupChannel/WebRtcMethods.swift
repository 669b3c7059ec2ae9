import Mediasoup

// Requests and notifications of WebRtcTransports (and the payloads of the
// WebRtcServer they may listen through). `router.createWebRtcTransport` goes
// to the router and answers with the new transport's dump; `transport.connect`
// and `transport.restartIce` go to the transport.

/// `router.createWebRtcTransport`. Exactly one of ``webRtcServerId`` (listen
/// through that server's sockets) and ``listenInfos`` (own sockets, one ICE
/// candidate each, in order). The response is the new transport's dump.
package struct CreateWebRtcTransportPayload: Sendable, Codable {
    package var base: TransportBaseOptions
    package var webRtcServerId: String?
    package var listenInfos: [TransportListenInfo]?
    /// With a server: which of its sockets give candidates, and which protocol gets the preference bonus.
    package var enableUdp: Bool
    package var enableTcp: Bool
    package var preferUdp: Bool
    package var preferTcp: Bool
    /// Seconds without ICE consent before the transport disconnects (0 disables the check).
    package var iceConsentTimeout: Int

    package init(
        base: TransportBaseOptions, webRtcServerId: String? = nil, listenInfos: [TransportListenInfo]? = nil,
        enableUdp: Bool, enableTcp: Bool, preferUdp: Bool, preferTcp: Bool, iceConsentTimeout: Int
    ) {
        self.base = base
        self.webRtcServerId = webRtcServerId
        self.listenInfos = listenInfos
        self.enableUdp = enableUdp
        self.enableTcp = enableTcp
        self.preferUdp = preferUdp
        self.preferTcp = preferTcp
        self.iceConsentTimeout = iceConsentTimeout
    }
}

/// `transport.connect` of a WebRtcTransport: the remote DTLS parameters.
package struct WebRtcTransportConnectPayload: Sendable, Codable {
    package var dtlsParameters: DtlsParameters
    package init(dtlsParameters: DtlsParameters) { self.dtlsParameters = dtlsParameters }
}

/// The answer to a WebRtcTransport's `transport.connect`: the local DTLS role it chose.
package struct WebRtcTransportConnectResponse: Sendable, Codable {
    package var dtlsLocalRole: DtlsRole
    package init(dtlsLocalRole: DtlsRole) { self.dtlsLocalRole = dtlsLocalRole }
}

// `transport.restartIce` answers with the new local ``IceParameters``.

/// Notifications a WebRtcTransport of the worker sends the library when its
/// state changes (only on an actual change), and their data.
package enum WebRtcTransportNotification {
    /// Data: ``IceStateChange``.
    package static let iceStateChange = "webRtcTransport.iceStateChange"
    /// Data: ``IceSelectedTupleChange``.
    package static let iceSelectedTupleChange = "webRtcTransport.iceSelectedTupleChange"
    /// Data: ``DtlsStateChange``.
    package static let dtlsStateChange = "webRtcTransport.dtlsStateChange"

    package struct IceStateChange: Sendable, Codable, Equatable {
        package var iceState: IceState
        package init(iceState: IceState) { self.iceState = iceState }
    }

    package struct IceSelectedTupleChange: Sendable, Codable, Equatable {
        package var tuple: TransportTuple
        package init(tuple: TransportTuple) { self.tuple = tuple }
    }

    package struct DtlsStateChange: Sendable, Codable, Equatable {
        package var dtlsState: DtlsState
        /// The remote certificate (PEM), when the state is `connected`.
        package var remoteCert: String?
        package init(dtlsState: DtlsState, remoteCert: String? = nil) {
            self.dtlsState = dtlsState
            self.remoteCert = remoteCert
        }
    }

}
