// An ICE-lite agent (RFC 8445 §2.5): it gathers only host candidates, never
// sends checks, answers the controlling peer's Binding requests (§7.3) and
// follows its nominations. Behaviour as mediasoup's IceServer: the first
// valid request on a tuple makes ICE `connected` on it; a nominating request
// (USE-CANDIDATE, or a NOMINATION larger than the last one) makes it
// `completed` and selects that tuple; RFC 7675 consent lapses after
// `consentTimeout` seconds without a valid request (`disconnected`).

import MafaldaFoundation
import RTP

/// The state of an ICE-lite agent (mediasoup's `iceState` without `closed`).
public enum IceLiteState: Sendable, Hashable {
    /// No valid check received yet.
    case new
    /// A valid check arrived; no tuple is nominated yet.
    case connected
    /// The peer nominated a tuple.
    case completed
    /// Consent expired, or the last tuple went away.
    case disconnected
}

/// What an ``IceLiteServer`` asks of its caller, in order.
public enum IceLiteOutput: Sendable, Hashable {
    /// Send these bytes (a STUN response) to the remote address of `tuple`, from its local socket.
    case send([UInt8], to: IceTuple)
    /// The state changed.
    case stateChanged(IceLiteState)
    /// Media now goes to this tuple (mediasoup's `iceselectedtuplechange`).
    case selectedTupleChanged(IceTuple)
    /// A check validated a new tuple: datagrams from it are the peer's.
    case tupleAdded(IceTuple)
    /// A tuple is no longer the peer's (consent expired, a tuple over the limit, or removed).
    case tupleRemoved(IceTuple)
    /// The peer uses the credentials of the last restart: the previous
    /// username fragment no longer identifies this agent.
    case usernameFragmentRemoved(String)
}

/// A sans-I/O ICE-lite agent, always controlled: STUN Binding requests in,
/// responses, state and tuple changes out.
///
/// Drive it with ``handleStun(_:from:now:)`` for each STUN datagram and
/// ``handleTimeout(now:)`` when ``nextTimeout`` passes; after each call,
/// drain ``pollOutput()`` until it answers nil. `now` is milliseconds on the
/// caller's monotonic clock.
public struct IceLiteServer: Sendable {
    /// The most tuples kept; adding one more forgets the oldest one that is not selected.
    public static let maximumTuples = 8
    /// The consent timeouts accepted, in seconds (0 turns the check off).
    public static let consentTimeoutRange = 10...60

    /// The local username fragment.
    public private(set) var usernameFragment: String
    /// The local password.
    public private(set) var password: String
    /// The username fragment before the last ``restartIce(usernameFragment:password:now:)``,
    /// still accepted until the peer uses the new credentials.
    public private(set) var oldUsernameFragment: String?
    /// Seconds without a valid check before `disconnected`; 0 when off.
    public let consentTimeout: Int
    /// Where ICE is (``IceLiteState``).
    public internal(set) var state: IceLiteState = .new
    /// The tuple media goes to; nil before the first valid check and after a disconnection.
    public internal(set) var selectedTuple: IceTuple?
    /// The validated tuples, the most recently added first.
    public internal(set) var tuples: [IceTuple] = []

    var credentials: Credentials
    var oldCredentials: Credentials?
    /// The largest NOMINATION accepted since the last (re)start.
    var remoteNomination: UInt32 = 0
    /// When consent lapses, while it is checked.
    var consentDeadline: UInt64?
    private var outputs = OutputQueue<IceLiteOutput>()

    /// A username fragment and password as the bytes compared and keyed with.
    struct Credentials: Sendable {
        let usernameFragment: [UInt8]
        let password: [UInt8]

        init(_ usernameFragment: String, _ password: String) {
            self.usernameFragment = Array(usernameFragment.utf8)
            self.password = Array(password.utf8)
        }
    }

    /// An agent with local credentials `usernameFragment` and `password`.
    ///
    /// - Parameter consentTimeout: seconds without a valid check before
    ///   `disconnected` (mediasoup's `iceConsentTimeout`); 0 turns the check
    ///   off, other values are brought into ``consentTimeoutRange``.
    public init(usernameFragment: String, password: String, consentTimeout: Int = 30) {
        self.usernameFragment = usernameFragment
        self.password = password
        self.credentials = Credentials(usernameFragment, password)
        let range = Self.consentTimeoutRange
        self.consentTimeout = consentTimeout <= 0 ? 0 : min(max(consentTimeout, range.lowerBound), range.upperBound)
        tuples.reserveCapacity(Self.maximumTuples + 1)
    }

    // MARK: Driving

    /// The next output, or nil when all were taken.
    public mutating func pollOutput() -> IceLiteOutput? {
        outputs.poll()
    }

    /// When ``handleTimeout(now:)`` must be called; nil when nothing is timed.
    public var nextTimeout: UInt64? { consentDeadline }

