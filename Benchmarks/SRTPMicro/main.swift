// srtp-bench: the SRTP fast path's micro-benchmark (issue 13, item 4). Figures,
// never a pass/fail test.
//
//   swift run -c release srtp-bench [--packets N] [--rounds N] [--size BYTES] [--all | --suite NAME]
//
// For AES_CM_128_HMAC_SHA1_80 and AEAD_AES_128_GCM (and, with --all, the
// other two suites): nanoseconds per protect and per unprotect of one RTP
// packet of --size bytes (default 1,200: a 12-byte header and its payload),
// libsrtp2 (the system's, Debian's is built on NSS) against the SRTP module
// (its own transforms on OpenSSL's EVP). Each round protects --packets packets
// with increasing sequence numbers on a fresh outbound session, then
// unprotects them on a fresh inbound one; libsrtp and ours alternate round by
// round, and the median round is printed.
//
// Under Benchmarks/CForwarder/malloccount.so (LD_PRELOAD, MALLOCCOUNT_DIR
// set, as scripts/bench runs it) it also prints heap allocations per packet
// of the timed loops, read from the shim's counter file without allocating
// (the first packet of each session, which adds its SSRC's stream, is
// neither timed nor counted).
//
// Last lines, one per suite, for scripts/bench:
//   srtp-micro: suite=AES_CM_128_HMAC_SHA1_80 size=1200 libsrtp_protect_ns=... mafalda_protect_ns=...
//     libsrtp_unprotect_ns=... mafalda_unprotect_ns=... speedup_protect=... [mafalda_allocs_per_packet=...]

import Foundation
import SRTP
import SRTPReference

struct Options {
    var packets = 20_000
    var rounds = 7
    var size = 1200
    var all = false
    var suite: SRTPCryptoSuite?

    init(_ arguments: [String]) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            switch flag {
            case "--packets": packets = rest.popFirst().flatMap(Int.init) ?? packets
            case "--rounds": rounds = rest.popFirst().flatMap(Int.init) ?? rounds
            case "--size": size = rest.popFirst().flatMap(Int.init) ?? size
            case "--all": all = true
            case "--suite": suite = rest.popFirst().flatMap(SRTPCryptoSuite.init(rawValue:))
            default:
                FileHandle.standardError.write(Data("srtp-bench: unknown argument \(flag)\n".utf8))
                exit(2)
            }
        }
        packets = max(2, packets)
        rounds = max(1, rounds)
        size = min(max(size, 12), 65_535 - 20)
    }
}

/// Either implementation behind one interface, for the timed loops.
enum Implementation: String, CaseIterable {
    case libsrtp
    case mafalda

    func sessions(_ suite: SRTPCryptoSuite, key: [UInt8]) throws -> (protect: Protect, unprotect: Protect) {
        switch self {
        case .libsrtp:
            let outbound = try LibsrtpSession(suite: suite, direction: .outbound, masterKey: key)
            let inbound = try LibsrtpSession(suite: suite, direction: .inbound, masterKey: key)
            return (
                { buffer, length throws(SRTPError) in try outbound.protectRTP(buffer, length: length) },
                { buffer, length throws(SRTPError) in try inbound.unprotectRTP(buffer, length: length) }
            )
        case .mafalda:
            let outbound = try SRTPSession(suite: suite, direction: .outbound, masterKey: key)
            let inbound = try SRTPSession(suite: suite, direction: .inbound, masterKey: key)
            return (
                { buffer, length throws(SRTPError) in try outbound.protectRTP(buffer, length: length) },
                { buffer, length throws(SRTPError) in try inbound.unprotectRTP(buffer, length: length) }
            )
        }
    }
}

typealias Protect = (UnsafeMutableRawBufferPointer, Int) throws(SRTPError) -> Int

/// Reads the malloccount shim's call counter (its file's first 8 bytes) with
/// POSIX calls on a buffer made in advance, so reading it allocates nothing.
final class AllocationCounter {
    private let descriptor: Int32
    private let word = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)

    init?() {
        guard let directory = ProcessInfo.processInfo.environment["MALLOCCOUNT_DIR"], !directory.isEmpty,
            ProcessInfo.processInfo.environment["LD_PRELOAD"]?.contains("malloccount") == true
        else { return nil }
        let path = "\(directory)/malloccount.\(getpid())"
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
    }

    deinit {
        close(descriptor)
        word.deallocate()
    }

    var calls: UInt64 {
        word.pointee = 0
        _ = pread(descriptor, word, 8, 0)
        return UInt64(littleEndian: word.pointee)
    }
}

struct Round {
    var protectNanoseconds: Double
    var unprotectNanoseconds: Double
    var allocationsPerPacket: Double?
}

