import Mediasoup
import RemoteMediasoupProtocol
import Testing

@testable import RemoteMediasoupServer

/// The server builds the JSON of snapshots and events with its own tree
/// encoder; it must give exactly what Foundation's encoder gives.
extension RemoteServerTests {
    @Test func theTreeEncoderGivesWhatJSONEncoderGives() throws {
        let capabilities = try ORTC.generateRouterRtpCapabilities(mediaCodecs: RemoteServerMedia.mediaCodecs)
        let snapshot = ObjectSnapshot(
            class: .producer, id: "p", parent: nil, closed: false, appData: ["nested": ["list": [1, 2.5, "x", nil]]],
            properties: ["rtpParameters": try RemoteServerMedia.audioProducer.rtpParameters.jsonValue()])
        let event = EventNotification(
            target: nil, class: .mediasoup, event: "newworker", observer: true, data: try snapshot.jsonValue(),
            state: nil)
        let stats = MediasoupStats(
            os: MediasoupStats.OS(
                availableParallelism: 2, cpus: [], freemem: 1, totalmem: 2, loadavg: [0.5, 0, 0], uptime: 3),
            pidusages: ["42": MediasoupStats.PidUsage(
                cpu: 1.5, memory: 2, ppid: 1, pid: 42, ctime: 3, elapsed: 4, timestamp: 5)],
            process: MediasoupStats.Process(
                cpuUsage: MediasoupStats.Process.CPUUsage(user: 1, system: 2), hrtime: 1 << 40,
                memoryUsage: ["rss": 5], uptime: 6))

        #expect(try JSONTreeEncoder.encode(capabilities) == capabilities.jsonValue())
        #expect(try JSONTreeEncoder.encode(snapshot) == snapshot.jsonValue())
        #expect(try JSONTreeEncoder.encode(event) == event.jsonValue())
        #expect(try JSONTreeEncoder.encode(stats) == stats.jsonValue())
        #expect(try JSONTreeEncoder.encode([ConsumerLayers(spatialLayer: 1)]) == [ConsumerLayers(spatialLayer: 1)].jsonValue())
        #expect(try JSONTreeEncoder.encode(IceState.completed) == "completed")
        #expect(throws: EncodingError.self) { try JSONTreeEncoder.encode(Double.nan) }
    }
}
