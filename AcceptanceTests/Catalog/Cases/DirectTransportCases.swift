import Mediasoup
import Synchronization

/// Port of mediasoup's `test-DirectTransport.ts`.
///
/// As the original's `beforeEach`/`afterEach`, every case builds a fresh
/// worker and router (``fixture(_:)``); the worker is closed after the case.
/// Where the original passes a value the Swift types cannot hold
/// (`maxMessageSize: 'foo'`), the call is refused at compile time; the port
/// checks instead that the same value given as JSON is refused with
/// ``TypeError``. `rejects.toThrow(Error)` is ported as the kind the contract
/// names (``MediasoupError``).
enum DirectTransportCases {
    static let suite = "test-DirectTransport"

    struct Fixture {
        let worker: any Worker
        let router: any Router
    }

    /// `beforeEach`: a worker (closed after the case) and a router.
    static func fixture(_ context: AcceptanceContext) async throws -> Fixture {
        let worker = try await context.createWorker()
        let router = try await worker.createRouter()
        return Fixture(worker: worker, router: router)
    }

    static let all: [AcceptanceCase] = [
        AcceptanceCase(suite, "router.createDirectTransport() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let onObserverNewTransport = CallRecorder<ObjectIdentifier>()

            ctx.router.observer.once { event in
                if case .newTransport(let transport) = event {
                    onObserverNewTransport.record(ObjectIdentifier(transport))
                }
            }

            let directTransport = try await ctx.router.createDirectTransport(
                DirectTransportOptions(maxMessageSize: 1024, appData: ["foo": "bar"]))

            try expectEqual(try await ctx.router.dump().transportIds, [directTransport.id], "router dump transportIds")

            try expectEqual(onObserverNewTransport.count, 1, "observer newtransport calls")
            try expectEqual(
                onObserverNewTransport.values, [ObjectIdentifier(directTransport)], "observer newtransport argument")
            // `typeof directTransport.id === 'string'` holds by the Swift types.
            try expectEqual(directTransport.closed, false, "directTransport.closed")
            try expectEqual(directTransport.appData, ["foo": "bar"], "directTransport.appData")

            let dump = try await directTransport.dump()

            try expectEqual(dump.id, directTransport.id, "dump.id")
            try expectEqual(dump.direct, true, "dump.direct")
            try expectEqual(dump.producerIds, [], "dump.producerIds")
            try expectEqual(dump.consumerIds, [], "dump.consumerIds")
            try expectEqual(dump.dataProducerIds, [], "dump.dataProducerIds")
            try expectEqual(dump.dataConsumerIds, [], "dump.dataConsumerIds")
            // `recvRtpHeaderExtensions` defined and `rtpListener` an object hold
            // by the Swift types (non-optional fields of the dump).

            directTransport.close()
            try expectEqual(directTransport.closed, true, "directTransport.closed after close()")
        },

        AcceptanceCase(
            suite, "router.createDirectTransport() with wrong arguments rejects with TypeError",
            timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)

            // `maxMessageSize: 'foo'` is refused at compile time by `Int?`; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try DirectTransportOptions(json: #"{"maxMessageSize":"foo"}"#)
            }

