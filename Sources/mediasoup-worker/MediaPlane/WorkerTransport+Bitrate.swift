import CongestionControl
import MediaEngine
import Mediasoup
import MediasoupChannel
import NIOCore
import RTP

// The transport's outgoing bitrate shared out over its consumers, as
// mediasoup's Transport::DistributeAvailableOutgoingBitrate: once the
// transport estimates its outgoing bandwidth (transport-cc or REMB), the
// estimate within its minimum and maximum outgoing bitrates is the available
// bitrate; each active simulcast consumer's ladder of layers is a demand,
// with its priority; the layers each gets are what it may forward. It is
// shared out every second, at once when the estimate falls below three
// quarters of what was last shared out (as mediasoup's
// TransportCongestionControlClient emits its bitrate events), and whenever a
// consumer's needs change.

/// A transport's estimate of its outgoing bandwidth, from the first video
/// consumer that negotiated a way to learn it (as mediasoup's
/// TransportCongestionControlClient): transport-cc, whose feedback feeds the
/// send-side estimator (MediaPlane/WorkerTransport+TransportCC.swift); else
/// REMB, whose receiver says the bitrate itself. A class: every copy the
/// transport sends changes it in place, through one reference, without
/// copying its parts (as ProducerReceiveStream).
final class OutgoingEstimation {
    enum Kind: Equatable {
        /// With the consumers' id for the transport-wide-cc extension (probation packets carry it).
        case transportCc(extensionId: UInt8)
        case remb
    }

    let kind: Kind
    var nextSequenceNumber: UInt16 = 1
    var history = SendHistory()
    var estimator: SendSideBandwidthEstimator
    /// REMB: the endpoint's latest estimate, bits per second.
    var remb: Int?
    /// The available bitrate last shared out over the consumers.
    var distributedBitrate: Int?
    /// Shares the bitrate out again every second.
    let timer: RepeatedTask
    /// Probing (MediaPlane/WorkerTransport+Probation.swift).
    var probation = TransportProbation()
    /// Pads every 20 ms, only while there is something to pad up to.
    var probationTimer: RepeatedTask?

    init(kind: Kind, estimator: SendSideBandwidthEstimator, timer: RepeatedTask) {
        self.kind = kind
        self.estimator = estimator
        self.timer = timer
    }
}

extension WorkerTransport {
    /// Milliseconds between two distributions (mediasoup's AvailableBitrateEventInterval).
    static let bitrateDistributionInterval: Int64 = 1000

    /// A consumer was added: the estimation starts with the first video
    /// consumer that negotiated transport-cc (the transport-wide-cc extension
    /// and `transport-cc` feedback), else REMB (abs-send-time and
    /// `goog-remb`), and stays, as mediasoup's.
    func consumerAddedForOutgoingEstimation(_ consumer: WorkerConsumer) {
        guard outgoingEstimation == nil, consumer.kind == .video else { return }
        let kind: OutgoingEstimation.Kind
        if let extensionId = consumer.rtpParameters.transportCcExtensionId {
            kind = .transportCc(extensionId: extensionId)
        } else if consumer.rtpParameters.negotiatesRemb {
            kind = .remb
        } else {
            return
        }
        outgoingEstimation = OutgoingEstimation(
            kind: kind,
            estimator: SendSideBandwidthEstimator(.init(startBitrate: Double(initialAvailableOutgoingBitrate))),
            timer: repeatEvery(.milliseconds(Self.bitrateDistributionInterval)) { $0.distributeAvailableOutgoingBitrate() })
    }

