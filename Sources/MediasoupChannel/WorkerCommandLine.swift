import Mediasoup

/// How worker settings travel to a new worker process: as `--name=value`
/// arguments (one `--logTag=` per tag), as mediasoup passes them.
package enum WorkerCommandLine {
    /// Exit status of a worker that refuses its settings; the library reports
    /// it as ``TypeError`` "wrong settings".
    package static let wrongSettingsExitCode: Int32 = 42

    /// The settings a worker process runs with, after defaults.
    package struct Settings: Sendable, Equatable {
        package var logLevel: WorkerLogLevel = .error
        package var logTags: [WorkerLogTag] = []
        package var rtcMinPort: UInt16 = 10000
        package var rtcMaxPort: UInt16 = 59999
        package var dtlsCertificateFile: String?
        package var dtlsPrivateKeyFile: String?
        package var libwebrtcFieldTrials: String?
        package var disableLiburing = false
        package init() {}
    }

    /// The arguments for `settings`. Values are passed as given; the worker judges them.
    package static func arguments(for settings: WorkerSettings) -> [String] {
        var arguments: [String] = []
        if let logLevel = settings.logLevel { arguments.append("--logLevel=\(logLevel.rawValue)") }
        for tag in settings.logTags ?? [] { arguments.append("--logTag=\(tag.rawValue)") }
        if let port = settings.rtcMinPort { arguments.append("--rtcMinPort=\(port)") }
        if let port = settings.rtcMaxPort { arguments.append("--rtcMaxPort=\(port)") }
        if let file = settings.dtlsCertificateFile { arguments.append("--dtlsCertificateFile=\(file)") }
        if let file = settings.dtlsPrivateKeyFile { arguments.append("--dtlsPrivateKeyFile=\(file)") }
        if let trials = settings.libwebrtcFieldTrials { arguments.append("--libwebrtcFieldTrials=\(trials)") }
        if settings.disableLiburing == true { arguments.append("--disableLiburing=true") }
        return arguments
    }

    /// Reads the arguments back, with defaults for what is absent.
    ///
    /// - Throws: ``TypeError`` for an unknown option, a bad value, ports out of
    ///   range or reversed, or only one of the two DTLS files. (Whether the
    ///   files can be read is checked where they are loaded.)
    package static func parse(_ arguments: [String]) throws(TypeError) -> Settings {
        var settings = Settings()
        for argument in arguments {
            guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else {
                throw TypeError("invalid worker argument '\(argument)'")
            }
            let name = String(argument[argument.index(argument.startIndex, offsetBy: 2)..<equals])
            let value = String(argument[argument.index(after: equals)...])
            switch name {
            case "logLevel":
                guard let level = WorkerLogLevel(rawValue: value) else { throw TypeError("invalid logLevel '\(value)'") }
                settings.logLevel = level
            case "logTag":
                guard let tag = WorkerLogTag(rawValue: value) else { throw TypeError("invalid logTag '\(value)'") }
                settings.logTags.append(tag)
            case "rtcMinPort":
                settings.rtcMinPort = try port(value, name)
            case "rtcMaxPort":
                settings.rtcMaxPort = try port(value, name)
            case "dtlsCertificateFile":
                settings.dtlsCertificateFile = value
            case "dtlsPrivateKeyFile":
                settings.dtlsPrivateKeyFile = value
            case "libwebrtcFieldTrials":
                settings.libwebrtcFieldTrials = value
            case "disableLiburing":
                settings.disableLiburing = value == "true"
            default:
                throw TypeError("unknown worker option '\(name)'")
            }
        }
        guard settings.rtcMinPort <= settings.rtcMaxPort else {
            throw TypeError("rtcMinPort \(settings.rtcMinPort) is greater than rtcMaxPort \(settings.rtcMaxPort)")
        }
        guard (settings.dtlsCertificateFile == nil) == (settings.dtlsPrivateKeyFile == nil) else {
            throw TypeError("dtlsCertificateFile and dtlsPrivateKeyFile must be given together")
        }
        return settings
    }

    private static func port(_ value: String, _ name: String) throws(TypeError) -> UInt16 {
        guard let port = UInt16(value) else { throw TypeError("invalid \(name) '\(value)'") }
        return port
    }
}
