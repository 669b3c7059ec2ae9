import Foundation
import Mediasoup
import Testing

@testable import MediasoupLocal

/// Where the local engine looks for `mediasoup-worker`, and what it says when
/// the worker is nowhere.
@Suite(.timeLimit(.minutes(1)))
struct WorkerExecutableTests {
    @Test func theSettingComesFirstThenTheEnvironmentAndIsTakenAsGiven() {
        let setting = WorkerExecutable.candidates(
            setting: "/opt/a/mediasoup-worker", environment: ["MEDIASOUP_WORKER_BIN": "/opt/b/mediasoup-worker"],
            runningExecutable: "/usr/bin/app")
        #expect(setting == [.init(path: "/opt/a/mediasoup-worker", origin: .setting)])

        let environment = WorkerExecutable.candidates(
            setting: nil, environment: ["MEDIASOUP_WORKER_BIN": "/opt/b/mediasoup-worker"],
            runningExecutable: "/usr/bin/app")
        #expect(environment == [.init(path: "/opt/b/mediasoup-worker", origin: .environment)])
    }

    @Test func withoutEitherItLooksBesideTheRunningExecutableThenInTheBuildFolders() {
        let candidates = WorkerExecutable.candidates(
            setting: nil, environment: ["MEDIASOUP_WORKER_BIN": ""], runningExecutable: "/srv/room/bin/app",
            packageRoot: "/src/sfu")
        #expect(candidates.map(\.path) == [
            "/srv/room/bin/mediasoup-worker",
            "/src/sfu/.build/debug/mediasoup-worker",
            "/src/sfu/.build/release/mediasoup-worker",
        ])
        #expect(candidates.map(\.origin) == [.besideExecutable, .buildFolder, .buildFolder])
    }

    @Test func aMissingWorkerFailsCreateWorkerWithThePathsTriedAndTheBuildCommand() async throws {
        let missing = "/nonexistent-\(UInt32.random(in: 0...UInt32.max))/mediasoup-worker"
        do {
            _ = try await LocalMediasoup(workerBin: missing).createWorker()
            Issue.record("createWorker() succeeded without a worker executable")
        } catch let error as MediasoupError {
            let message = "\(error)"
            #expect(message.contains("\(missing) (the workerBin setting)"))
            #expect(message.contains("swift build --product mediasoup-worker"))
            #expect(message.contains("MEDIASOUP_WORKER_BIN"))
        }
    }

    @Test func theTestHostFindsTheWorkerThatSwiftPMBuiltBesideIt() throws {
        let path = try LocalMediasoup().locateWorkerBin()
        #expect(path.hasSuffix("/mediasoup-worker"))
        #expect(FileManager.default.isExecutableFile(atPath: path))
    }
}
