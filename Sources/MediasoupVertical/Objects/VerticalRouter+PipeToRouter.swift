import Mediasoup

// `router.pipeToRouter()` between virtual routers: the producer joins the
// destination router's producers. When the destination begins on another
// real router, a real pipe carries it there (mediasoup's pair); when both
// share the producer's real router, a virtual pair stands for it.

extension VerticalRouter {
    /// - Throws: ``TypeError`` as mediasoup's (both or neither id, no
    ///   router, this router, an unknown producer, a router of another
    ///   engine); ``MediasoupError`` for two routers of one worker, as
    ///   mediasoup's (the pipe producer would reuse the original id in one
    ///   worker), or when the destination already has that producer.
    func pipeToRouter(_ options: PipeToRouterOptions) async throws -> PipeToRouterResult {
        if options.listenInfo != nil && options.listenIp != nil {
            throw TypeError("only one of listenInfo and listenIp must be given")
        }
        let entityId: String
        let isData: Bool
        switch (options.producerId, options.dataProducerId) {
        case (nil, nil): throw TypeError("missing producerId or dataProducerId")
        case (.some, .some): throw TypeError("just producerId or dataProducerId can be given")
        case (.some(let id), nil): (entityId, isData) = (id, false)
        case (nil, .some(let id)): (entityId, isData) = (id, true)
        }
        guard let router = options.router else { throw TypeError("Router not found") }
        guard router !== self else { throw TypeError("cannot use this Router as destination") }
        guard let destination = router as? VerticalRouter else {
            throw TypeError("the destination Router is not a router of this MediasoupVertical")
        }
        if isData {
            guard let located = dataProducer(entityId) else { throw TypeError("DataProducer not found") }
            try checkDestination(destination, has: destination.dataProducer(entityId) != nil, entityId)
            return try await pipe(located, to: destination, options: options)
        }
        guard let located = producer(entityId) else { throw TypeError("Producer not found") }
        try checkDestination(destination, has: destination.producer(entityId) != nil, entityId)
        return try await pipe(located, to: destination, options: options)
    }

    private func checkDestination(_ destination: VerticalRouter, has entity: Bool, _ entityId: String) throws {
        if destination.worker === worker {
            throw MediasoupError("pipeToRouter() | both Routers belong to the same Worker")
        }
        if entity { throw MediasoupError("a Producer with same id \"\(entityId)\" already exists in the destination Router") }
    }

    private func pipe(_ located: Located<any Producer>, to destination: VerticalRouter, options: PipeToRouterOptions)
        async throws -> PipeToRouterResult
    {
        let producer = located.entity
        if located.realRouter.id != destination.homeRouter.id {
            return try await realPipe(from: located.realRouter, to: destination, options: options)
        }
        let parameters = ORTC.getPipeConsumerRtpParameters(
            consumableRtpParameters: producer.consumableRtpParameters, enableRtx: options.enableRtx ?? false)
        let pipeConsumer = VirtualPipeConsumer(original: producer, rtpParameters: parameters)
        let pipeProducer = VirtualPipeProducer(original: producer, rtpParameters: parameters)
        linkClosing(
            pipeConsumer.observer, close: { [weak pipeConsumer] in pipeConsumer?.close() },
            with: pipeProducer.observer, close: { [weak pipeProducer] in pipeProducer?.close() })
        // As mediasoup's: the pipe producer follows the pipe consumer's producer pause state.
        pipeConsumer.events.on { [weak pipeProducer] event in
            switch event {
            case .producerPause: try? pipeProducer?.setPaused(true)
            case .producerResume: try? pipeProducer?.setPaused(false)
            default: break
            }
        }
        destination.adopt(pipeProducer, on: located.realRouter)
        // Closing the pipe producer ends the destination's consumers of it, as mediasoup's.
        pipeProducer.observer.on { [weak destination] event in
            guard case .close = event else { return }
            destination?.closeConsumers(of: producer.id)
        }
        return PipeToRouterResult(pipeConsumer: pipeConsumer, pipeProducer: pipeProducer)
    }

    private func pipe(
        _ located: Located<any DataProducer>, to destination: VerticalRouter, options: PipeToRouterOptions
    ) async throws -> PipeToRouterResult {
        let dataProducer = located.entity
        if located.realRouter.id != destination.homeRouter.id {
            return try await realPipe(from: located.realRouter, to: destination, options: options)
        }
        let pipeDataConsumer = VirtualPipeDataConsumer(original: dataProducer)
        let pipeDataProducer = VirtualPipeDataProducer(original: dataProducer)
        linkClosing(
            pipeDataConsumer.observer, close: { [weak pipeDataConsumer] in pipeDataConsumer?.close() },
            with: pipeDataProducer.observer, close: { [weak pipeDataProducer] in pipeDataProducer?.close() })
        destination.adopt(pipeDataProducer, on: located.realRouter)
        pipeDataProducer.observer.on { [weak destination] event in
            guard case .close = event else { return }
            destination?.closeDataConsumers(of: dataProducer.id)
        }
        return PipeToRouterResult(pipeDataConsumer: pipeDataConsumer, pipeDataProducer: pipeDataProducer)
    }

    /// mediasoup's pipe between the original's real router and the
    /// destination's home real router; the pipe (data) producer joins the destination.
    private func realPipe(from source: any Router, to destination: VerticalRouter, options: PipeToRouterOptions)
        async throws -> PipeToRouterResult
    {
        var realOptions = options
        realOptions.router = destination.homeRouter
        let result = try await source.pipeToRouter(realOptions)
        if let piped = result.pipeProducer { destination.adopt(piped, on: destination.homeRouter) }
        if let piped = result.pipeDataProducer { destination.adopt(piped, on: destination.homeRouter) }
        return result
    }
}
