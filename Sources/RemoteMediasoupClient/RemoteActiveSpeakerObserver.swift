import Mediasoup
import RemoteMediasoupProtocol

/// An ActiveSpeakerObserver of a remote router.
final class RemoteActiveSpeakerObserver: RemoteRtpObserver, ActiveSpeakerObserver {
    let rtpObserverCore: RemoteRtpObserverCore

    init(snapshot: ObjectSnapshot, router: RemoteRouter, session: RemoteSession) throws {
        self.rtpObserverCore = try RemoteRtpObserverCore(snapshot: snapshot, router: router, session: session)
    }
}
