import Mediasoup

/// How a cluster worker ends, as a value its worker keeps under a lock:
/// closed by the application, or its server lost (with an error) or closing
/// it; then `died` and observer `close` announced once; and the real
/// worker's `subprocessclose` passed on only after those, whichever thread
/// hears it first (a real worker that can no longer be heard of may say it
/// before its close, or while the close is being announced on another thread).
struct WorkerEnding {
    /// What ``end()`` decided to announce.
    struct Announcement {
        /// The application closed the worker: observer `close` only.
        var closedHere: Bool
        /// Why the server was lost, if it was.
        var lost: (any Error)?
    }

    private var closedHere = false
    private var lost: (any Error)?
    /// `died` and `close` are decided (and being announced).
    private var ended = false
    /// `died` and `close` went out.
    private var announced = false
    /// The real worker said `subprocessclose`.
    private var subprocessClosed = false

    /// Closed or ended: from the moment the end is decided.
    var closed: Bool { closedHere || ended }
    /// Ended without the application closing it.
    var diedHere: Bool { ended && !closedHere }
    /// `subprocessclose` went out, or may go out now.
    var subprocessClosedShown: Bool { announced && subprocessClosed }

    /// The application closes the worker (unless it ended already).
    mutating func closeHere() {
        if !ended { closedHere = true }
    }

    /// The cluster lost the worker's server (unless it ended or was closed).
    mutating func lose(_ error: any Error) {
        if !ended && !closedHere { lost = error }
    }

    /// The real worker closed: what to announce, the first time only.
    mutating func end() -> Announcement? {
        guard !ended else { return nil }
        ended = true
        return Announcement(closedHere: closedHere, lost: lost)
    }

    /// The end was announced: whether `subprocessclose`, heard meanwhile, goes out now.
    mutating func endAnnounced() -> Bool {
        announced = true
        return subprocessClosed
    }

    /// The real worker said `subprocessclose`: whether it goes out now (the
    /// end was announced) or waits for ``endAnnounced()``.
    mutating func realSubprocessClosed() -> Bool {
        subprocessClosed = true
        return announced
    }
}