            try await expectThrows(TypeError.self) {
                _ = try await ctx.router.createDirectTransport(DirectTransportOptions(maxMessageSize: -2000))
            }
        },

        AcceptanceCase(suite, "directTransport.getStats() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let directTransport = try await ctx.router.createDirectTransport()

            let stats = try await directTransport.getStats()

            // `Array.isArray(stats)` and `typeof timestamp === 'number'` hold by the Swift types.
            try expectEqual(stats.count, 1, "stats.length")
            try expectEqual(stats[0].type, "direct-transport", "stats[0].type")
            try expectEqual(stats[0].transportId, directTransport.id, "stats[0].transportId")
            try expectEqual(stats[0].bytesReceived, 0, "stats[0].bytesReceived")
            try expectEqual(stats[0].recvBitrate, 0, "stats[0].recvBitrate")
            try expectEqual(stats[0].bytesSent, 0, "stats[0].bytesSent")
            try expectEqual(stats[0].sendBitrate, 0, "stats[0].sendBitrate")
            try expectEqual(stats[0].rtpBytesReceived, 0, "stats[0].rtpBytesReceived")
            try expectEqual(stats[0].rtpRecvBitrate, 0, "stats[0].rtpRecvBitrate")
            try expectEqual(stats[0].rtpBytesSent, 0, "stats[0].rtpBytesSent")
            try expectEqual(stats[0].rtpSendBitrate, 0, "stats[0].rtpSendBitrate")
            try expectEqual(stats[0].rtxBytesReceived, 0, "stats[0].rtxBytesReceived")
            try expectEqual(stats[0].rtxRecvBitrate, 0, "stats[0].rtxRecvBitrate")
            try expectEqual(stats[0].rtxBytesSent, 0, "stats[0].rtxBytesSent")
            try expectEqual(stats[0].rtxSendBitrate, 0, "stats[0].rtxSendBitrate")
            try expectEqual(stats[0].probationBytesSent, 0, "stats[0].probationBytesSent")
            try expectEqual(stats[0].probationSendBitrate, 0, "stats[0].probationSendBitrate")
        },

        AcceptanceCase(suite, "directTransport.connect() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let directTransport = try await ctx.router.createDirectTransport()

            // `resolves.toBeUndefined()`: it returns nothing and does not throw.
            try await directTransport.connect()
        },

        AcceptanceCase(suite, "dataProducer.send() succeeds", timeLimit: .seconds(5)) { context in
            let ctx = try await fixture(context)
            let directTransport = try await ctx.router.createDirectTransport()
            let dataProducer = try await directTransport.produceData(
                DataProducerOptions(label: "foo", protocol: "bar", appData: ["foo": "bar"]))
            let dataConsumer = try await directTransport.consumeData(
                DataConsumerOptions(dataProducerId: dataProducer.id))
            let numMessages = 200
            let pauseSendingAtMessage = 10
            let resumeSendingAtMessage = 20
            let pauseReceivingAtMessage = 40
            let resumeReceivingAtMessage = 60
            let expectedReceivedNumMessages =
                numMessages - (resumeSendingAtMessage - pauseSendingAtMessage)
                - (resumeReceivingAtMessage - pauseReceivingAtMessage)

            var sentMessageBytes = 0
            var effectivelySentMessageBytes = 0
            var numSentMessages = 0
            let received = Mutex<(numReceivedMessages: Int, recvMessageBytes: Int)>((0, 0))
            // The promise: nil resolves it, a text rejects it.
            let (outcome, settle) = AsyncStream<String?>.makeStream()

            dataProducer.events.onListenerError { event, error in
                settle.yield("dataProducer 'listenererror' [eventName:\(event)]: \(error)")
            }
            dataConsumer.events.onListenerError { event, error in
                settle.yield("dataConsumer 'listenererror' [eventName:\(event)]: \(error)")
            }
            dataConsumer.events.on { event in
                guard case .message(let message, let ppid) = event else { return }
                received.withLock { received in
                    received.numReceivedMessages += 1
                    // message is always bytes.
                    received.recvMessageBytes += message.count
                }
                let id = Int(String(decoding: message, as: UTF8.self)) ?? -1

                if id == numMessages {
                    settle.yield(nil)
                }
                // PPID of WebRTC DataChannel string.
                else if id < numMessages / 2 && ppid != 51 {
                    settle.yield("ppid in message with id \(id) should be 51 but it is \(ppid)")
                }
                // PPID of WebRTC DataChannel binary.
                else if id > numMessages / 2 && ppid != 53 {
                    settle.yield("ppid in message with id \(id) should be 53 but it is \(ppid)")
                }
            }

            // `sendNextMessage()`: each message is sent once the previous one is,
            // awaiting the pauses and resumes on the way.
            while numSentMessages < numMessages {
                numSentMessages += 1
                let id = numSentMessages

                if id == pauseSendingAtMessage {
                    try await dataProducer.pause()
                } else if id == resumeSendingAtMessage {
                    try await dataProducer.resume()
                } else if id == pauseReceivingAtMessage {
                    try await dataConsumer.pause()
                } else if id == resumeReceivingAtMessage {
                    try await dataConsumer.resume()
                }

                let message: DataMessage
                // Send string (WebRTC DataChannel string).
                if id < numMessages / 2 {
                    message = .string(String(id))
                }
                // Send string (WebRTC DataChannel binary).
                else {
                    message = .binary(Array(String(id).utf8))
                }

                try dataProducer.send(message)

                let messageSize = String(id).utf8.count

                sentMessageBytes += messageSize

                if !dataProducer.paused && !dataConsumer.paused {
                    effectivelySentMessageBytes += messageSize
                }
            }

            for await failure in outcome {
                if let failure { throw ExpectationFailure(message: failure, file: #fileID, line: #line) }
                break
            }

            let (numReceivedMessages, recvMessageBytes) = received.withLock { $0 }

            try expectEqual(numSentMessages, numMessages, "numSentMessages")
            try expectEqual(numReceivedMessages, expectedReceivedNumMessages, "numReceivedMessages")
            try expectEqual(recvMessageBytes, effectivelySentMessageBytes, "recvMessageBytes")

            let producerStats = try await dataProducer.getStats()

            try expectEqual(producerStats.count, 1, "dataProducer stats length")
            try expectEqual(producerStats[0].type, "data-producer", "dataProducer stats type")
            try expectEqual(producerStats[0].label, dataProducer.label, "dataProducer stats label")
            try expectEqual(producerStats[0].protocol, dataProducer.protocol, "dataProducer stats protocol")
            try expectEqual(producerStats[0].messagesReceived, numMessages, "dataProducer stats messagesReceived")
            try expectEqual(producerStats[0].bytesReceived, sentMessageBytes, "dataProducer stats bytesReceived")

            let consumerStats = try await dataConsumer.getStats()

            try expectEqual(consumerStats.count, 1, "dataConsumer stats length")
            try expectEqual(consumerStats[0].type, "data-consumer", "dataConsumer stats type")
            try expectEqual(consumerStats[0].label, dataConsumer.label, "dataConsumer stats label")
            try expectEqual(consumerStats[0].protocol, dataConsumer.protocol, "dataConsumer stats protocol")
            try expectEqual(
                consumerStats[0].messagesSent, expectedReceivedNumMessages, "dataConsumer stats messagesSent")
            try expectEqual(consumerStats[0].bytesSent, recvMessageBytes, "dataConsumer stats bytesSent")
        },

        AcceptanceCase(suite, "dataProducer.send() with subchannels succeeds", timeLimit: .seconds(5)) { context in
            let ctx = try await fixture(context)
            let directTransport = try await ctx.router.createDirectTransport()
            let dataProducer = try await directTransport.produceData()
            let dataConsumer1 = try await directTransport.consumeData(
                DataConsumerOptions(dataProducerId: dataProducer.id, subchannels: [1, 11, 666]))
            let dataConsumer2 = try await directTransport.consumeData(
                DataConsumerOptions(dataProducerId: dataProducer.id, subchannels: [2, 22, 666]))
            let expectedReceivedNumMessages1 = 7
            let expectedReceivedNumMessages2 = 5
            let received = Mutex<(messages1: [String], messages2: [String])>(([], []))
            let (done, resolve) = AsyncStream<Void>.makeStream()

            // The original adds the 'message' listeners after the sends: in
            // Node nothing can arrive before the current tick ends. Here the
            // channel's reader thread may deliver at once, so they come first.
            dataConsumer1.events.on { event in
                guard case .message(let message, _) = event else { return }
                let complete = received.withLock { received in
                    received.messages1.append(String(decoding: message, as: UTF8.self))
                    return received.messages1.count == expectedReceivedNumMessages1
                        && received.messages2.count == expectedReceivedNumMessages2
                }
                if complete { resolve.yield() }
            }
            dataConsumer2.events.on { event in
                guard case .message(let message, _) = event else { return }
                let complete = received.withLock { received in
                    received.messages2.append(String(decoding: message, as: UTF8.self))
                    return received.messages1.count == expectedReceivedNumMessages1
                        && received.messages2.count == expectedReceivedNumMessages2
                }
                if complete { resolve.yield() }
            }

            // Must be received by dataConsumer1 and dataConsumer2.
            try dataProducer.send(.string("both"), ppid: nil, subchannels: nil, requiredSubchannel: nil)

            // Must be received by dataConsumer1 and dataConsumer2.
            try dataProducer.send(.string("both"), ppid: nil, subchannels: [1, 2], requiredSubchannel: nil)

            // Must be received by dataConsumer1 and dataConsumer2.
            try dataProducer.send(.string("both"), ppid: nil, subchannels: [11, 22, 33], requiredSubchannel: 666)

            // Must not be received by neither dataConsumer1 nor dataConsumer2.
            try dataProducer.send(.string("none"), ppid: nil, subchannels: [3], requiredSubchannel: 666)

            // Must not be received by neither dataConsumer1 nor dataConsumer2.
            try dataProducer.send(.string("none"), ppid: nil, subchannels: [666], requiredSubchannel: 3)

            // Must be received by dataConsumer1.
            try dataProducer.send(.string("dc1"), ppid: nil, subchannels: [1], requiredSubchannel: nil)

            // Must be received by dataConsumer1.
            try dataProducer.send(.string("dc1"), ppid: nil, subchannels: [11], requiredSubchannel: 1)

            // Must be received by dataConsumer1.
            try dataProducer.send(.string("dc1"), ppid: nil, subchannels: [666], requiredSubchannel: 11)

            // Must be received by dataConsumer2.
            try dataProducer.send(.string("dc2"), ppid: nil, subchannels: [666], requiredSubchannel: 2)

            // Make dataConsumer2 also subscribe to subchannel 1.
            // NOTE: No need to await for this call (``startNow(_:)`` sends the
            // request now, before the next message, as the un-awaited call does).
            startNow { try? await dataConsumer2.setSubchannels(dataConsumer2.subchannels + [1]) }

            // Must be received by dataConsumer1 and dataConsumer2.
            try dataProducer.send(.string("both"), ppid: nil, subchannels: [1], requiredSubchannel: 666)

            for await _ in done { break }

            let (receivedMessages1, receivedMessages2) = received.withLock { $0 }

            try expectEqual(receivedMessages1.count, expectedReceivedNumMessages1, "receivedMessages1.length")
            try expectEqual(receivedMessages2.count, expectedReceivedNumMessages2, "receivedMessages2.length")

            for message in receivedMessages1 {
                try expect(["both", "dc1"].contains(message), "dataConsumer1 received '\(message)'")
                try expect(!["dc2"].contains(message), "dataConsumer1 received '\(message)'")
            }

            for message in receivedMessages2 {
                try expect(["both", "dc2"].contains(message), "dataConsumer2 received '\(message)'")
                try expect(!["dc1"].contains(message), "dataConsumer2 received '\(message)'")
            }
        },

        AcceptanceCase(suite, "DirectTransport methods reject if closed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let directTransport = try await ctx.router.createDirectTransport()
            let onObserverClose = CallRecorder<Void>()

            directTransport.observer.once { event in
                if case .close = event { onObserverClose.record() }
            }
            directTransport.close()

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(directTransport.closed, true, "directTransport.closed")

            try await expectThrows(MediasoupError.self) { _ = try await directTransport.dump() }

            try await expectThrows(MediasoupError.self) { _ = try await directTransport.getStats() }
        },

        AcceptanceCase(suite, "DirectTransport emits \"routerclose\" if Router is closed", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let directTransport = try await ctx.router.createDirectTransport()
            let onObserverClose = CallRecorder<Void>()

            directTransport.observer.once { event in
                if case .close = event { onObserverClose.record() }
            }

            let events = directTransport.events.stream()

            ctx.router.close()
            try expect(await firstEvent(in: events, where: isRouterClose), "directTransport emitted routerclose")

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(directTransport.closed, true, "directTransport.closed")
        },

        AcceptanceCase(suite, "DirectTransport emits \"routerclose\" if Worker is closed", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let directTransport = try await ctx.router.createDirectTransport()
            let onObserverClose = CallRecorder<Void>()

            directTransport.observer.once { event in
                if case .close = event { onObserverClose.record() }
            }

            let events = directTransport.events.stream()

            ctx.worker.close()
            try expect(await firstEvent(in: events, where: isRouterClose), "directTransport emitted routerclose")

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(directTransport.closed, true, "directTransport.closed")
        },
    ]

    @Sendable static func isRouterClose(_ event: TransportEvent) -> Bool {
        if case .routerClose = event { true } else { false }
    }
}
