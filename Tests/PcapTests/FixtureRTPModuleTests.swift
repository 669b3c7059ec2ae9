import Testing

import Pcap
import RTP

/// The RTP module's header parser against the test's own reader on every packet of every
/// fixture: real encoders' packets through `RTPHeaderFields.parse`.
@Suite struct FixtureRTPModuleTests {
    @Test(arguments: FixtureTests.files)
    func headerFieldsAgree(file: String) throws {
        let (manifest, _) = try FixtureManifest.load()
        let capture = try #require(manifest.captures.first { $0.file == file })
        let tag = capture.srtp?.authTagLength ?? 0
        let reader = try PcapReader(path: FixtureManifest.directory.appendingPathComponent(file).path)
        var count = 0
        for packet in reader {
            let expected = try #require(TestRTP(packet.payload, authTagLength: tag))
            try packet.payload.withUnsafeBytes { bytes in
                let fields = try RTPHeaderFields.parse(bytes)
                #expect(fields.payloadType == expected.payloadType)
                #expect(fields.sequenceNumber == expected.sequenceNumber)
                #expect(fields.timestamp == expected.timestamp)
                #expect(fields.ssrc == expected.ssrc)
                #expect(fields.marker == expected.marker)
                // An SRTP packet's auth tag is payload to an RTP parser.
                #expect(fields.payloadOffset == expected.payload.startIndex)
                #expect(fields.payloadLength - tag == expected.payload.count)
                var elements: [UInt8: [UInt8]] = [:]
                var iterator = fields.extensionElements(in: bytes)
                while let element = iterator.next() {
                    elements[element.id] = Array(bytes[element.valueRange])
                }
                #expect(!iterator.isMalformed)
                #expect(elements == expected.extensions)
            }
            count += 1
        }
        #expect(reader.error == nil)
        #expect(count == capture.packetCount)
    }
}
