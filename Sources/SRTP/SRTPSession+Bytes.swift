import Foundation
import Synchronization

/// Allocating conveniences for setup code and tests; the packet path uses the
/// in-place methods on a caller's buffer.
extension SRTPSession {
    /// Creates a session from the master key and salt in Base64, as mediasoup's
    /// `srtpParameters.keyBase64`.
    ///
    /// - Throws: ``SRTPError/invalidBase64``, or as ``init(suite:direction:masterKey:)``.
    public convenience init(suite: SRTPCryptoSuite, direction: Direction, keyBase64: String) throws(SRTPError) {
        guard let data = Data(base64Encoded: keyBase64) else { throw .invalidBase64 }
        try self.init(suite: suite, direction: direction, masterKey: [UInt8](data))
    }

    /// Returns `packet` protected as SRTP. - Throws: as ``protectRTP(_:length:)``.
    public func protectRTP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        try packet.transformedCopy(room: maxTrailerLength) { buffer, length throws(SRTPError) in
            try protectRTP(buffer, length: length)
        }
    }

    /// Returns the RTP packet inside `packet`. - Throws: as ``unprotectRTP(_:length:)``.
    public func unprotectRTP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        try packet.transformedCopy(room: 0) { buffer, length throws(SRTPError) in
            try unprotectRTP(buffer, length: length)
        }
    }

    /// Returns `packet` protected as SRTCP. - Throws: as ``protectRTCP(_:length:)``.
    public func protectRTCP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        try packet.transformedCopy(room: maxTrailerLength) { buffer, length throws(SRTPError) in
            try protectRTCP(buffer, length: length)
        }
    }

    /// Returns the RTCP compound packet inside `packet`. - Throws: as ``unprotectRTCP(_:length:)``.
    public func unprotectRTCP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        try packet.transformedCopy(room: 0) { buffer, length throws(SRTPError) in
            try unprotectRTCP(buffer, length: length)
        }
    }

    /// Fuzz entry: `bytes` as SRTP and SRTCP into an inbound session of every
    /// suite, and as RTP and RTCP into an outbound one whose output the
    /// inbound session then unprotects. Must never trap.
    ///
    /// The sessions are made once and kept behind a lock; after each
    /// protect the stream of the packet's SSRC is removed, so random SSRCs
    /// do not accumulate state.
    package static func fuzz(_ bytes: [UInt8]) {
        fuzzSessions.withLock { sessions in
            if sessions.isEmpty {
                for suite in SRTPCryptoSuite.allCases {
                    let key = [UInt8](repeating: 0x5A, count: suite.masterKeyLength)
                    guard let inbound = try? SRTPSession(suite: suite, direction: .inbound, masterKey: key),
                        let outbound = try? SRTPSession(suite: suite, direction: .outbound, masterKey: key)
                    else { continue }
                    sessions.append(FuzzPair(inbound: inbound, outbound: outbound))
                }
            }
            let rtpSSRC = bytes.count >= 12 ? bytes[8..<12].reduce(0) { $0 << 8 | UInt32($1) } : 0
            let rtcpSSRC = bytes.count >= 8 ? bytes[4..<8].reduce(0) { $0 << 8 | UInt32($1) } : 0
            for pair in sessions {
                _ = try? pair.inbound.unprotectRTP(bytes)
                _ = try? pair.inbound.unprotectRTCP(bytes)
                // What protects also unprotects: the authenticated paths (decryption
                // after the tag) on whatever header the bytes make.
                if let protected = try? pair.outbound.protectRTP(bytes) {
                    _ = try? pair.inbound.unprotectRTP(protected)
                }
                if let protected = try? pair.outbound.protectRTCP(bytes) {
                    _ = try? pair.inbound.unprotectRTCP(protected)
                }
                for ssrc in [rtpSSRC, rtcpSSRC] {
                    pair.outbound.removeStream(ssrc: ssrc)
                    pair.inbound.removeStream(ssrc: ssrc)
                }
            }
        }
    }

    private struct FuzzPair {
        let inbound: SRTPSession
        let outbound: SRTPSession
    }

    private static let fuzzSessions = Mutex<[FuzzPair]>([])
}

extension [UInt8] {
    /// These bytes copied with `room` spare bytes after them, transformed in
    /// place by `body` (given the buffer and the packet's length, answering the
    /// transformed length), cut to that length: the array form of an in-place
    /// SRTP transform, for every session kind of the package.
    package func transformedCopy(
        room: Int, _ body: (UnsafeMutableRawBufferPointer, Int) throws(SRTPError) -> Int
    ) throws(SRTPError) -> [UInt8] {
        var bytes = self
        bytes.append(contentsOf: repeatElement(0, count: room))
        let result: Result<Int, SRTPError> = bytes.withUnsafeMutableBytes { buffer in
            do throws(SRTPError) {
                return .success(try body(buffer, count))
            } catch {
                return .failure(error)
            }
        }
        let length = try result.get()
        bytes.removeSubrange(length...)
        return bytes
    }
}
