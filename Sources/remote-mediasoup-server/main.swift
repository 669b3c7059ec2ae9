import ArgumentParser
import MafaldaServe

/// Serves the local engine to remote clients over ROPE (WebSocket): the
/// same as `mafalda server`, or `mafalda vertical-server` with --vertical.
///
/// Prints one line `listening on ws[s]://HOST:PORT/` to standard output once
/// it accepts connections.
@main
struct RemoteMediasoupServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote-mediasoup-server",
        abstract: "Expose a mediasoup engine (the local engine) to remote clients over ROPE on WebSocket.",
        discussion: "The same as `mafalda server` (`mafalda vertical-server` with --vertical).")

    @OptionGroup var serve: ServeOptions
    @OptionGroup(title: "Registration") var registration: RegistrationOptions

    @Flag(help: "Serve MediasoupVertical over the local engine: each router spans the host's cores (Mafalda's vertical-server).")
    var vertical = false

    @OptionGroup(title: "Vertical") var verticalFlags: VerticalFlags

    func run() async throws {
        try await Serving.serve(options: serve, registration: registration) {
            vertical ? try Engine.vertical(over: .local(), options: verticalFlags.options(onThisHost: true)) : .local()
        }
    }
}
