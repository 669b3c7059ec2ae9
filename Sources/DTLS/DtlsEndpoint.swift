import COpenSSL
import COpenSSLShims
import Mediasoup

/// A sans-I/O DTLS 1.2 endpoint for DTLS-SRTP, on OpenSSL over two memory
/// BIOs, as mediasoup's `DtlsTransport` behaves: datagrams and timer expiries
/// in, datagrams, state changes, SRTP keys and application data out.
///
/// Drive it with ``start(now:)``, `receive(_:now:)`
/// for each DTLS datagram, ``handleTimeout(now:)`` when ``nextTimeout``
/// passes, ``send(applicationData:)`` and ``close()``; after each call, drain
/// ``pollOutput()`` until it answers nil. `now` is milliseconds on the
/// caller's monotonic clock.
///
/// On handshake completion the peer certificate's digest must equal the
/// remote fingerprint (with its algorithm, hex compared ignoring case), and
/// an SRTP profile must have been negotiated; then ``DtlsOutput/connected(_:)``
/// carries the keys and the state becomes `connected`. Any failure before
/// that ends in `failed`. Once connected, the end of the association is
/// `closed`, whether the peer sent close_notify or a fatal alert (mediasoup's
/// rule); ``endReason`` says which. After `failed` or `closed` every input is
/// ignored.
///
/// Datagrams that are not whole DTLS records are dropped before OpenSSL sees
/// them and counted in ``droppedDatagrams``. Well-framed records OpenSSL
/// rejects are its business: it discards what does not authenticate, and
/// ends the handshake on a malformed handshake message (DTLS cannot tell an
/// attacker's unauthenticated epoch-0 message from the peer's).
///
/// The retransmission timer is OpenSSL's and runs on OpenSSL's clock, not on
/// `now`: ``nextTimeout`` is `now` plus the delay OpenSSL reported at the
/// last call, and ``handleTimeout(now:)`` lets OpenSSL retransmit if its own
/// timer expired (an early call only re-arms).
///
/// Not `Sendable`: one event loop owns it. Call ``close()`` and drain the
/// outputs before dropping a running endpoint, so the peer gets close_notify.
public final class DtlsEndpoint {
    /// The MTUs accepted: OpenSSL's DTLS minimum (256) up to one full record.
    public static let mtuRange = 256...16_384
    /// The longest application data one ``send(applicationData:)`` takes (one record's plaintext).
    public static let maximumApplicationDataSize = 16_384
    /// The label of the DTLS-SRTP keying material exporter (RFC 5764 §4.2).
    static let srtpExporterLabel = "EXTRACTOR-dtls_srtp"

    /// The local certificate and key.
    public let identity: DtlsIdentity
    /// The local side of the handshake.
    public let role: DtlsEndpointRole
    /// The SRTP suites offered (client) or accepted (server), most preferred first.
    public let srtpSuites: [SrtpCryptoSuite]
    /// The largest datagram sent (OpenSSL fragments handshake messages to fit).
    public let mtu: Int
    /// The fingerprint the peer's certificate must match; nil until known
    /// (see ``setRemoteFingerprint(_:)``).
    public private(set) var remoteFingerprint: DtlsFingerprint?
    /// Where the association is.
    public private(set) var state: DtlsState = .new
    /// Why the state became `failed` or `closed`; nil before.
    public internal(set) var endReason: DtlsEndReason?
    /// The peer's certificate in PEM once its fingerprint is verified
    /// (mediasoup's `dtlsRemoteCert`).
    public internal(set) var remoteCertificatePEM: String?
    /// The SRTP suite negotiated, once connected.
    public internal(set) var srtpCryptoSuite: SrtpCryptoSuite?
    /// Datagrams refused without reaching OpenSSL: not whole DTLS records,
    /// longer than ``DtlsRecordFraming/maximumDatagramSize``, or arriving
    /// before ``start(now:)`` or after the end.
    public private(set) var droppedDatagrams = 0
    /// When ``handleTimeout(now:)`` must be called, in the caller's
    /// milliseconds; nil when no handshake flight awaits an answer.
    public internal(set) var nextTimeout: UInt64?
    /// Whether OpenSSL finished the handshake (the fingerprint may still be unchecked).
    public internal(set) var isHandshakeComplete = false

