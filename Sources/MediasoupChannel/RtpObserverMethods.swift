import Mediasoup

// Requests and notifications of RTP observers (ActiveSpeakerObserver,
// AudioLevelObserver), and their payloads. Creating and closing them goes to
// the router (handlerId = router id); the others to the observer.

extension ChannelMethod {
    package static let routerCreateActiveSpeakerObserver: Self = "router.createActiveSpeakerObserver"
    package static let routerCreateAudioLevelObserver: Self = "router.createAudioLevelObserver"
    package static let routerCloseRtpObserver: Self = "router.closeRtpObserver"

    package static let rtpObserverPause: Self = "rtpObserver.pause"
    package static let rtpObserverResume: Self = "rtpObserver.resume"
    package static let rtpObserverAddProducer: Self = "rtpObserver.addProducer"
    package static let rtpObserverRemoveProducer: Self = "rtpObserver.removeProducer"
}

/// `router.createActiveSpeakerObserver`.
package struct CreateActiveSpeakerObserverPayload: Sendable, Codable {
    package var rtpObserverId: String
    /// Milliseconds between checks.
    package var interval: Int
    package init(rtpObserverId: String, interval: Int) {
        self.rtpObserverId = rtpObserverId
        self.interval = interval
    }
}

/// `router.createAudioLevelObserver`.
package struct CreateAudioLevelObserverPayload: Sendable, Codable {
    package var rtpObserverId: String
    /// Most producers reported per interval; positive.
    package var maxEntries: Int
    /// dBov, from -127 to 0.
    package var threshold: Double
    /// Milliseconds between reports (the worker keeps it within 250...5000).
    package var interval: Int
    package init(rtpObserverId: String, maxEntries: Int, threshold: Double, interval: Int) {
        self.rtpObserverId = rtpObserverId
        self.maxEntries = maxEntries
        self.threshold = threshold
        self.interval = interval
    }
}

/// `router.closeRtpObserver`.
package struct RtpObserverIdPayload: Sendable, Codable {
    package var rtpObserverId: String
    package init(rtpObserverId: String) { self.rtpObserverId = rtpObserverId }
}

/// `rtpObserver.addProducer`, `rtpObserver.removeProducer`, and the
/// `activeSpeakerObserver.dominantSpeaker` notification.
package struct RtpObserverProducerPayload: Sendable, Codable {
    package var producerId: String
    package init(producerId: String) { self.producerId = producerId }
}

/// The `audioLevelObserver.volumes` notification: the loudest producers, loudest first.
package struct AudioLevelVolumesPayload: Sendable, Codable {
    package struct Volume: Sendable, Codable, Equatable {
        package var producerId: String
        /// Average dBov over the interval.
        package var volume: Double
        package init(producerId: String, volume: Double) {
            self.producerId = producerId
            self.volume = volume
        }
    }
    package var volumes: [Volume]
    package init(volumes: [Volume]) { self.volumes = volumes }
}

/// Notifications worker → library about RTP observers.
package enum RtpObserverNotification {
    /// ``AudioLevelVolumesPayload``.
    package static let audioLevelVolumes = "audioLevelObserver.volumes"
    /// No producer above the threshold during the interval.
    package static let audioLevelSilence = "audioLevelObserver.silence"
    /// ``RtpObserverProducerPayload``.
    package static let activeSpeakerDominantSpeaker = "activeSpeakerObserver.dominantSpeaker"
}
