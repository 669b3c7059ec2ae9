// The end of the handshake (the peer certificate against its fingerprint,
// the SRTP profile and keys) and the end of the association.

import COpenSSL
import Mediasoup

extension DtlsEndpoint {
    /// OpenSSL finished the handshake: check the peer if its fingerprint is known.
    func completeHandshake() {
        isHandshakeComplete = true
        nextTimeout = nil
        if let remoteFingerprint { verifyPeerAndConnect(expecting: remoteFingerprint) }
    }

    /// Checks the peer certificate against `fingerprint`, takes the SRTP
    /// profile and keys, and connects; or fails.
    func verifyPeerAndConnect(expecting fingerprint: DtlsFingerprint) {
        guard let certificate = SSL_get1_peer_certificate(ssl) else {
            end(.noPeerCertificate)
            return
        }
        defer { X509_free(certificate) }
        guard let actual = CertificateDigest.fingerprint(of: certificate, algorithm: fingerprint.algorithm) else {
            end(.protocolError(reason: "X509_digest failed: \(OpenSSLErrorQueue.drain())"))
            return
        }
        guard CertificateDigest.sameValue(actual, fingerprint.value) else {
            end(.fingerprintMismatch(expected: fingerprint, actual: actual))
            return
        }
        guard let profile = SSL_get_selected_srtp_profile(ssl),
            let suite = SrtpCryptoSuite(dtlsSrtpProfileID: UInt(profile.pointee.id))
        else {
            end(.srtpNotNegotiated)
            return
        }
        guard let keys = exportSrtpKeys(suite) else {
            OpenSSLErrorQueue.clear()
            end(.keyExportFailed)
            return
        }
        remoteCertificatePEM = MemoryBIO.text { PEM_write_bio_X509($0, certificate) }
        srtpCryptoSuite = suite
        emit(.connected(keys))
        changeState(to: .connected)
    }

    /// The SRTP master keys and salts of `suite` (RFC 5764 §4.2), or nil.
    func exportSrtpKeys(_ suite: SrtpCryptoSuite) -> DtlsSrtpKeys? {
        var material = [UInt8](repeating: 0, count: 2 * suite.masterKeyLength)
        let label = Self.srtpExporterLabel
        let exported = SSL_export_keying_material(
            ssl, &material, material.count, label, label.utf8.count, nil, 0, 0)
        guard exported == 1 else { return nil }
        return DtlsSrtpKeys(cryptoSuite: suite, exportedMaterial: material, isClient: role == .client)
    }

    /// Ends the association for `reason`: close_notify goes out if the
    /// handshake completed and OpenSSL has not failed; the state becomes
    /// `closed` (once connected, or closed locally) or `failed`.
    func end(_ reason: DtlsEndReason) {
        guard state != .failed, state != .closed else { return }
        let wasConnected = state == .connected
        endReason = reason
        nextTimeout = nil
        if isHandshakeComplete {
            OpenSSLErrorQueue.clear()
            _ = SSL_shutdown(ssl)
            OpenSSLErrorQueue.clear()
        }
        flushNetworkOutput()
        let closes = wasConnected || reason == .closedLocally
        changeState(to: closes ? .closed : .failed)
    }
}
