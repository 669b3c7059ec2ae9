import Mediasoup

extension LocalRouter {
    /// `router.pipeToRouter()`, mediasoup's algorithm (``PipeToRouterRecipe``)
    /// over this router's producers and data producers.
    ///
    /// - Throws: as ``PipeToRouterRecipe/pipe(from:_:producer:dataProducer:listenInfo:)``.
    func pipeToRouter(_ options: PipeToRouterOptions) async throws -> PipeToRouterResult {
        try await PipeToRouterRecipe.pipe(
            from: self, options, producer: { self.producer($0) }, dataProducer: { self.dataProducer($0) })
    }
}
