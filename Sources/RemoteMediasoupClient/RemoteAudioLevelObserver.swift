import Mediasoup
import RemoteMediasoupProtocol

/// An AudioLevelObserver of a remote router.
final class RemoteAudioLevelObserver: RemoteRtpObserver, AudioLevelObserver {
    let rtpObserverCore: RemoteRtpObserverCore

    init(snapshot: ObjectSnapshot, router: RemoteRouter, session: RemoteSession) throws {
        self.rtpObserverCore = try RemoteRtpObserverCore(snapshot: snapshot, router: router, session: session)
    }
}