    /// Takes a STUN datagram that arrived on `tuple`. Binding requests are
    /// answered (success, or error 400, 401 or 487 as mediasoup answers);
    /// indications and responses are ignored.
    ///
    /// - Returns: whether `datagram` is a well-formed STUN message (false: dropped unanswered).
    @discardableResult
    public mutating func handleStun(_ datagram: UnsafeRawBufferPointer, from tuple: IceTuple, now: UInt64) -> Bool {
        guard let request = try? StunMessageFields(parsing: datagram) else { return false }
        guard request.type.messageClass == .request else { return true }
        guard request.type.method == .binding, request.hasFingerprint, (request.priority ?? 0) != 0 else {
            respondError(400, to: request, tuple: tuple)
            return true
        }
        var key = credentials.password
        switch authenticate(request, in: datagram, with: credentials) {
        case .valid:
            if let old = oldCredentials {
                oldCredentials = nil
                oldUsernameFragment = nil
                emit(.usernameFragmentRemoved(String(decoding: old.usernameFragment, as: UTF8.self)))
            }
        case .unauthorized:
            guard let old = oldCredentials, authenticate(request, in: datagram, with: old) == .valid else {
                respondError(401, to: request, tuple: tuple)
                return true
            }
            key = old.password
        case .badRequest:
            respondError(400, to: request, tuple: tuple)
            return true
        }
        // We are controlled: a controlled peer is a role conflict (RFC 8445 §7.3.1.1).
        guard request.iceControlled == nil else {
            respondError(487, to: request, tuple: tuple)
            return true
        }
        respondSuccess(to: request, tuple: tuple, key: key)
        handleValidCheck(on: tuple, useCandidate: request.useCandidate, nomination: request.nomination)
        if state == .connected || state == .completed, consentTimeout > 0 {
            consentDeadline = now + UInt64(consentTimeout) * 1000
        }
        return true
    }

    /// Takes the expiry of the timer armed at ``nextTimeout``: without a
    /// valid check since, consent is lost and every tuple forgotten.
    public mutating func handleTimeout(now: UInt64) {
        guard let deadline = consentDeadline, now >= deadline else { return }
        consentDeadline = nil
        guard state == .connected || state == .completed else { return }
        disconnect()
    }

    /// Takes new local credentials (mediasoup's `restartIce`). The previous
    /// ones are still accepted until a request uses the new ones; running
    /// consent gets a full timeout again, and nominations count afresh.
    public mutating func restartIce(usernameFragment: String, password: String, now: UInt64) {
        if let oldUsernameFragment { emit(.usernameFragmentRemoved(oldUsernameFragment)) }
        oldUsernameFragment = self.usernameFragment
        oldCredentials = credentials
        self.usernameFragment = usernameFragment
        self.password = password
        credentials = Credentials(usernameFragment, password)
        remoteNomination = 0
        if consentDeadline != nil { consentDeadline = now + UInt64(consentTimeout) * 1000 }
    }

    // MARK: Checks

    enum Authentication: Equatable {
        case valid
        case unauthorized
        case badRequest
    }

    /// Checks USERNAME (our fragment, a colon, the peer's) and
    /// MESSAGE-INTEGRITY keyed with the password (RFC 8445 §7.3, RFC 8489 §9.1.3).
    func authenticate(
        _ request: StunMessageFields, in datagram: UnsafeRawBufferPointer, with credentials: Credentials
    ) -> Authentication {
        guard !credentials.usernameFragment.isEmpty, request.usernameRange != nil,
            request.messageIntegrityOffset != nil
        else {
            return .badRequest
        }
        guard request.usernameStarts(with: credentials.usernameFragment, in: datagram),
            request.verifyMessageIntegrity(key: credentials.password, in: datagram)
        else {
            return .unauthorized
        }
        return .valid
    }

    /// Sends a success response: XOR-MAPPED-ADDRESS of the source,
    /// MESSAGE-INTEGRITY keyed with `key`, FINGERPRINT.
    private mutating func respondSuccess(to request: StunMessageFields, tuple: IceTuple, key: [UInt8]) {
        let source = tuple.remote
        let size = Stun.headerSize + StunWriter.attributeSize(valueLength: source.xorMappedSize)
            + StunWriter.integritySize + StunWriter.fingerprintSize
        let response = makeBytes(size: size) { buffer in
            var writer = StunWriter(
                into: buffer, type: StunMessageType(.successResponse, request.type.method),
                transactionID: request.transactionID)
            writer.append(StunAttributeType.xorMappedAddress, length: source.xorMappedSize) { value in
                source.writeXorMapped(into: value, at: 0, transactionID: request.transactionID)
            }
            key.withUnsafeBytes { writer.appendIntegrity(key: $0) }
            writer.appendFingerprint()
            return writer.finish()
        }
        emit(.send(response, to: tuple))
    }

    /// Sends an error response: ERROR-CODE `code` with its reason, FINGERPRINT
    /// (no MESSAGE-INTEGRITY, as mediasoup).
    private mutating func respondError(_ code: UInt16, to request: StunMessageFields, tuple: IceTuple) {
        let reason = StunErrorCode.reason(code)
        let valueLength = 4 + reason.utf8CodeUnitCount
        let size = Stun.headerSize + StunWriter.attributeSize(valueLength: valueLength) + StunWriter.fingerprintSize
        let response = makeBytes(size: size) { buffer in
            var writer = StunWriter(
                into: buffer, type: StunMessageType(.errorResponse, request.type.method),
                transactionID: request.transactionID)
            writer.append(StunAttributeType.errorCode, length: valueLength) { value in
                StunErrorCode.write(code, into: value)
                _ = reason.withUTF8Buffer { value.put($0, at: 4) }
            }
            writer.appendFingerprint()
            return writer.finish()
        }
        emit(.send(response, to: tuple))
    }

    mutating func emit(_ output: IceLiteOutput) {
        outputs.append(output)
    }
}