    /// The `SSL *`; it owns both BIOs.
    let ssl: OpaquePointer
    /// The memory BIO OpenSSL reads the peer's datagrams from.
    private let networkInput: OpaquePointer
    /// The memory BIO OpenSSL writes records to.
    private let networkOutput: OpaquePointer
    private var outputs = OutputQueue<DtlsOutput>()

    /// An endpoint, not started, for one DTLS association.
    ///
    /// - Parameters:
    ///   - identity: the local certificate and key (and the OpenSSL context).
    ///   - role: client or server.
    ///   - remoteFingerprint: the peer certificate's signalled fingerprint;
    ///     nil if not known yet (the handshake may then complete, and waits
    ///     for ``setRemoteFingerprint(_:)`` before `connected`).
    ///   - srtpSuites: the `use_srtp` profiles, most preferred first
    ///     (duplicates ignored); mediasoup's order by default.
    ///   - mtu: the largest datagram to send, in ``mtuRange``.
    /// - Throws: ``DtlsError/noSrtpSuites``, ``DtlsError/invalidMtu(_:)``, or
    ///   ``DtlsError/openSSL(operation:reason:)`` if OpenSSL refuses the setup.
    public init(
        identity: DtlsIdentity, role: DtlsEndpointRole, remoteFingerprint: DtlsFingerprint?,
        srtpSuites: [SrtpCryptoSuite] = SrtpCryptoSuite.dtlsSrtpPreference, mtu: Int = 1350
    ) throws(DtlsError) {
        var suites: [SrtpCryptoSuite] = []
        for suite in srtpSuites where !suites.contains(suite) { suites.append(suite) }
        guard !suites.isEmpty else { throw .noSrtpSuites }
        guard Self.mtuRange.contains(mtu) else { throw .invalidMtu(mtu) }
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(identity.context) else {
            throw .openSSL(operation: "SSL_new", reason: OpenSSLErrorQueue.drain())
        }
        guard let input = BIO_new(BIO_s_mem()) else {
            let reason = OpenSSLErrorQueue.drain()
            SSL_free(ssl)
            throw .openSSL(operation: "BIO_new", reason: reason)
        }
        guard let output = BIO_new(BIO_s_mem()) else {
            let reason = OpenSSLErrorQueue.drain()
            BIO_free(input)
            SSL_free(ssl)
            throw .openSSL(operation: "BIO_new", reason: reason)
        }
        SSL_set_bio(ssl, input, output)
        let profiles = suites.map(\.dtlsSrtpProfileName).joined(separator: ":")
        // SSL_set_tlsext_use_srtp answers 0 on success.
        guard SSL_set_tlsext_use_srtp(ssl, profiles) == 0 else {
            let reason = OpenSSLErrorQueue.drain()
            SSL_free(ssl)
            throw .openSSL(operation: "SSL_set_tlsext_use_srtp(\(profiles))", reason: reason)
        }
        guard cshims_dtls_set_mtu(ssl, mtu) == 1 else {
            let reason = OpenSSLErrorQueue.drain()
            SSL_free(ssl)
            throw .openSSL(operation: "DTLS MTU \(mtu)", reason: reason)
        }
        DTLS_set_timer_cb(ssl) { _, current in DtlsRetransmissionSchedule.delay(after: current) }
        self.ssl = ssl
        self.networkInput = input
        self.networkOutput = output
        self.identity = identity
        self.role = role
        self.remoteFingerprint = remoteFingerprint
        self.srtpSuites = suites
        self.mtu = mtu
    }

