import CongestionControl
import MediaEngine
import Mediasoup
import MediasoupChannel

// The transport's outgoing bitrate shared out over its consumers, as
// mediasoup's Transport::DistributeAvailableOutgoingBitrate: once the send
// side of transport-cc runs, its estimate (within the transport's minimum and
// maximum outgoing bitrates) is the available bitrate; each active simulcast
// consumer's ladder of layers is a demand, with its priority; the layers each
// gets are what it may forward. It is shared out every second, at once when
// the estimate falls below three quarters of what was last shared out (as
// mediasoup's TransportCongestionControlClient emits its bitrate events),
// and whenever a consumer's needs change.

extension WorkerTransport {
    /// Milliseconds between two distributions (mediasoup's AvailableBitrateEventInterval).
    static let bitrateDistributionInterval: Int64 = 1000

    /// The outgoing bitrate to share out: the send-side estimate within the
    /// transport's minimum and maximum outgoing bitrates; nil while the send
    /// side does not run.
    var availableOutgoingBitrate: Int? {
        guard let estimate = transportCcSender.map({ Int($0.estimator.targetBitrate) }) else { return nil }
        var bitrate = estimate
        if let maxOutgoingBitrate { bitrate = min(bitrate, maxOutgoingBitrate) }
        if let minOutgoingBitrate { bitrate = max(bitrate, minOutgoingBitrate) }
        return bitrate
    }

    /// The estimate moved: shares it out at once when it fell below three
    /// quarters of what was last shared out.
    func availableOutgoingBitrateMayHaveChanged() {
        guard let available = availableOutgoingBitrate, let distributed = transportCcSender?.distributedBitrate,
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
        transportCcSender?.distributedBitrate = available
        let now = monotonicMilliseconds()
        let managed = consumers.values.compactMap { consumer in
            consumer.bitrateLadder(at: now).flatMap { $0.isEmpty ? nil : (consumer, $0) }
        }
        // What the consumers would take at their preferred layers.
        let desired = managed.reduce(0) { $0 + ($1.1.bitrates.last ?? 0) }
        transportCcSender?.probation.targetBitrate = desired > available ? available : 0
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
            "maxPaddingBitrate": .number(Double(transportCcSender?.probation.targetBitrate ?? 0)),
            "availableBitrate": .number(Double(available)),
            "type": .string("transport-cc"),
        ]
        let trace = TransportTraceEventData(type: .bwe, timestamp: Double(now), direction: .out, info: .object(info))
        runtime.notify(targetId: id, event: TransportNotification.trace, data: try? trace.channelData())
    }
}