    /// Runs `action` on this transport every `interval` on its event loop, until the task is cancelled (it
    /// holds the transport until then: close() cancels it).
    func repeatEvery(_ interval: TimeAmount, _ action: @escaping (WorkerTransport) -> Void) -> RepeatedTask {
        let tick = NIOLoopBound({ [self] in action(self) }, eventLoop: runtime.eventLoop)
        return runtime.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in tick.value() }
    }

    /// Stops the estimation (the transport closes).
    func stopOutgoingEstimation() {
        outgoingEstimation?.timer.cancel()
        outgoingEstimation?.probationTimer?.cancel()
        outgoingEstimation = nil
    }

    /// A REMB from the endpoint: its estimate is the transport's, when the estimation is REMB's.
    func rembReceived(_ remb: RTCPReceiverEstimatedMaxBitrate) {
        guard outgoingEstimation?.kind == .remb else { return }
        outgoingEstimation?.remb = Int(clamping: remb.bitrate)
        availableOutgoingBitrateMayHaveChanged()
    }

    /// The outgoing bitrate to share out: the estimate (transport-cc's
    /// send-side estimator, or the endpoint's latest REMB, the initial
    /// bitrate before one) within the transport's minimum and maximum
    /// outgoing bitrates; nil while the transport estimates nothing.
    var availableOutgoingBitrate: Int? {
        guard let estimation = outgoingEstimation else { return nil }
        var bitrate: Int
        switch estimation.kind {
        case .transportCc: bitrate = Int(estimation.estimator.targetBitrate)
        case .remb: bitrate = estimation.remb ?? initialAvailableOutgoingBitrate
        }
        if let maxOutgoingBitrate { bitrate = min(bitrate, maxOutgoingBitrate) }
        if let minOutgoingBitrate { bitrate = max(bitrate, minOutgoingBitrate) }
        return bitrate
    }

    /// The estimate moved: shares it out at once when it fell below three
    /// quarters of what was last shared out.
    func availableOutgoingBitrateMayHaveChanged() {
        guard let available = availableOutgoingBitrate, let distributed = outgoingEstimation?.distributedBitrate,
            available * 4 < distributed * 3
        else { return }
        distributeAvailableOutgoingBitrate()
    }

    /// Shares the available outgoing bitrate out over the consumers and tells
    /// each simulcast consumer the layers it may forward. A consumer whose
    /// producer's layers have no measured bitrate yet keeps what it had (at
    /// first, its preferred layers).
    func distributeAvailableOutgoingBitrate() {
        guard let available = availableOutgoingBitrate else { return }
        outgoingEstimation?.distributedBitrate = available
        let now = monotonicMilliseconds()
        let managed = consumers.values.compactMap { consumer in
            consumer.bitrateLadder(at: now).flatMap { $0.isEmpty ? nil : (consumer, $0) }
        }
        // What the consumers would take at their preferred layers.
        let desired = managed.reduce(0) { $0 + ($1.1.bitrates.last ?? 0) }
        // Probing needs the transport-wide numbers of the probation packets.
        let probes = outgoingEstimation.map { $0.kind != .remb } ?? false
        setProbationTarget(probes && desired > available ? available : 0)
        if traceEventTypes.contains(.bwe) { traceBandwidthEstimate(available: available, desired: desired, at: now) }
        guard !managed.isEmpty else { return }
        // Within a while of a downgrade, no higher spatial layer.
        let ladders = managed.map { consumer, ladder in
            ladder.capped(atSpatialLayer: consumer.selection.spatialCeiling(at: now))
        }
        let chosen = BitrateAllocation.distribute(
            available,
            over: zip(managed, ladders).map { BitrateAllocation.Demand(priority: $0.0.priority, layerBitrates: $1.bitrates) })
        for ((consumer, _), (ladder, choice)) in zip(managed, zip(ladders, chosen)) {
            consumer.allow(choice.map { .upTo(ladder.layers[$0]) } ?? .nothing, at: now)
        }
    }

    /// The `bwe` trace event, as mediasoup's transport emits it with each
    /// bitrate event: the estimate's bounds and start, what the consumers
    /// would take at their preferred layers, what is available, what it pads up to.
    private func traceBandwidthEstimate(available: Int, desired: Int, at now: UInt64) {
        let info: [String: JSONValue] = [
            "desiredBitrate": .number(Double(desired)),
            "effectiveDesiredBitrate": .number(Double(desired)),
            "minBitrate": .number(Double(minOutgoingBitrate ?? Int(SendSideBandwidthEstimator.Configuration().minBitrate))),
            "maxBitrate": .number(Double(maxOutgoingBitrate ?? Int(SendSideBandwidthEstimator.Configuration().maxBitrate))),
            "startBitrate": .number(Double(initialAvailableOutgoingBitrate)),
            "maxPaddingBitrate": .number(Double(outgoingEstimation?.probation.targetBitrate ?? 0)),
            "availableBitrate": .number(Double(available)),
            "type": .string(outgoingEstimation?.kind == .remb ? "remb" : "transport-cc"),
        ]
        let trace = TransportTraceEventData(type: .bwe, timestamp: Double(now), direction: .out, info: .object(info))
        runtime.notify(targetId: id, event: TransportNotification.trace, data: try? trace.channelData())
    }
}
