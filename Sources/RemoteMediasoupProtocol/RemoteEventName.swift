/// What the wire's event names share across classes (each emitter's names
/// are in ``RemoteEventNames``).
public enum RemoteEventName {
    /// Every observer's last event: the object closed.
    public static let close = "close"

    /// Events that come at packet or message rate: a session receives them
    /// only for the objects it subscribed to (those it created, and those it
    /// names with `<Class>.subscribe`), not for every object of the server.
    public static let highRate: Set<String> = [
        ConsumerEventName.rtp.rawValue, TransportEventName.rtcp.rawValue, DataConsumerEventName.message.rawValue,
        TransportEventName.trace.rawValue,
    ]
}