    deinit {
        SSL_free(ssl)
    }

    // MARK: Driving

    /// The next output, or nil when all were taken.
    public func pollOutput() -> DtlsOutput? {
        outputs.poll()
    }

    /// Starts the handshake: `connecting`; a client sends its ClientHello
    /// and arms the retransmission timer, a server waits for the peer's.
    /// Does nothing unless the state is `new`.
    public func start(now: UInt64) {
        guard state == .new else { return }
        changeState(to: .connecting)
        switch role {
        case .client: SSL_set_connect_state(ssl)
        case .server: SSL_set_accept_state(ssl)
        }
        OpenSSLErrorQueue.clear()
        let result = SSL_do_handshake(ssl)
        if result <= 0 { handleFailedCall(result) }
        finishCall(now: now)
    }

    /// Takes a datagram from the peer (one or more DTLS records): handshake
    /// messages advance the handshake, application data comes out as
    /// ``DtlsOutput/applicationData(_:)`` once connected (and is ignored
    /// before), close_notify ends the association.
    ///
    /// Datagrams that are not whole DTLS records are dropped and counted.
    public func receive(_ datagram: UnsafeRawBufferPointer, now: UInt64) {
        guard isRunning, DtlsRecordFraming.isWellFormed(datagram), let base = datagram.baseAddress else {
            droppedDatagrams += 1
            return
        }
        if cshims_bio_pending(networkInput) > 0 { _ = cshims_bio_reset(networkInput) }
        guard BIO_write(networkInput, base, Int32(datagram.count)) == Int32(datagram.count) else {
            _ = cshims_bio_reset(networkInput)
            OpenSSLErrorQueue.clear()
            droppedDatagrams += 1
            return
        }
        readRecords()
        // OpenSSL reads a datagram whole; anything left would be misread as the next one.
        if cshims_bio_pending(networkInput) > 0 { _ = cshims_bio_reset(networkInput) }
        finishCall(now: now)
    }

    /// Takes a datagram from the peer, as `receive(_:now:)`.
    public func receive(_ datagram: some Collection<UInt8>, now: UInt64) {
        let handled: Void? = datagram.withContiguousStorageIfAvailable { buffer in
            receive(UnsafeRawBufferPointer(buffer), now: now)
        }
        if handled == nil {
            Array(datagram).withUnsafeBytes { receive($0, now: now) }
        }
    }

    /// Takes the expiry of the timer armed at ``nextTimeout``: OpenSSL
    /// retransmits the last handshake flight if its own timer expired, and
    /// fails the handshake after too many expiries.
    public func handleTimeout(now: UInt64) {
        guard state == .connecting, !isHandshakeComplete else {
            nextTimeout = nil
            return
        }
        OpenSSLErrorQueue.clear()
        if cshims_dtls_handle_timeout(ssl) < 0 {
            OpenSSLErrorQueue.clear()
            end(.handshakeTimedOut)
        }
        finishCall(now: now)
    }

