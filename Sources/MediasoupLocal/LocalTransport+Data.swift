import Foundation
import Mediasoup
import MediasoupChannel

// Producing and consuming data on a transport of the local engine.

extension LocalTransport {
    /// `sctp` data producers on WebRTC, plain and pipe transports (stream
    /// parameters required and validated), `direct` ones on a DirectTransport
    /// (stream parameters ignored).
    func produceData(_ options: DataProducerOptions) async throws -> any DataProducer {
        if let id = options.id, core.hasDataProducer(id) {
            throw TypeError("a DataProducer with same id \"\(id)\" already exists")
        }
        let type: DataProducerType
        var sctpStreamParameters: SctpStreamParameters?
        if self is any DirectTransport {
            type = .direct
        } else {
            type = .sctp
            guard var parameters = options.sctpStreamParameters else {
                throw TypeError("missing sctpStreamParameters")
            }
            try ORTC.validateSctpStreamParameters(&parameters)
            sctpStreamParameters = parameters
        }
        let dataProducerId = options.id ?? UUID().uuidString.lowercased()
        let dump = try await core.request(
            .transportProduceData,
            data: ProduceDataPayload(
                dataProducerId: dataProducerId, type: type, sctpStreamParameters: sctpStreamParameters,
                label: options.label ?? "", protocol: options.protocol ?? "", paused: options.paused ?? false
            ).channelData()
        ).decoded(DataProducerDump.self)
        let dataProducer = LocalDataProducer(
            transport: core, dump: dump, paused: options.paused ?? false, appData: options.appData ?? [:])
        core.state.withLock { $0.dataProducers[dataProducerId] = dataProducer }
        core.router.addDataProducer(dataProducer)
        observer.emit(.newDataProducer(dataProducer))
        return dataProducer
    }

    /// A data consumer of a data producer of the router: on WebRTC, plain and
    /// pipe transports it takes the data producer's stream parameters (with
    /// the given overrides) on the next free SCTP stream id; on a
    /// DirectTransport it is `direct`.
    func consumeData(_ options: DataConsumerOptions) async throws -> any DataConsumer {
        guard !options.dataProducerId.isEmpty else { throw TypeError("missing dataProducerId") }
        guard let dataProducer = core.router.dataProducer(options.dataProducerId) else {
            throw MediasoupError("DataProducer with id \"\(options.dataProducerId)\" not found")
        }
        let type: DataConsumerType
        var sctpStreamParameters: SctpStreamParameters?
        if self is any DirectTransport {
            type = .direct
        } else {
            type = .sctp
            let streamId = try core.allocateSctpStreamId(numStreams: sctpNumStreams)
            var parameters = dataProducer.sctpStreamParameters ?? SctpStreamParameters(streamId: streamId)
            parameters.streamId = streamId
            if let ordered = options.ordered { parameters.ordered = ordered }
            if let maxPacketLifeTime = options.maxPacketLifeTime { parameters.maxPacketLifeTime = maxPacketLifeTime }
            if let maxRetransmits = options.maxRetransmits { parameters.maxRetransmits = maxRetransmits }
            sctpStreamParameters = parameters
        }
        let dataConsumerId = UUID().uuidString.lowercased()
        // Subscribe before the request: nothing the worker says right after it is lost.
        let inbox = core.channel.subscribe(dataConsumerId)
        let dump: DataConsumerDump
        do {
            dump = try await core.request(
                .transportConsumeData,
                data: ConsumeDataPayload(
                    dataConsumerId: dataConsumerId, dataProducerId: options.dataProducerId, type: type,
                    sctpStreamParameters: sctpStreamParameters, label: dataProducer.label,
                    protocol: dataProducer.protocol, paused: options.paused ?? false,
                    subchannels: options.subchannels.map { $0.map { UInt16(truncatingIfNeeded: $0) } }
                ).channelData()
            ).decoded(DataConsumerDump.self)
        } catch {
            core.channel.unsubscribe(dataConsumerId)
            if let streamId = sctpStreamParameters?.streamId { core.releaseSctpStreamId(streamId) }
            throw error
        }
        let dataConsumer = LocalDataConsumer(transport: core, dump: dump, appData: options.appData ?? [:])
        inbox.attach { [weak dataConsumer] notification in dataConsumer?.handle(notification) }
        core.state.withLock { $0.dataConsumers[dataConsumerId] = dataConsumer }
        observer.emit(.newDataConsumer(dataConsumer))
        return dataConsumer
    }

    /// The number of incoming SCTP streams (MIS) of the transport; nil without SCTP.
    private var sctpNumStreams: Int? {
        switch self {
        case let transport as any WebRtcTransport: transport.sctpParameters?.MIS
        case let transport as any PlainTransport: transport.sctpParameters?.MIS
        case let transport as any PipeTransport: transport.sctpParameters?.MIS
        default: nil
        }
    }
}

extension TransportCore {
    func hasDataProducer(_ id: String) -> Bool {
        state.withLock { $0.dataProducers[id] != nil }
    }

    func removeDataProducer(_ id: String) {
        _ = state.withLock { $0.dataProducers.removeValue(forKey: id) }
    }

    /// Forgets a data consumer and frees its SCTP stream id.
    func removeDataConsumer(_ id: String, sctpStreamId: UInt16?) {
        state.withLock { state in
            state.dataConsumers.removeValue(forKey: id)
            if let sctpStreamId, Int(sctpStreamId) < state.sctpStreamIds.count {
                state.sctpStreamIds[Int(sctpStreamId)] = false
            }
        }
    }

    /// The next free SCTP stream id for a data consumer, searching round-robin
    /// from the one after the last given; marks it used.
    ///
    /// - Throws: ``TypeError`` without SCTP (`numStreams` nil);
    ///   ``MediasoupError`` when every stream id is in use.
    func allocateSctpStreamId(numStreams: Int?) throws -> UInt16 {
        guard let numStreams, numStreams > 0 else { throw TypeError("missing sctpParameters.MIS") }
        return try state.withLock { state in
            if state.sctpStreamIds.isEmpty { state.sctpStreamIds = Array(repeating: false, count: numStreams) }
            let count = state.sctpStreamIds.count
            for offset in 0..<count {
                let candidate = (state.nextSctpStreamId + offset) % count
                if !state.sctpStreamIds[candidate], let streamId = UInt16(exactly: candidate) {
                    state.sctpStreamIds[candidate] = true
                    state.nextSctpStreamId = candidate + 1
                    return streamId
                }
            }
            throw MediasoupError("no sctpStreamId available")
        }
    }

    func releaseSctpStreamId(_ streamId: UInt16) {
        state.withLock { state in
            if Int(streamId) < state.sctpStreamIds.count { state.sctpStreamIds[Int(streamId)] = false }
        }
    }
}
