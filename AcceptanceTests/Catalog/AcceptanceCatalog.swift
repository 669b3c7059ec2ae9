/// Every case of the acceptance suite, by mediasoup test file.
public enum AcceptanceCatalog {
    public static let all: [AcceptanceCase] = MediasoupCases.all + OrtcCases.all + WorkerCases.all + RouterCases.all
        + PlainTransportCases.all + PipeTransportCases.all + WebRtcServerCases.all + WebRtcTransportCases.all
        + DirectTransportCases.all + DataProducerCases.all + DataConsumerCases.all + ActiveSpeakerObserverCases.all
        + AudioLevelObserverCases.all
        + ProducerCases.all + ConsumerCases.all + MultiopusCases.all
        + (NodeSctpCases.all + ReplayCases.all + InteropCases.all + WebRtcPeerCases.all + BrowserCases.all + HardeningCases.all
            + IceTcpCases.all + CongestionControlCases.all).requiring(.loopbackMedia)

    /// The cases whose id contains `filter` (all when nil or empty).
    public static func cases(matching filter: String?) -> [AcceptanceCase] {
        guard let filter, !filter.isEmpty else { return all }
        return all.filter { $0.id.contains(filter) }
    }
}