/// One round: `packets` protects into a slab of packet slots, then as many unprotects.
func measure(
    _ implementation: Implementation, suite: SRTPCryptoSuite, options: Options, counter: AllocationCounter?
) throws -> Round {
    let key = (0..<suite.masterKeyLength).map { UInt8(truncatingIfNeeded: 0x5A ^ ($0 &* 13)) }
    let (protect, unprotect) = try implementation.sessions(suite, key: key)
    let slot = (options.size + suite.maxTrailerLength + 15) / 16 * 16
    let slab = UnsafeMutableRawBufferPointer.allocate(byteCount: slot * options.packets, alignment: 16)
    defer { slab.deallocate() }
    var lengths = [Int](repeating: 0, count: options.packets)
    for packet in 0..<options.packets {
        let base = packet * slot
        slab[base] = 0x80
        slab[base + 1] = 96
        slab[base + 2] = UInt8(truncatingIfNeeded: packet >> 8)
        slab[base + 3] = UInt8(truncatingIfNeeded: packet)
        for offset in 4..<options.size { slab[base + offset] = UInt8(truncatingIfNeeded: offset &* 31 &+ packet) }
        slab[base + 8] = 0x11
        slab[base + 9] = 0x11
        slab[base + 10] = 0x11
        slab[base + 11] = 0x11
    }
    func buffer(_ packet: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(rebasing: slab[packet * slot..<(packet + 1) * slot])
    }
    // Packet 0 makes each session's stream (the only allocations: the stream
    // table grows for a new SSRC); it is neither timed nor counted.
    lengths[0] = try protect(buffer(0), options.size)
    let protectAllocationsBefore = counter?.calls
    let protectStart = DispatchTime.now().uptimeNanoseconds
    try lengths.withUnsafeMutableBufferPointer { lengths in
        for packet in 1..<options.packets {
            lengths[packet] = try protect(buffer(packet), options.size)
        }
    }
    let protectEnd = DispatchTime.now().uptimeNanoseconds
    let protectAllocationsAfter = counter?.calls
    _ = try unprotect(buffer(0), lengths[0])
    let unprotectAllocationsBefore = counter?.calls
    let unprotectStart = DispatchTime.now().uptimeNanoseconds
    try lengths.withUnsafeMutableBufferPointer { lengths in
        for packet in 1..<options.packets {
            _ = try unprotect(buffer(packet), lengths[packet])
        }
    }
    let unprotectEnd = DispatchTime.now().uptimeNanoseconds
    let unprotectAllocationsAfter = counter?.calls
    var allocations: Double?
    if let protectAllocationsBefore, let protectAllocationsAfter, let unprotectAllocationsBefore,
        let unprotectAllocationsAfter
    {
        // Reading the counter allocates nothing; what remains are the loops' own calls.
        let calls = (protectAllocationsAfter - protectAllocationsBefore) + (unprotectAllocationsAfter - unprotectAllocationsBefore)
        allocations = Double(calls) / Double(2 * (options.packets - 1))
    }
    let timed = Double(max(1, options.packets - 1))
    return Round(
        protectNanoseconds: Double(protectEnd - protectStart) / timed,
        unprotectNanoseconds: Double(unprotectEnd - unprotectStart) / timed,
        allocationsPerPacket: allocations)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func format(_ value: Double) -> String { String(format: "%.0f", value) }

let options = Options(Array(CommandLine.arguments.dropFirst()))
let counter = AllocationCounter()
let suites: [SRTPCryptoSuite] =
    if let suite = options.suite {
        [suite]
    } else if options.all {
        [.aesCm128HmacSha1_80, .aesCm128HmacSha1_32, .aeadAes128Gcm, .aeadAes256Gcm]
    } else {
        [.aesCm128HmacSha1_80, .aeadAes128Gcm]
    }

print("SRTP micro-benchmark: one RTP packet of \(options.size) bytes, \(options.packets) packets per round, median of \(options.rounds) rounds")
print("libsrtp: \(LibsrtpLibrary.version) on \(LibsrtpLibrary.cryptoBackend.rawValue); ours: \(SRTPLibrary.version)")
print("")
print("| suite                     | libsrtp protect ns | ours protect ns | speed-up | libsrtp unprotect ns | ours unprotect ns | speed-up |")
print("|---------------------------|--------------------|-----------------|----------|----------------------|-------------------|----------|")
var lines: [String] = []
for suite in suites {
    var rounds: [Implementation: [Round]] = [:]
    // A warm-up round of each, not counted.
    for implementation in Implementation.allCases {
        _ = try measure(implementation, suite: suite, options: Options(["--packets", "2000", "--size", "\(options.size)"]), counter: nil)
    }
    for _ in 0..<options.rounds {
        for implementation in Implementation.allCases {
            rounds[implementation, default: []].append(try measure(implementation, suite: suite, options: options, counter: counter))
        }
    }
    let libsrtpProtect = median(rounds[.libsrtp, default: []].map(\.protectNanoseconds))
    let oursProtect = median(rounds[.mafalda, default: []].map(\.protectNanoseconds))
    let libsrtpUnprotect = median(rounds[.libsrtp, default: []].map(\.unprotectNanoseconds))
    let oursUnprotect = median(rounds[.mafalda, default: []].map(\.unprotectNanoseconds))
    let name = suite.rawValue.padding(toLength: 25, withPad: " ", startingAt: 0)
    print(
        "| \(name) | \(format(libsrtpProtect).leftPad(18)) | \(format(oursProtect).leftPad(15)) | "
            + "\(String(format: "%.2fx", libsrtpProtect / oursProtect).leftPad(8)) | \(format(libsrtpUnprotect).leftPad(20)) | "
            + "\(format(oursUnprotect).leftPad(17)) | \(String(format: "%.2fx", libsrtpUnprotect / oursUnprotect).leftPad(8)) |")
    var line =
        "srtp-micro: suite=\(suite.rawValue) size=\(options.size) libsrtp_protect_ns=\(format(libsrtpProtect)) "
        + "mafalda_protect_ns=\(format(oursProtect)) libsrtp_unprotect_ns=\(format(libsrtpUnprotect)) "
        + "mafalda_unprotect_ns=\(format(oursUnprotect)) speedup_protect=\(String(format: "%.2f", libsrtpProtect / oursProtect))"
    let allocations = rounds[.mafalda, default: []].compactMap(\.allocationsPerPacket)
    if !allocations.isEmpty {
        let libsrtpAllocations = rounds[.libsrtp, default: []].compactMap(\.allocationsPerPacket)
        line += String(format: " mafalda_allocs_per_packet=%.4f libsrtp_allocs_per_packet=%.4f", allocations.max() ?? 0, libsrtpAllocations.max() ?? 0)
    }
    lines.append(line)
}
print("")
for line in lines { print(line) }

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
