import Foundation
import Mediasoup
import Pcap
import RTP

/// A user's capture as acceptance cases (`mafalda-conformance --replay`): the
/// capture's RTP is produced into a router and consumed on a PlainTransport
/// (sent from a UDP peer on the capture's own timing, or as fast as the
/// sockets allow) and on a DirectTransport, and what comes out is checked
/// against the capture's facts: the packet count, byte-identical payloads,
/// the consumer's SSRC and payload type, consecutive sequence numbers; a
/// mismatch names the first packet that differs.
///
/// The facts come from a manifest: the `--manifest` file, else the JSON file
/// beside the capture (`capture.json` for `capture.pcap`), else the entry of
/// `Fixtures/manifest.json` with the capture's file name. A manifest is one
/// capture's facts (`kind`, `mimeType`, `clockRate`, `channels`, `payloadType`,
/// `headerExtensions`, `packetCount`, `rtpBytes`, `payloadBytes`, `encodings`,
/// as Fixtures/manifest.json records them) or a `captures` list of them.
public enum CaptureReplay {
    /// Why a capture cannot be replayed.
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    /// The cases replaying the capture at `pcapPath`.
    ///
    /// - Throws: ``Refusal`` naming the file (and the packet) when the capture
    ///   cannot be read to its end, a packet is not RTP, there is no manifest,
    ///   or the capture and its manifest disagree.
    public static func cases(pcapPath: String, manifestPath: String? = nil, paced: Bool = true) throws
        -> [AcceptanceCase]
    {
        let path = URL(fileURLWithPath: pcapPath).standardizedFileURL.path
        var facts = try facts(for: path, manifestPath: manifestPath)
        facts.file = path
        try check(facts)
        let capture = facts
        let suite = "replay \(URL(fileURLWithPath: path).lastPathComponent)"
        let timing = paced ? "on its own timing" : "as fast as possible"
        return [
            AcceptanceCase(suite, "through a PlainTransport, \(timing)", timeLimit: .seconds(600)) { context in
                try await ReplayCases.replayThroughPlainTransport(capture, context: context, pipe: false, paced: paced)
            }.requiring(.loopbackMedia),
            AcceptanceCase(suite, "through a DirectTransport", timeLimit: .seconds(600)) { context in
                try await ReplayCases.replayThroughDirectTransport(capture, context: context)
            },
        ]
    }

    /// The manifest's facts of the capture at `path`.
    static func facts(for path: String, manifestPath: String?) throws -> FixtureCapture {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let beside = URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension("json").path
        let fixtures = "\(FixtureCapture.directory)/manifest.json"
        let candidates =
            manifestPath.map { [$0] } ?? [beside, fixtures].filter { FileManager.default.fileExists(atPath: $0) }
        for manifest in candidates {
            let bytes: [UInt8]
            do {
                bytes = try readFile(manifest)
            } catch {
                throw Refusal(description: "\(manifest): \(error)")
            }
            if let list = try? FixtureCapture.Manifest(json: bytes) {
                if let capture = list.captures.first(where: { URL(fileURLWithPath: $0.file).lastPathComponent == name }) {
                    return capture
                }
                if manifestPath != nil { throw Refusal(description: "\(manifest): no capture named \(name)") }
                continue
            }
            do {
                return try FixtureCapture(json: bytes)
            } catch {
                throw Refusal(description: "\(manifest): not a capture manifest: \(error)")
            }
        }
        throw Refusal(
            description: "\(path): no manifest (give --manifest, or put the capture's facts in \(beside)),"
                + " as Fixtures/manifest.json records them: kind, mimeType, clockRate, payloadType, encodings...")
    }

    /// Refuses a capture that cannot be read to its end, holds a packet that is
    /// not RTP, or disagrees with its facts.
    static func check(_ capture: FixtureCapture) throws {
        let datagrams: [[UInt8]]
        do {
            datagrams = try capture.datagrams()
        } catch {
            throw Refusal(description: "\(capture.path): \(error)")
        }
        guard !datagrams.isEmpty else { throw Refusal(description: "\(capture.path): no UDP datagram in the capture") }
        guard capture.encodings.count == 1, let encoding = capture.encodings.first else {
            throw Refusal(
                description: "\(capture.path): \(capture.encodings.count) encodings; --replay takes one stream"
                    + " (simulcast captures are replayed by the catalog's replay cases)")
        }
        for (index, datagram) in datagrams.enumerated() {
            let packet: RTPPacket
            do {
                packet = try RTPPacket(parsing: datagram)
            } catch {
                throw Refusal(description: "\(capture.path): packet \(index) is not RTP: \(error)")
            }
            if (64...95).contains(packet.payloadType) {
                throw Refusal(description: "\(capture.path): packet \(index) is RTCP (payload type \(packet.payloadType)), not RTP")
            }
            guard packet.ssrc == encoding.ssrc, packet.payloadType == capture.payloadType else {
                throw Refusal(
                    description: "\(capture.path): packet \(index) has SSRC \(packet.ssrc) and payload type"
                        + " \(packet.payloadType); the manifest says \(encoding.ssrc) and \(capture.payloadType)")
            }
        }
        guard datagrams.count == capture.packetCount else {
            throw Refusal(
                description: "\(capture.path): \(datagrams.count) packets; the manifest says \(capture.packetCount)")
        }
    }
}
