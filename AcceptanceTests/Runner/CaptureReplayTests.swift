import AcceptanceSuite
import AcceptanceTargets
import Foundation
import Testing

/// `mafalda-conformance --replay`: a user's capture with its manifest beside
/// it replays through the local engine; a truncated capture, a packet that
/// does not belong to the stream and a capture without facts are refused,
/// naming the file and the packet.
extension ConformanceKitTests { @Suite struct CaptureReplayTests {
    static let fixtures: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // AcceptanceTests/Runner/CaptureReplayTests.swift
        return parts.joined(separator: "/") + "/Fixtures"
    }()

    /// A fresh folder holding a copy of opus.pcap (as `name`, changed by `alter`) and, unless
    /// `withFacts` is false, its facts beside it as `<name>.json`.
    static func userCapture(
        named name: String = "session.pcap", withFacts: Bool = true, alter: (inout Data) -> Void = { _ in }
    ) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var capture = try Data(contentsOf: URL(fileURLWithPath: "\(fixtures)/opus.pcap"))
        alter(&capture)
        let path = folder.appendingPathComponent(name)
        try capture.write(to: path)
        if withFacts {
            let manifest = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: "\(fixtures)/manifest.json")))
            let captures = (manifest as? [String: Any])?["captures"] as? [[String: Any]] ?? []
            let opus = try #require(captures.first { $0["file"] as? String == "opus.pcap" })
            try JSONSerialization.data(withJSONObject: opus).write(
                to: path.deletingPathExtension().appendingPathExtension("json"))
        }
        return path.path
    }

    /// The byte offset of the RTP packet `index` in a classic pcap of Ethernet/IPv4/UDP frames.
    static func rtpOffset(of index: Int, in capture: Data) -> Int {
        var offset = 24
        for _ in 0..<index {
            let included = capture[offset + 8..<offset + 12].reversed().reduce(0) { $0 << 8 | Int($1) }
            offset += 16 + included
        }
        return offset + 16 + 14 + 20 + 8
    }

    @Test func aUserCaptureWithItsFactsBesideItReplaysByteIdentically() async throws {
        let cases = try CaptureReplay.cases(pcapPath: try Self.userCapture(), paced: false)
        #expect(cases.map(\.id) == [
            "replay session.pcap › through a PlainTransport, as fast as possible",
            "replay session.pcap › through a DirectTransport",
        ])
        for testCase in cases {
            let outcome = await AcceptanceRunner.run(testCase, on: TargetRegistry.local, timeLimit: .seconds(60))
            #expect(outcome == .passed, "\(testCase.id)")
        }
    }

    @Test func aTruncatedCaptureIsRefusedAtItsRecord() throws {
        let path = try Self.userCapture { capture in capture = capture.prefix(5060) }
        #expect {
            try CaptureReplay.cases(pcapPath: path)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("cannot read record 31: truncated")
        }
    }

    @Test func aPacketOfAnotherStreamIsRefusedAtThatPacket() throws {
        let path = try Self.userCapture { capture in capture[Self.rtpOffset(of: 17, in: capture) + 8] ^= 0xFF }
        #expect {
            try CaptureReplay.cases(pcapPath: path)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("packet 17 has SSRC")
        }
    }

    @Test func aCaptureWithoutFactsIsRefusedWithWhatToGive() throws {
        let path = try Self.userCapture(withFacts: false)
        #expect {
            try CaptureReplay.cases(pcapPath: path)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("no manifest")
        }
    }
} }
