#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Mediasoup
import MediasoupChannel
import Synchronization
import Testing

@testable import MediasoupLocal

/// Bad input on the control channel never crashes a worker, and every bad
/// request gets an answer of its kind while the worker keeps serving.
@Suite(.timeLimit(.minutes(1)))
struct WorkerRobustnessTests {
    /// A worker process driven directly over its channel.
    private struct RawWorker {
        let process: WorkerProcess
        let channel: WorkerChannel

        init() async throws {
            process = try WorkerProcess.spawn(executable: LocalMediasoup().workerBin, arguments: [])
            channel = WorkerChannel(requestFd: process.requestFd, responseFd: process.responseFd)
            let running = channel.subscribe(WorkerNotification.targetId)
            channel.start(onClosed: {})
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                running.attach { _ in continuation.resume() }
            }
        }

        /// Writes bytes straight onto the worker's request pipe.
        func writeRaw(_ bytes: [UInt8]) {
            _ = bytes.withUnsafeBytes { write(process.requestFd, $0.baseAddress, $0.count) }
        }

        func stop() {
            process.kill(SIGKILL)
            channel.close()
        }
    }

    private static func frame(_ payload: [UInt8]) -> [UInt8] {
        let length = UInt32(payload.count)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
            + payload
    }

    @Test func malformedMessagesAreDroppedAndTheWorkerKeepsServing() async throws {
        let worker = try await RawWorker()
        defer { worker.stop() }
        worker.writeRaw(Self.frame(Array("not json at all".utf8)))
        worker.writeRaw(Self.frame(Array(#"{"type":"request"}"#.utf8)))
        worker.writeRaw(Self.frame(Array(#"{"type":"response","id":1,"accepted":true}"#.utf8)))
        worker.writeRaw(Self.frame([0xFF, 0xFE, 0x00]))
        worker.writeRaw(Self.frame([]))
        let dump = try await worker.channel.request(.workerDump).decoded(WorkerDump.self)
        #expect(dump.pid == Int(worker.process.pid))
    }

    @Test func aFrameOverTheLimitIsSkippedAndTheWorkerKeepsServing() async throws {
        let worker = try await RawWorker()
        defer { worker.stop() }
        let oversized = [UInt8](repeating: 0x41, count: ChannelFrameDecoder.maxPayloadLength + 1)
        worker.writeRaw(Self.frame(oversized))
        let dump = try await worker.channel.request(.workerDump).decoded(WorkerDump.self)
        #expect(dump.pid == Int(worker.process.pid))
    }

    @Test func aRequestTooLargeForTheChannelFailsAloneAndTheWorkerLives() async throws {
        let worker = try await RawWorker()
        defer { worker.stop() }
        let huge = String(repeating: "x", count: ChannelFrameDecoder.maxPayloadLength)
        let error = await #expect(throws: MediasoupError.self) {
            _ = try await worker.channel.request(.workerCreateRouter, data: ["routerId": .string(huge)])
        }
        #expect(error?.message.contains("too big") == true)
        let dump = try await worker.channel.request(.workerDump).decoded(WorkerDump.self)
        #expect(dump.routerIds.isEmpty)
    }

    @Test func theDecoderSkipsAnOversizedFrameSplitAcrossReadsAndKeepsTheNext() {
        var decoder = ChannelFrameDecoder()
        let length = ChannelFrameDecoder.maxPayloadLength + 10
        decoder.append([UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)])
        decoder.append([UInt8](repeating: 1, count: length - 3))
        #expect(decoder.nextFrame() == nil)
        decoder.append([1, 1, 1] + Self.frame([7, 8, 9]))
        #expect(decoder.nextFrame() == [7, 8, 9])
        #expect(decoder.nextFrame() == nil)
        #expect(decoder.skippedFrames == 1)
    }

    @Test func sendingToAStalledWorkerNeverBlocksTheCaller() async throws {
        let worker = try await RawWorker()
        defer { worker.stop() }
        worker.process.kill(SIGSTOP)
        // Far more than a pipe holds (64 KiB): a blocking write would hang here.
        let bulk = JSONValue.string(String(repeating: "x", count: 1 << 20))
        let returned = WaitGroupFlag()
        let channel = worker.channel
        Thread.detachNewThread {
            for _ in 0..<4 { try? channel.notify(targetId: "nobody", event: "bulk", data: bulk) }
            returned.set()
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while !returned.isSet, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(returned.isSet, "notify() blocked on a stalled worker's pipe")
        worker.process.kill(SIGCONT)
        let dump = try await worker.channel.request(.workerDump).decoded(WorkerDump.self)
        #expect(dump.pid == Int(worker.process.pid))
    }

    @Test func badRequestsGetTheirErrorKind() async throws {
        let worker = try await RawWorker()
        defer { worker.stop() }
        await #expect(throws: MediasoupError.self) { _ = try await worker.channel.request("worker.noSuchMethod") }
        await #expect(throws: TypeError.self) { _ = try await worker.channel.request(.workerCreateRouter) }
        await #expect(throws: TypeError.self) {
            _ = try await worker.channel.request(.workerCreateRouter, data: ["routerId": 42])
        }
        await #expect(throws: MediasoupError.self) {
            _ = try await worker.channel.request(.routerDump, handlerId: "no-such-router")
        }
        await #expect(throws: MediasoupError.self) {
            _ = try await worker.channel.request(.workerCloseRouter, data: ["routerId": "no-such-router"])
        }
        let dump = try await worker.channel.request(.workerDump).decoded(WorkerDump.self)
        #expect(dump.routerIds.isEmpty)
    }

    @Test func aFailedRequestOnOneRouterLosesNothingOfAnother() async throws {
        let worker = try await RawWorker()
        defer { worker.stop() }
        for id in ["a", "b"] {
            _ = try await worker.channel.request(.workerCreateRouter, data: ["routerId": .string(id)])
        }
        await #expect(throws: MediasoupError.self) {
            _ = try await worker.channel.request(.workerCreateRouter, data: ["routerId": "a"])
        }
        await #expect(throws: MediasoupError.self) {
            _ = try await worker.channel.request("router.noSuchMethod", handlerId: "a")
        }
        let dump = try await worker.channel.request(.workerDump).decoded(WorkerDump.self)
        #expect(dump.routerIds == ["a", "b"])
        for id in ["a", "b"] {
            let router = try await worker.channel.request(.routerDump, handlerId: id).decoded(RouterDump.self)
            #expect(router.id == id)
        }
    }

    @Test func pendingRequestsOfAWorkerThatDiesFailWithInvalidStateError() async throws {
        let worker = try await RawWorker()
        defer { worker.stop() }
        // Freeze the worker so the request stays pending, then kill it.
        worker.process.kill(SIGSTOP)
        let channel = worker.channel
        let pending = Task { try await channel.request(.workerDump) }
        try await Task.sleep(for: .milliseconds(100))
        worker.process.kill(SIGKILL)
        await #expect(throws: InvalidStateError.self) { _ = try await pending.value }
        await #expect(throws: InvalidStateError.self) { _ = try await worker.channel.request(.workerDump) }
    }

    @Test func writingToADeadWorkersChannelFailsWithoutKillingThisProcess() async throws {
        let worker = try await RawWorker()
        defer { worker.stop() }
        let exited = WaitGroupFlag()
        worker.process.onExit { _ in exited.set() }
        worker.process.kill(SIGKILL)
        while !exited.isSet { try await Task.sleep(for: .milliseconds(10)) }
        // The pipe's reader is gone: the write gets EPIPE (SIGPIPE would end this test process).
        worker.writeRaw(Self.frame(Array(#"{"type":"request","id":1,"method":"worker.dump"}"#.utf8)))
        await #expect(throws: InvalidStateError.self) { _ = try await worker.channel.request(.workerDump) }
    }

    @Test func requestsAfterTheWorkerClosedFailWithInvalidStateError() async throws {
        let worker = try await LocalMediasoup().createWorker()
        let router = try await worker.createRouter()
        worker.close()
        await #expect(throws: InvalidStateError.self) { _ = try await worker.dump() }
        await #expect(throws: InvalidStateError.self) { _ = try await router.dump() }
    }
}

/// A flag set from another thread.
private final class WaitGroupFlag: Sendable {
    private let flag = Mutex(false)
    func set() { flag.withLock { $0 = true } }
    var isSet: Bool { flag.withLock { $0 } }
}
