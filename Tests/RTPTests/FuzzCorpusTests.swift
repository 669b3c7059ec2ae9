import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@testable import MafaldaFoundation
@testable import Mediasoup
@testable import ROPEWire
@testable import RTP

/// The fuzz seed corpus (Fuzz/corpus, with the inputs of past findings) run
/// through the fuzz entries, as the fuzzer does.
@Suite("Fuzz corpus")
struct FuzzCorpusTests {
    static let corpus: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
        return path + "/Fuzz/corpus"
    }()

    static func files() -> [String] {
        guard let directory = opendir(corpus) else { return [] }
        defer { closedir(directory) }
        var names = [String]()
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }

    static func read(_ name: String) -> [UInt8]? {
        guard let file = fopen(corpus + "/" + name, "rb") else { return nil }
        defer { fclose(file) }
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while case let count = fread(&buffer, 1, buffer.count, file), count > 0 {
            bytes.append(contentsOf: buffer[0..<count])
        }
        return bytes
    }

    @Test func corpusIsThere() {
        #expect(Self.files().count >= 10)
    }

    @Test(arguments: files())
    func runsThroughTheFuzzEntries(name: String) throws {
        let bytes = try #require(Self.read(name))
        bytes.withUnsafeBytes { raw in
            RTPPacket.fuzz(raw)
            RTCPCompoundIterator.fuzz(raw)
            JSONValue.fuzz(raw)
            RopeMessage.fuzz(raw)
        }
        if name.hasPrefix("rtp-") {
            #expect(throws: Never.self) { try RTPPacket(parsing: bytes) }
        } else if name.hasPrefix("rtcp-") {
            #expect(throws: Never.self) { try RTCPPacket.parseCompound(bytes) }
        } else if name.hasPrefix("json-rope-") {
            #expect(throws: Never.self) { try RopeMessage(frame: bytes) }
        } else if name.hasPrefix("json-") {
            #expect(throws: Never.self) { try JSONValue(json: bytes) }
        }
    }

    @Test func seedsAreWhatTheTestsDescribe() throws {
        #expect(Self.read("rtp-basic") == RTPPacketTests.basic)
        #expect(Self.read("rtp-padding-csrc") == RTPPacketTests.paddedWithCSRCs)
        #expect(Self.read("rtp-one-byte-extension") == RTPHeaderExtensionTests.oneByte)
        #expect(Self.read("rtp-two-byte-extension") == RTPHeaderExtensionTests.twoByte)
        #expect(Self.read("rtp-chrome-audio") == RTPHeaderExtensionTests.chromeAudio)
        #expect(Self.read("rtcp-transport-cc") == TransportFeedbackTests.mixed)
        #expect(Self.read("rtcp-transport-cc-draft-chunks") == TransportFeedbackTests.draftChunks)
        #expect(Self.read("rtcp-rr-nack-pli") == hex("80 c9 00 01 11 22 33 44") + RTCPFeedbackTests.nack + RTCPFeedbackTests.pli)
    }
}
