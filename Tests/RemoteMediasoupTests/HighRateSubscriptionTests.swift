import Mediasoup
import MediasoupLocal
import ROPE
import RemoteMediasoupServer
import Synchronization
import Testing

@testable import RemoteMediasoupClient

/// Events at packet or message rate (a DirectTransport data consumer's
/// `message`, a consumer's `rtp`) reach only the clients that created the
/// object or subscribed to it, not every client of the server.
@Suite(.timeLimit(.minutes(1))) struct HighRateSubscriptionTests {
    @Test func onlyTheCreatorAndSubscribersReceiveMessagesAndSubscriptionsOutliveAReconnection() async throws {
        let server = RemoteMediasoupServer(mediasoup: LocalMediasoup())
        defer { server.close() }
        let owner = RemoteMediasoupClient(connection: RopeInMemoryConnection(service: server, requestTimeout: requestPatience))
        try owner.open()
        let worker = try await #require(owner.mediasoup).createWorker()
        defer { worker.close() }
        let router = try await worker.createRouter()
        let transport = try await router.createDirectTransport()
        let dataProducer = try await transport.produceData()
        let dataConsumer = try await transport.consumeData(DataConsumerOptions(dataProducerId: dataProducer.id))
        let ownerMessages = CountingListener(dataConsumer)

        let otherConnection = RopeInMemoryConnection(service: server, requestTimeout: requestPatience)
        let other = RemoteMediasoupClient(connection: otherConnection)
        try other.open()
        let otherWorker = try #require((other.mediasoup as? RemoteMediasoup)?.workers.first)
        let otherRouter = try #require(otherWorker.routersForTesting.first as? RemoteRouter)
        let otherTransport = try #require(otherRouter.transportsForTesting.first as? RemoteDirectTransport)
        let otherConsumer = try #require(otherTransport.transportCore.all.first { $0.core.id == dataConsumer.id })
        let otherMessages = CountingListener(try #require(otherConsumer as? any DataConsumer))

        try dataProducer.send(.string("one"))
        try await ownerMessages.wait(for: 1)
        _ = try await worker.dump()  // the server has forwarded everything before this answer
        #expect(otherMessages.count == 0, "a client that neither created nor subscribed got a message")

        try await other.subscribeToHighRateEvents(of: otherConsumer)
        try dataProducer.send(.string("two"))
        try await ownerMessages.wait(for: 2)
        try await otherMessages.wait(for: 1)

        // A new session after a reconnection: the client subscribes again by
        // itself, soon after the snapshot (messages sent before it are missed).
        otherConnection.drop()
        otherConnection.open()
        var sent = 2
        _ = try await eventually {
            guard otherMessages.count < 2 else { return true }
            try dataProducer.send(.string("again"))
            sent += 1
            try await Task.sleep(for: .milliseconds(40))
            return false
        }
        #expect(otherMessages.count >= 2, "no message reached the resubscribed client")
        try await ownerMessages.wait(for: sent)
    }
}

/// Counts the messages a data consumer emits.
private final class CountingListener: Sendable {
    private let received = Mutex(0)

    init(_ dataConsumer: any DataConsumer) {
        dataConsumer.events.on { [self] event in
            if case .message = event { received.withLock { $0 += 1 } }
        }
    }

    var count: Int { received.withLock { $0 } }

    func wait(for count: Int) async throws {
        if try await !eventually({ self.count >= count }) {
            Issue.record("\(count) messages expected in \(patience), \(self.count) arrived")
        }
    }
}
