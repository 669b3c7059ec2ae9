import DTLS
import Mediasoup
import NIOCore

// DTLS and DTLS-SRTP on a WebRtcTransport, as mediasoup runs them: once ICE
// is connected, the association starts in the local role (a server while the
// role is still `auto`; connect() may then restart it as a client). The
// handshake's keys make the SRTP sessions; from then on consumers' packets
// go out protected to the selected tuple, and each video consumer asks for a
// keyframe (its endpoint can decode nothing before one).

extension WorkerWebRtcTransport {
    /// Starts DTLS when ICE is connected or completed and the association
    /// does not run in the local role yet (mediasoup's MayRunDtlsTransport).
    func mayRunDtls(now: UInt64) {
        guard ice.state == .connected || ice.state == .completed else { return }
        let role: DtlsEndpointRole = dtlsRole == .client ? .client : .server
        if let dtls, dtls.role == role { return }
        if let previous = dtls {
            runtime.log(.debug, "transport \(id): DTLS restarts as \(role.dtlsRole.rawValue) (was \(previous.role.dtlsRole.rawValue))")
        }
        srtpSessions = nil
        do {
            let endpoint = try DtlsEndpoint(
                identity: runtime.certificate, role: role, remoteFingerprint: remoteFingerprint)
            dtls = endpoint
            endpoint.start(now: now)
        } catch {
            dtls = nil
            runtime.log(.error, "transport \(id): cannot start DTLS: \(error)")
            updateDtlsState(.failed)
            return
        }
        drainDtls(now: now)
    }

    /// Carries out what the DTLS endpoint asks, then re-arms the timer.
    func drainDtls(now: UInt64) {
        guard let dtls else { return }
        while let output = dtls.pollOutput() {
            switch output {
            case .send(let bytes):
                sendToPeer(bytes, at: now)
            case .connected(let keys):
                do {
                    srtpSessions = try TransportSrtp(
                        suite: keys.cryptoSuite, localKey: keys.localMasterKey, remoteKey: keys.remoteMasterKey)
                } catch {
                    runtime.log(.error, "transport \(id): \(error)")
                }
            case .stateChanged(let state):
                switch state {
                case .connected:
                    updateDtlsState(.connected, remoteCert: dtls.remoteCertificatePEM)
                    mediaPathOpened()
                    connectSctp()
                case .failed, .closed:
                    srtpSessions = nil
                    if let reason = dtls.endReason { runtime.log(.debug, "transport \(id): DTLS \(state): \(reason)") }
                    updateDtlsState(state)
                case .new, .connecting:
                    updateDtlsState(state)
                }
            case .applicationData(let packet):
                packet.withUnsafeBytes { receiveSctp($0) }
            }
        }
        armTimer(now: now)
    }

    // MARK: Closing

    /// Sends close_notify when DTLS is up, and stops the timer. No
    /// notification follows: the transport is closing.
    func closeMediaPlane() {
        timer?.cancel()
        timer = nil
        timerDeadline = nil
        if let dtls {
            dtls.close()
            let now = monotonicMilliseconds()
            while let output = dtls.pollOutput() {
                if case .send(let bytes) = output { sendToPeer(bytes, at: now) }
            }
        }
        dtls = nil
        srtpSessions = nil
        selectedPath = nil
    }
}
