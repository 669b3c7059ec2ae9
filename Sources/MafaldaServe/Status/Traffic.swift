import Mediasoup
import RemoteMediasoupServer

/// The traffic of a server's live objects, asked of each when metrics are
/// read: bytes through its transports, RTP packets into its producers and out
/// of its consumers. Objects that close meanwhile are left out.
struct Traffic: Sendable, Equatable {
    var transportBytesReceived = 0
    var transportBytesSent = 0
    var producerPacketsReceived = 0
    var consumerPacketsSent = 0

    /// The most stats requests in flight at once, so that a scrape of a big
    /// server does not flood its workers' channels.
    static let concurrency = 16

    static func measure(_ objects: RemoteMediasoupServerMediaObjects) async -> Traffic {
        let askers: [@Sendable () async -> Traffic] =
            objects.transports.map { transport in
                { @Sendable in
                    let stats = (try? await transport.getStats()) ?? []
                    return Traffic(
                        transportBytesReceived: stats.reduce(0) { $0 + $1.bytesReceived },
                        transportBytesSent: stats.reduce(0) { $0 + $1.bytesSent })
                }
            }
            + objects.producers.map { producer in
                { @Sendable in
                    let stats = (try? await producer.getStats()) ?? []
                    return Traffic(producerPacketsReceived: stats.reduce(0) { $0 + $1.packetCount })
                }
            }
            + objects.consumers.map { consumer in
                { @Sendable in
                    // A consumer's stats are its outbound stream, then its producer's inbound ones.
                    let stats = (try? await consumer.getStats()) ?? []
                    return Traffic(
                        consumerPacketsSent: stats.filter { $0.type == "outbound-rtp" }.reduce(0) { $0 + $1.packetCount })
                }
            }
        var total = Traffic()
        await withTaskGroup(of: Traffic.self) { group in
            var inFlight = 0
            for asker in askers {
                if inFlight == concurrency, let part = await group.next() {
                    total.add(part)
                    inFlight -= 1
                }
                group.addTask(operation: asker)
                inFlight += 1
            }
            for await part in group { total.add(part) }
        }
        return total
    }

    private mutating func add(_ part: Traffic) {
        transportBytesReceived += part.transportBytesReceived
        transportBytesSent += part.transportBytesSent
        producerPacketsReceived += part.producerPacketsReceived
        consumerPacketsSent += part.consumerPacketsSent
    }
}
