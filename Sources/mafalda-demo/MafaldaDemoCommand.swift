import ArgumentParser
import Dispatch
import Foundation
import MafaldaDemo
import Mediasoup
import MediasoupLocal

#if canImport(Glibc)
import Glibc
#endif

/// Runs the demo room on the local engine and prints the page's URL.
@main
struct MafaldaDemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mafalda-demo",
        abstract: "A video room in the browser on the local engine: open the printed URL in two tabs.")

    @Option(help: "The HTTP port (0 picks a free one; the printed URL says which).")
    var port = 3000

    @Option(help: "The IP the page and the media listen on. 0.0.0.0 serves every interface (give --announced-ip then).")
    var listenIp = "127.0.0.1"

    @Option(help: "The IP or host name browsers reach this machine at (ICE candidates and the printed URL), e.g. a LAN address.")
    var announcedIp: String?

    func run() async throws {
        if listenIp == "0.0.0.0" || listenIp == "::", announcedIp == nil {
            throw ValidationError("with --listen-ip \(listenIp), give --announced-ip: the address browsers reach")
        }
        let mediasoup = LocalMediasoup()
        let server = try await DemoServer.start(
            mediasoup: mediasoup,
            configuration: DemoConfiguration(
                httpHost: listenIp, port: port, listenIp: listenIp, announcedAddress: announcedIp))
        var lines = ["mafalda-demo: open \(server.url) in two browser tabs (Ctrl-C stops)"]
        if let announcedIp, announcedIp != "127.0.0.1", announcedIp != "localhost" {
            lines.append(
                "mafalda-demo: browsers on other machines receive only: they give the camera to https:// pages "
                    + "and to localhost alone")
        }
        FileHandle.standardOutput.write(Data(lines.map { $0 + "\n" }.joined().utf8))
        await waitForTermination()
        await server.stop()
    }

    /// Returns on SIGINT or SIGTERM.
    private func waitForTermination() async {
        for number in [SIGINT, SIGTERM, SIGPIPE] { signal(number, SIG_IGN) }
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        for await _ in stream { break }
        for source in sources { source.cancel() }
    }
}
