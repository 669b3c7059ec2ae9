import RTP

// setMaxIncomingBitrate() for senders that use transport-cc, as mediasoup's
// TransportCongestionControlServer does it: while the limit is set, they get
// a REMB saying it every 1.5 s (libwebrtc takes a REMB as a ceiling over its
// own transport-cc estimate); once it is lifted, four REMBs without a limit,
// one per feedback round, free them at once.

extension WorkerTransport {
    /// Milliseconds between two limitation REMBs (mediasoup's LimitationRembInterval).
    static let limitationRembInterval: UInt64 = 1500
    /// How many REMBs without a limit lift one (mediasoup's UnlimitedRembNumPackets).
    static let unlimitedRembCount = 4
    /// The bitrate a REMB "without a limit" says.
    static let unlimitedRembBitrate = UInt64(UInt32.max)

    /// Sets the limit (nil: none); lifting one schedules the unlimited REMBs.
    func setMaxIncomingBitrate(_ bitrate: Int?) {
        if bitrate == nil, maxIncomingBitrate != nil { transportCc?.unlimitedRembsToSend = Self.unlimitedRembCount }
        if bitrate != nil { transportCc?.unlimitedRembsToSend = 0 }
        maxIncomingBitrate = bitrate
    }

    /// At each feedback round of the receive side: the limitation REMB when one is due.
    func sendLimitationRemb(at now: UInt64) {
        guard let receiver = transportCc else { return }
        let bitrate: UInt64
        if let maxIncomingBitrate {
            guard now >= receiver.limitationRembSentAt + Self.limitationRembInterval else { return }
            bitrate = UInt64(maxIncomingBitrate)
        } else if receiver.unlimitedRembsToSend > 0 {
            bitrate = Self.unlimitedRembBitrate
            transportCc?.unlimitedRembsToSend -= 1
        } else {
            return
        }
        let ssrcs = producers.values.flatMap { producer in producer.receiveStreams.compactMap { $0?.ssrc } }
        let remb = RTCPReceiverEstimatedMaxBitrate(senderSSRC: 0, bitrate: bitrate, ssrcs: Array(ssrcs.prefix(255)))
        sendRTCP(remb.bytes)
        transportCc?.limitationRembSentAt = now
    }
}