    /// Sends application data (an SCTP packet) as one DTLS record.
    ///
    /// - Throws: ``DtlsSendError``; a write OpenSSL refuses may end the association.
    public func send(applicationData: some Collection<UInt8>) throws(DtlsSendError) {
        guard state == .connected else { throw .notConnected }
        let count = applicationData.count
        guard count > 0 else { throw .empty }
        guard count <= Self.maximumApplicationDataSize else { throw .tooLarge(count) }
        OpenSSLErrorQueue.clear()
        let written: Int32 =
            applicationData.withContiguousStorageIfAvailable { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
            ?? Array(applicationData).withUnsafeBufferPointer { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
        if written <= 0 {
            let reason = handleFailedCall(written)
            flushNetworkOutput()
            throw .writeFailed(reason: reason)
        }
        flushNetworkOutput()
    }

    /// Ends the association: sends close_notify if the handshake completed,
    /// and the state becomes `closed`. Does nothing after `failed` or `closed`.
    public func close() {
        guard state != .failed, state != .closed else { return }
        end(.closedLocally)
    }

    /// Gives the peer certificate's fingerprint when it was not known at
    /// init (mediasoup's `SetRemoteFingerprint`): if the handshake already
    /// completed, the certificate is checked now. Does nothing after the
    /// fingerprint was checked, or after `failed` or `closed`.
    public func setRemoteFingerprint(_ fingerprint: DtlsFingerprint) {
        guard state == .new || state == .connecting else { return }
        remoteFingerprint = fingerprint
        if isHandshakeComplete { verifyPeerAndConnect(expecting: fingerprint) }
    }

    // MARK: OpenSSL calls

    /// Whether datagrams and timers are still taken.
    private var isRunning: Bool { state == .connecting || state == .connected }

    /// Reads until OpenSSL needs another datagram: the handshake advances,
    /// application data comes out, errors and close_notify end the association.
    private func readRecords() {
        withUnsafeTemporaryAllocation(byteCount: Self.maximumApplicationDataSize, alignment: 16) { buffer in
            while isRunning {
                OpenSSLErrorQueue.clear()
                let count = SSL_read(ssl, buffer.baseAddress, Int32(buffer.count))
                if !isHandshakeComplete, SSL_is_init_finished(ssl) == 1 {
                    completeHandshake()
                    guard isRunning else { return }
                }
                guard count > 0 else {
                    handleFailedCall(count)
                    return
                }
                // Application data before the fingerprint is verified is ignored, as mediasoup does.
                if state == .connected, count <= buffer.count {
                    emit(.applicationData(Array(UnsafeRawBufferPointer(rebasing: buffer[0..<Int(count)]))))
                }
            }
        }
    }

    /// Looks at why an OpenSSL call answered `result` (≤ 0): close_notify and
    /// fatal errors end the association. Returns OpenSSL's error text.
    @discardableResult
    private func handleFailedCall(_ result: Int32) -> String {
        let error = SSL_get_error(ssl, result)
        let reason = OpenSSLErrorQueue.drain()
        // A fatal alert sets SSL_RECEIVED_SHUTDOWN too: errors first, then close_notify.
        if error == SSL_ERROR_SSL || error == SSL_ERROR_SYSCALL {
            end(.protocolError(reason: reason))
        } else if error == SSL_ERROR_ZERO_RETURN || SSL_get_shutdown(ssl) & SSL_RECEIVED_SHUTDOWN != 0 {
            end(.closedByPeer)
        }
        return reason
    }

    /// After each input: what OpenSSL wrote goes out, the timer is re-armed.
    private func finishCall(now: UInt64) {
        flushNetworkOutput()
        guard state == .connecting, !isHandshakeComplete else {
            nextTimeout = nil
            return
        }
        let milliseconds = cshims_dtls_get_timeout_ms(ssl)
        nextTimeout = milliseconds < 0 ? nil : now + UInt64(milliseconds)
    }

    /// Moves the records OpenSSL wrote into ``DtlsOutput/send(_:)`` datagrams.
    func flushNetworkOutput() {
        var data: UnsafeMutablePointer<CChar>?
        let count = cshims_bio_get_mem_data(networkOutput, &data)
        guard count > 0, let data else { return }
        let bytes = UnsafeRawBufferPointer(start: data, count: count)
        for datagram in DtlsRecordFraming.datagrams(of: bytes, mtu: mtu) {
            emit(.send(datagram))
        }
        _ = cshims_bio_reset(networkOutput)
    }

    // MARK: Outputs

    /// Moves to `newState` and says so.
    func changeState(to newState: DtlsState) {
        state = newState
        emit(.stateChanged(newState))
    }

    /// Queues `output` for ``pollOutput()``.
    func emit(_ output: DtlsOutput) {
        outputs.append(output)
    }
}
