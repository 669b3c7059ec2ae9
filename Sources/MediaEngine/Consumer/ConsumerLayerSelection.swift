import Mediasoup

/// Which of its producer's packets a consumer forwards: nothing while it or
/// its producer is paused; for video, nothing before a keyframe (at the start
/// and after each pause); for a simulcast consumer, one encoding of the
/// producer (its spatial layer) and, for VP8, the temporal layers up to the
/// preferred one. Sans-I/O: it takes each packet's facts and the time-free
/// state of the producer's encodings, and answers with what to do and what to
/// ask for; the caller sends, requests keyframes and notifies.
///
/// mediasoup's rules, as its SimulcastConsumer applies them:
/// - The target encoding is the highest active one up to the preferred
///   spatial layer (the producer says which, from its streams' activity).
///   When the target changes, the sender is asked for a keyframe of it, and
///   the current encoding is forwarded until that keyframe: the switch
///   happens only on a keyframe.
/// - A temporal layer above the current one is climbed to only where a
///   receiver can start decoding it (a layer sync point, or a keyframe);
///   going down is immediate.
/// - Each change of the layers forwarded is announced (`layerschange`).
/// - On a transport whose outgoing bitrate is shared out (transport-cc), the
///   layers aimed at are the preferred ones lowered to what the bitrate
///   allows (``allowance``); when nothing fits, nothing is forwarded.
package struct ConsumerLayerSelection: Sendable {
    /// The layers a simulcast consumer's share of its transport's bitrate allows.
    package enum Allowance: Equatable, Sendable {
        /// Not managed by bitrate (no estimate, or none shared out yet): the preferred layers.
        case unlimited
        /// Up to these layers.
        case upTo(ConsumerLayers)
        /// No layer fits: forward nothing.
        case nothing
    }

    /// What the selection needs to know of one packet of the producer.
    package struct Packet: Sendable {
        /// The producer encoding (stream) it belongs to.
        package var encoding: Int
        package var isKeyFrame: Bool
        /// Its temporal layer, when its payload says one.
        package var temporalLayer: Int?
        /// Whether the consumer drops its temporal layers above the one
        /// forwarded (VP8, whose picture IDs it renumbers).
        package var followsTemporalLayers: Bool
        /// A point where a receiver can start decoding its temporal layer.
        package var isLayerSync: Bool

        package init(
            encoding: Int, isKeyFrame: Bool, temporalLayer: Int? = nil, followsTemporalLayers: Bool = false,
            isLayerSync: Bool = false
        ) {
            self.encoding = encoding
            self.isKeyFrame = isKeyFrame
            self.temporalLayer = temporalLayer
            self.followsTemporalLayers = followsTemporalLayers
            self.isLayerSync = isLayerSync
        }
    }

    /// What to do with a packet.
    package enum Verdict: Equatable, Sendable {
        /// Send it on the consumer's stream of this index.
        case send(stream: Int)
        /// Not sent, but the stream's numbering closes its gap (a temporal
        /// layer above the one forwarded).
        case dropInGap(stream: Int)
        /// Not for this consumer (paused, waiting for a keyframe, another encoding).
        case skip
    }

    /// Which keyframe to ask the producer's sender for.
    package enum KeyFrameRequest: Equatable, Sendable {
        case encoding(Int)
        case allEncodings
    }

    /// The answer for one packet.
    package struct Outcome: Equatable, Sendable {
        package var verdict: Verdict
        /// Ask the sender for this keyframe (a simulcast target changed).
        package var keyFrameRequest: KeyFrameRequest? = nil
        /// The layers forwarded changed: announce ``ConsumerLayerSelection/currentLayers``.
        package var layersChanged = false

        package init(verdict: Verdict, keyFrameRequest: KeyFrameRequest? = nil, layersChanged: Bool = false) {
            self.verdict = verdict
            self.keyFrameRequest = keyFrameRequest
            self.layersChanged = layersChanged
        }
    }

    package let type: ConsumerType
    package let isVideo: Bool
    /// The consumer's streams: one, or one per encoding for a pipe consumer.
    package let streamCount: Int
    /// The layers its stream has (simulcast and SVC), for clamping preferences.
    private let spatialLayers: Int
    private let temporalLayers: Int

    package var paused: Bool
    package var producerPaused = false
    /// Simulcast and SVC: the layers it forwards at most; nil for the others.
    package private(set) var preferredLayers: ConsumerLayers?
    /// Simulcast: the encoding forwarded; nil before the first keyframe.
    package private(set) var currentSpatialLayer: Int?
    /// Simulcast: the encoding it is to forward (it switches on that
    /// encoding's next keyframe); nil before the first packet, or when no
    /// encoding is active.
    package private(set) var targetSpatialLayer: Int?
    /// Simulcast: the highest temporal layer forwarded; nil before the first
    /// packet with one (and after a pause).
    package private(set) var currentTemporalLayer: Int?
    /// Video: waits for a keyframe before it forwards anything.
    package private(set) var waitsForKeyFrame = true
    /// Simulcast: what its share of the transport's bitrate allows.
    package private(set) var allowance = Allowance.unlimited
    /// When the bitrate last took it below the spatial layer it forwarded.
    private var lastDowngrade: UInt64?
    /// How long after such a downgrade the bitrate may not give it a higher
    /// spatial layer than the one it forwards (mediasoup's
    /// BweDowngradeConservativeMs): a link that just proved too small for a
    /// layer is not tried again at once.
    package static let downgradeHoldMilliseconds: UInt64 = 10_000
    /// A downgrade counts for that only once the consumer forwarded this long
    /// (mediasoup's BweDowngradeMinActiveMs): the first allocations after it
    /// starts are not downgrades but its first fit.
    package static let downgradeMinForwardingMilliseconds: UInt64 = 8_000

    /// - Parameters:
    ///   - spatialLayers, temporalLayers: the layers of its stream (simulcast
    ///     and SVC consumers; 1 for the others).
    ///   - preferred: the preferred layers asked for at creation; the highest
    ///     ones when nil.
    package init(
        type: ConsumerType, isVideo: Bool, streamCount: Int, spatialLayers: Int = 1, temporalLayers: Int = 1,
        preferred: ConsumerLayers? = nil, paused: Bool = false
    ) {
        self.type = type
        self.isVideo = isVideo
        self.streamCount = streamCount
        self.spatialLayers = max(spatialLayers, 1)
        self.temporalLayers = max(temporalLayers, 1)
        self.paused = paused
        if type == .simulcast || type == .svc {
            preferredLayers = clamped(
                preferred ?? ConsumerLayers(spatialLayer: self.spatialLayers - 1, temporalLayer: self.temporalLayers - 1))
        }
    }

    /// Sets the preferred layers (clamped to the stream's) and returns them;
    /// nil, and nothing changes, for a consumer without layers.
    package mutating func prefer(_ layers: ConsumerLayers) -> ConsumerLayers? {
        guard preferredLayers != nil else { return nil }
        preferredLayers = clamped(layers)
        return preferredLayers
    }

    private func clamped(_ layers: ConsumerLayers) -> ConsumerLayers {
        ConsumerLayers(
            spatialLayer: min(max(layers.spatialLayer, 0), spatialLayers - 1),
            temporalLayer: layers.temporalLayer.map { min(max($0, 0), temporalLayers - 1) } ?? temporalLayers - 1)
    }

    /// The layers it aims at: the preferred ones, lowered to what the bitrate
    /// allows (a lower spatial layer with its allowed temporal layer, the
    /// preferred spatial layer with the lower of the two temporal layers);
    /// nil when nothing is allowed, or for a consumer without layers.
    package var aimedLayers: ConsumerLayers? {
        guard let preferred = preferredLayers else { return nil }
        switch allowance {
        case .unlimited:
            return preferred
        case .nothing:
            return nil
        case .upTo(let allowed):
            if allowed.spatialLayer < preferred.spatialLayer { return allowed }
            if allowed.spatialLayer > preferred.spatialLayer { return preferred }
            return ConsumerLayers(
                spatialLayer: preferred.spatialLayer,
                temporalLayer: min(preferred.temporalLayer ?? 0, allowed.temporalLayer ?? 0))
        }
    }

    private var aimedTemporalLayer: Int { aimedLayers?.temporalLayer ?? 0 }

    /// The highest spatial layer its share of the bitrate may give it at
    /// `now`: the one it forwards, within ``downgradeHoldMilliseconds`` of a
    /// downgrade; else nil (up to its preferred one).
    package func spatialCeiling(at now: UInt64) -> Int? {
        guard let lastDowngrade, now < lastDowngrade + Self.downgradeHoldMilliseconds else { return nil }
        return currentSpatialLayer ?? 0
    }

    /// Sets what the bitrate allows at `now`, the consumer having forwarded
    /// for `forwarding` milliseconds (nil: not forwarding). Returns true when
    /// the layers forwarded changed at once (to nothing: announce
    /// ``currentLayers``, nil); a higher or lower spatial layer is switched to
    /// at its keyframe, asked for at the next packet.
    package mutating func allow(_ allowance: Allowance, at now: UInt64, forwarding: UInt64?) -> Bool {
        guard type == .simulcast, allowance != self.allowance else { return false }
        self.allowance = allowance
        if let current = currentSpatialLayer, let forwarding, forwarding >= Self.downgradeMinForwardingMilliseconds {
            switch allowance {
            case .upTo(let allowed) where allowed.spatialLayer < current: lastDowngrade = now
            case .nothing: lastDowngrade = now
            default: break
            }
        }
        guard allowance == .nothing, currentSpatialLayer != nil else { return false }
        currentSpatialLayer = nil
        targetSpatialLayer = nil
        currentTemporalLayer = nil
        waitsForKeyFrame = true
        return true
    }

    /// The layers being forwarded: nil before the first keyframe of a
    /// simulcast consumer (and for the others); temporal layer 0 for a stream
    /// without temporal layers.
    package var currentLayers: ConsumerLayers? {
        currentSpatialLayer.map { ConsumerLayers(spatialLayer: $0, temporalLayer: currentTemporalLayer ?? 0) }
    }

    /// The temporal layer it aims at once it has a target.
    package var targetTemporalLayer: Int? {
        targetSpatialLayer == nil ? nil : aimedTemporalLayer
    }

    /// Decides about one packet of the producer.
    ///
    /// - Parameter simulcastTarget: the producer's answer to "which encoding
    ///   should a consumer preferring this spatial layer forward now" (nil
    ///   when none is active); asked for simulcast consumers only.
    package mutating func take(_ packet: Packet, simulcastTarget: (_ preferred: Int) -> Int?) -> Outcome {
        guard !paused, !producerPaused else { return Outcome(verdict: .skip) }
        var outcome = Outcome(verdict: .skip)
        let stream: Int
        switch type {
        case .pipe:
            stream = packet.encoding
        case .simple, .svc:
            guard packet.encoding == 0 else { return outcome }
            stream = 0
        case .simulcast:
            guard let aimed = aimedLayers,
                selectSpatialLayer(for: packet, target: simulcastTarget(aimed.spatialLayer), &outcome)
            else { return outcome }
            stream = 0
        }
        guard stream >= 0, stream < streamCount else { return outcome }
        if isVideo && waitsForKeyFrame {
            guard packet.isKeyFrame else { return outcome }
            waitsForKeyFrame = false
        }
        outcome.verdict = forwardsTemporalLayer(of: packet, &outcome) ? .send(stream: stream) : .dropInGap(stream: stream)
        return outcome
    }

    /// The encoding switch: returns whether the packet is of the encoding forwarded.
    private mutating func selectSpatialLayer(for packet: Packet, target: Int?, _ outcome: inout Outcome) -> Bool {
        let switchesNow =
            target != nil && packet.encoding == target && target != currentSpatialLayer && packet.isKeyFrame
        if target != targetSpatialLayer {
            targetSpatialLayer = target
            if let target, target != currentSpatialLayer, !switchesNow {
                outcome.keyFrameRequest = .encoding(target)
            }
        }
        if packet.encoding == currentSpatialLayer { return true }
        guard switchesNow else { return false }
        currentSpatialLayer = target
        // The new stream's temporal layers start again from its keyframe's.
        currentTemporalLayer = packet.temporalLayer
        waitsForKeyFrame = false
        outcome.layersChanged = true
        return true
    }

    /// The temporal layer rule (simulcast consumers of VP8): whether the
    /// packet's layer is forwarded.
    private mutating func forwardsTemporalLayer(of packet: Packet, _ outcome: inout Outcome) -> Bool {
        guard type == .simulcast, packet.followsTemporalLayers, let layer = packet.temporalLayer else { return true }
        let target = aimedTemporalLayer
        let current: Int
        if let forwarded = currentTemporalLayer, !packet.isKeyFrame {
            if forwarded > target {
                current = target
            } else if layer > forwarded, layer <= target, packet.isLayerSync {
                current = layer
            } else {
                current = forwarded
            }
        } else {
            current = min(layer, target)
        }
        if current != currentTemporalLayer {
            currentTemporalLayer = current
            if currentSpatialLayer != nil { outcome.layersChanged = true }
        }
        return layer <= current
    }

    /// After a pause: the temporal layers start again, and video waits for a
    /// keyframe; returns the one to ask for (nil for audio).
    package mutating func restart() -> KeyFrameRequest? {
        currentTemporalLayer = nil
        guard isVideo else { return nil }
        waitsForKeyFrame = true
        return keyFrameRequest
    }

    /// The keyframe to ask for on the consumer's behalf (its endpoint asked,
    /// or it restarts): its one stream; for a simulcast consumer the target
    /// encoding (the current one when none, every one before the first); for
    /// a pipe consumer every stream. Nil for audio.
    package var keyFrameRequest: KeyFrameRequest? {
        guard isVideo else { return nil }
        switch type {
        case .simple, .svc:
            return .encoding(0)
        case .simulcast:
            return (targetSpatialLayer ?? currentSpatialLayer).map { .encoding($0) } ?? .allEncodings
        case .pipe:
            return .allEncodings
        }
    }
}
