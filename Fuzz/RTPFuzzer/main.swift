// rtp-fuzzer: the parsers of untrusted bytes under libFuzzer: RTP, RTCP, codec
// payloads, the stream cores, STUN, DTLS records, SRTP/SRTCP, captured frames
// (pcap link layers, IP, UDP), JSON and ROPE's JSON-RPC frames.
//
// Built by scripts/fuzz with `-sanitize=fuzzer,address -DFUZZING`, this file
// exports libFuzzer's `LLVMFuzzerTestOneInput` and hands the process to
// libFuzzer's driver. In a normal `swift build` it is a small driver instead:
// `rtp-fuzzer FILE|DIR...` runs each file (or each file of a directory)
// through the same fuzz functions, to replay a corpus or a crash.

import DTLS
import ICE
import MafaldaFoundation
import Pcap
import ROPEWire
import RTP
import SCTP
import SRTP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `message` and a newline to standard error.
func printError(_ message: String) {
    var line = message + "\n"
    line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}

/// The fuzz entries, by name.
enum FuzzEntries {
    typealias Entry = @Sendable (UnsafeRawBufferPointer) -> Void

    static let all: [(name: String, run: Entry)] = [
        ("rtp", { RTPPacket.fuzz($0) }), ("rtcp", { RTCPCompoundIterator.fuzz($0) }),
        ("codecs", { CodecPayload.fuzz($0) }), ("streams", { NackGenerator.fuzz($0) }),
        ("stun", { StunMessage.fuzz($0) }), ("srtp", { SRTPSession.fuzz(Array($0)) }),
        ("pcap", { PcapUDPDatagram.fuzz($0) }), ("dtls", { DtlsEndpoint.fuzz($0) }),
        ("sctp", { SctpAssociation.fuzz($0) }), ("json", { JSONValue.fuzz($0) }), ("rope", { RopeMessage.fuzz($0) }),
    ]

    /// The entries named in MAFALDA_FUZZ (comma-separated, e.g. `json,rope`); every one by default.
    static let selected: [Entry] = {
        guard let names = getenv("MAFALDA_FUZZ").map({ String(cString: $0).split(separator: ",").map(String.init) }),
            !names.isEmpty
        else { return all.map(\.run) }
        return all.filter { names.contains($0.name) }.map(\.run)
    }()
}

/// One input through the selected fuzz entries.
func fuzzOne(_ data: UnsafeRawBufferPointer) {
    for entry in FuzzEntries.selected { entry(data) }
}

#if FUZZING

@_cdecl("LLVMFuzzerTestOneInput")
public func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

// SwiftPM gives this file's top-level code the process's `main`, so libFuzzer's
// own is not used: call its driver, found among the exported symbols (the
// script links with --export-dynamic).
typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
typealias RunDriver = @convention(c) (
    UnsafeMutablePointer<CInt>,
    UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    TestOneInput
) -> CInt

guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") else {
    printError("rtp-fuzzer: LLVMFuzzerRunDriver not found; build with scripts/fuzz")
    exit(2)
}
let runDriver = unsafeBitCast(symbol, to: RunDriver.self)
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(runDriver(&argc, &argv) { data, size in llvmFuzzerTestOneInput(data, size) })

#else

/// The bytes of the file at `path`, nil when it cannot be read.
func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&chunk, 1, chunk.count, file)
        if count <= 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    return ferror(file) == 0 ? bytes : nil
}

/// `path` itself, or the regular files of the directory `path`, sorted.
func inputs(at path: String) -> [String] {
    guard let directory = opendir(path) else { return [path] }
    defer { closedir(directory) }
    var names = [String]()
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if !name.hasPrefix(".") { names.append(path + "/" + name) }
    }
    return names.sorted()
}

let arguments = CommandLine.arguments.dropFirst()
if arguments.isEmpty || arguments.contains("-h") || arguments.contains("--help") {
    print("usage: rtp-fuzzer FILE|DIR...   (scripts/fuzz builds the libFuzzer variant)")
    exit(arguments.isEmpty ? 2 : 0)
}
var count = 0
for path in arguments.flatMap(inputs(at:)) {
    guard let bytes = readFile(path) else {
        printError("rtp-fuzzer: cannot read \(path)")
        exit(1)
    }
    bytes.withUnsafeBytes(fuzzOne)
    count += 1
}
print("rtp-fuzzer: \(count) inputs, no finding")

#endif
