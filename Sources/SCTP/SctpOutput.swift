import Mediasoup

/// What an ``SctpAssociation`` asks of its caller, in order.
public enum SctpOutput: Sendable, Hashable {
    /// Send this SCTP packet to the peer (in a DTLS record, or a UDP datagram).
    case send([UInt8])
    /// The state changed (mediasoup's `sctpstatechange`).
    case stateChanged(SctpState)
    /// A whole message arrived on `streamId` with payload protocol `ppid`.
    case message(streamId: UInt16, ppid: UInt32, [UInt8])
    /// The peer reset its outgoing stream `streamId` (its data channel closed).
    case incomingStreamReset(UInt16)
}
