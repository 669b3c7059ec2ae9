import Mediasoup
import MediasoupChannel

extension LocalRouter {
    func createActiveSpeakerObserver(_ options: ActiveSpeakerObserverOptions) async throws
        -> any ActiveSpeakerObserver
    {
        throw MediasoupError("createActiveSpeakerObserver() is not implemented yet in the local engine")
    }

    func createAudioLevelObserver(_ options: AudioLevelObserverOptions) async throws -> any AudioLevelObserver {
        throw MediasoupError("createAudioLevelObserver() is not implemented yet in the local engine")
    }
}
