import Foundation
import Mediasoup

/// The identity of a settings set: two virtual workers (or routers) with equal
/// keys share real workers (or real routers). Application data is virtual and
/// never part of a key.
struct SettingsKey: Sendable, Hashable, CustomStringConvertible {
    /// Canonical JSON of the settings (sorted keys).
    let text: String

    init(worker settings: WorkerSettings) {
        var settings = settings
        settings.appData = nil
        text = Self.canonicalJSON(settings)
    }

    init(routerCodecs codecs: [RtpCodecCapability]?) {
        text = Self.canonicalJSON(codecs ?? [])
    }

    /// A short stable digest of ``text`` (64-bit FNV-1a, hex), for the host's worker set.
    var digest: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    var description: String { text }

    private static func canonicalJSON<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
    }
}
