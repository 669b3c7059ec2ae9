import Mediasoup
import Testing

@testable import SCTP

/// Two associations wired back to back (each one's packets fed to the
/// other), driven on simulated time: usrsctp in thread-less mode.
@Suite(.serialized)
struct SctpAssociationTests {
    /// Two ends and what each delivered.
    final class Pair {
        let a: SctpAssociation
        let b: SctpAssociation
        var aMessages: [(UInt16, UInt32, [UInt8])] = []
        var bMessages: [(UInt16, UInt32, [UInt8])] = []
        var aResets: [UInt16] = []
        var bResets: [UInt16] = []
        var aStates: [SctpState] = []
        var bStates: [SctpState] = []
        /// Packets of `a` not delivered to `b` (a lossy link), when set.
        var dropFromA: (([UInt8]) -> Bool)?

        init(maxMessageSize: Int = 262_144, streams: Int = 16) throws {
            a = try SctpAssociation(outboundStreams: streams, maxInboundStreams: streams, maxMessageSize: maxMessageSize)
            b = try SctpAssociation(outboundStreams: streams, maxInboundStreams: streams, maxMessageSize: maxMessageSize)
        }

        /// Moves packets both ways until neither end has anything to say.
        func pump() {
            var moved = true
            var rounds = 0
            while moved, rounds < 1000 {
                moved = false
                rounds += 1
                while let output = a.pollOutput() {
                    switch output {
                    case .send(let packet):
                        moved = true
                        if dropFromA?(packet) == true { continue }
                        packet.withUnsafeBytes { b.receive($0) }
                    case .message(let stream, let ppid, let bytes): aMessages.append((stream, ppid, bytes))
                    case .stateChanged(let state): aStates.append(state)
                    case .incomingStreamReset(let stream): aResets.append(stream)
                    }
                }
                while let output = b.pollOutput() {
                    switch output {
                    case .send(let packet):
                        moved = true
                        packet.withUnsafeBytes { a.receive($0) }
                    case .message(let stream, let ppid, let bytes): bMessages.append((stream, ppid, bytes))
                    case .stateChanged(let state): bStates.append(state)
                    case .incomingStreamReset(let stream): bResets.append(stream)
                    }
                }
            }
        }

        /// Advances timers by `milliseconds` in 10 ms steps, pumping after each.
        func advance(_ milliseconds: Int) {
            for _ in 0..<(milliseconds / 10) {
                SctpAssociation.advanceTimers(byMilliseconds: 10)
                pump()
            }
        }

        func connect() {
            a.connect()
            b.connect()
            pump()
            advance(100)
        }
    }

    @Test func bothEndsConnect() throws {
        let pair = try Pair()
        pair.connect()
        #expect(pair.a.state == .connected)
        #expect(pair.b.state == .connected)
        #expect(pair.aStates == [.connecting, .connected])
        #expect(pair.bStates == [.connecting, .connected])
    }

    @Test func orderedMessagesArriveInOrderWithTheirStreamAndPayloadProtocol() throws {
        let pair = try Pair()
        pair.connect()
        for index in 1...200 {
            let ppid = index < 100 ? SctpPayloadProtocol.string : SctpPayloadProtocol.binary
            try pair.a.send(Array(String(index).utf8), streamId: 7, ppid: ppid)
        }
        pair.pump()
        pair.advance(50)
        #expect(pair.bMessages.count == 200)
        #expect(pair.bMessages.map { String(decoding: $0.2, as: UTF8.self) } == (1...200).map { String($0) })
        #expect(pair.bMessages.allSatisfy { $0.0 == 7 })
        #expect(pair.bMessages.prefix(99).allSatisfy { $0.1 == SctpPayloadProtocol.string })
        #expect(pair.bMessages.suffix(101).allSatisfy { $0.1 == SctpPayloadProtocol.binary })
    }

    @Test func aLargeMessageIsReassembledWhole() throws {
        let pair = try Pair()
        pair.connect()
        let message = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try pair.a.send(message, streamId: 1, ppid: SctpPayloadProtocol.binary)
        pair.pump()
        pair.advance(500)
        #expect(pair.bMessages.count == 1)
        #expect(pair.bMessages.first?.2 == message)
    }

    @Test func messagesOverMaxMessageSizeAreRefusedOrDropped() throws {
        let pair = try Pair(maxMessageSize: 1000)
        pair.connect()
        #expect(throws: SctpError.tooLarge(1001, maximum: 1000)) {
            try pair.a.send([UInt8](repeating: 1, count: 1001), streamId: 0, ppid: SctpPayloadProtocol.binary)
        }
        #expect(throws: SctpError.invalidStream(16)) {
            try pair.a.send([1], streamId: 16, ppid: SctpPayloadProtocol.binary)
        }
    }

    @Test func sendingBeforeConnectedIsRefused() throws {
        let pair = try Pair()
        #expect(throws: SctpError.notConnected) {
            try pair.a.send([1], streamId: 0, ppid: SctpPayloadProtocol.binary)
        }
    }

    @Test func aLostUnreliableMessageIsNotRetransmittedForEver() throws {
        let pair = try Pair()
        pair.connect()
        // Every DATA-carrying packet of `a` is lost for a while.
        pair.dropFromA = { $0.count > 60 }
        try pair.a.send(
            [UInt8](repeating: 7, count: 500), streamId: 2, ppid: SctpPayloadProtocol.binary, ordered: false,
            maxRetransmits: 0)
        pair.pump()
        pair.advance(3000)
        pair.dropFromA = nil
        try pair.a.send(Array("after".utf8), streamId: 2, ppid: SctpPayloadProtocol.string, ordered: false)
        pair.pump()
        pair.advance(3000)
        #expect(pair.bMessages.map { String(decoding: $0.2, as: UTF8.self) } == ["after"])
    }

    @Test func resettingAStreamTellsThePeer() throws {
        let pair = try Pair()
        pair.connect()
        try pair.a.send([1], streamId: 3, ppid: SctpPayloadProtocol.binary)
        pair.pump()
        pair.a.resetStream(3)
        pair.pump()
        pair.advance(100)
        #expect(pair.bResets == [3])
    }

    @Test func dataChannelControlMessagesAreDroppedAndCounted() throws {
        let pair = try Pair()
        pair.connect()
        try pair.a.send([0x03, 0, 0, 0], streamId: 0, ppid: SctpPayloadProtocol.dataChannelControl)
        try pair.a.send([1], streamId: 0, ppid: SctpPayloadProtocol.binary)
        pair.pump()
        pair.advance(50)
        #expect(pair.bMessages.map(\.1) == [SctpPayloadProtocol.binary])
        #expect(pair.b.droppedMessages == 1)
    }

    @Test func closingEndsTheAssociationOnBothSides() throws {
        let pair = try Pair()
        pair.connect()
        pair.a.close()
        pair.pump()
        pair.advance(100)
        #expect(pair.a.state == .closed)
        #expect(pair.b.state == .failed || pair.b.state == .closed)
    }

    @Test func garbageIsIgnored() throws {
        let pair = try Pair()
        pair.connect()
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 11, 12, 13, 100, 1200] {
            for _ in 0..<50 {
                var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                if length >= 4 { bytes[0...3] = [0x13, 0x88, 0x13, 0x88] }
                bytes.withUnsafeBytes { pair.b.receive($0) }
            }
        }
        pair.pump()
        try pair.a.send(Array("still".utf8), streamId: 0, ppid: SctpPayloadProtocol.string)
        pair.pump()
        pair.advance(50)
        #expect(pair.bMessages.map { String(decoding: $0.2, as: UTF8.self) } == ["still"])
    }
}
