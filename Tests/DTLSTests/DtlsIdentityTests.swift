import Testing

#if canImport(Glibc)
import Glibc
#endif
@testable import DTLS
import Mediasoup

/// The certificate, the key, their PEM forms and the fingerprints.
@Suite("DTLS identity")
struct DtlsIdentityTests {
    @Test func generatedIdentityHasEveryFingerprint() throws {
        let identity = try DtlsIdentity.generateSelfSigned()
        #expect(identity.fingerprints.map(\.algorithm) == FingerprintAlgorithm.allCases)
        let lengths: [FingerprintAlgorithm: Int] = [.sha1: 20, .sha224: 28, .sha256: 32, .sha384: 48, .sha512: 64]
        for fingerprint in identity.fingerprints {
            let bytes = fingerprint.value.split(separator: ":")
            #expect(bytes.count == lengths[fingerprint.algorithm])
            #expect(bytes.allSatisfy { $0.count == 2 && UInt8($0, radix: 16) != nil })
            #expect(fingerprint.value == fingerprint.value.uppercased())
        }
        #expect(identity.fingerprint(.sha384).algorithm == .sha384)
        let other = try DtlsIdentity.generateSelfSigned()
        #expect(other.fingerprint(.sha256) != identity.fingerprint(.sha256))
    }

    @Test func pemTextRoundTrips() throws {
        let identity = try DtlsIdentity.generateSelfSigned(commonName: "round-trip", validDays: 30)
        let keyPEM = try identity.privateKeyPEM()
        #expect(keyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        let copy = try DtlsIdentity(certificatePEM: identity.certificatePEM, privateKeyPEM: keyPEM)
        #expect(copy.fingerprints == identity.fingerprints)
        #expect(copy.certificatePEM == identity.certificatePEM)
    }

    @Test func pemFilesRoundTrip() throws {
        let identity = try DtlsIdentity.generateSelfSigned()
        let certificateFile = try temporaryFile(identity.certificatePEM)
        let keyFile = try temporaryFile(try identity.privateKeyPEM())
        defer {
            unlink(certificateFile)
            unlink(keyFile)
        }
        let loaded = try DtlsIdentity(certificateFile: certificateFile, privateKeyFile: keyFile)
        #expect(loaded.fingerprints == identity.fingerprints)
        // An endpoint made from it handshakes with a generated one.
        let peer = try DtlsIdentity.generateSelfSigned()
        let client = try DtlsEndpoint(identity: loaded, role: .client, remoteFingerprint: peer.fingerprint(.sha256))
        let server = try DtlsEndpoint(identity: peer, role: .server, remoteFingerprint: loaded.fingerprint(.sha512))
        connect(client, server)
        #expect(client.state == .connected && server.state == .connected)
        #expect(throws: DtlsError.unreadableFile(path: "/nonexistent/cert.pem")) {
            try DtlsIdentity(certificateFile: "/nonexistent/cert.pem", privateKeyFile: keyFile)
        }
        #expect(throws: DtlsError.invalidPEM(what: "'\(keyFile)'")) {
            try DtlsIdentity(certificateFile: keyFile, privateKeyFile: keyFile)
        }
    }

    @Test func mismatchedOrInvalidPEMIsRefused() throws {
        let one = try DtlsIdentity.generateSelfSigned()
        let two = try DtlsIdentity.generateSelfSigned()
        #expect(throws: DtlsError.keyMismatch) {
            try DtlsIdentity(certificatePEM: one.certificatePEM, privateKeyPEM: try two.privateKeyPEM())
        }
        #expect(throws: DtlsError.invalidPEM(what: "the certificate text")) {
            try DtlsIdentity(certificatePEM: "not a certificate", privateKeyPEM: try one.privateKeyPEM())
        }
        #expect(throws: DtlsError.invalidPEM(what: "the private key text")) {
            try DtlsIdentity(certificatePEM: one.certificatePEM, privateKeyPEM: "")
        }
    }

    @Test func fingerprintComparisonIgnoresCaseOnly() {
        #expect(CertificateDigest.sameValue("AB:cd:01", "ab:CD:01"))
        #expect(!CertificateDigest.sameValue("AB:CD:01", "ABCD01"))
        #expect(CertificateDigest.colonHex([0x00, 0xAB, 0x7F]) == "00:AB:7F")
    }
}

/// Writes `text` to a new temporary file and returns its path.
func temporaryFile(_ text: String) throws -> String {
    var template = Array("/tmp/dtls-test-XXXXXX".utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { buffer in
        buffer.baseAddress.map { mkstemp($0) } ?? -1
    }
    try #require(descriptor >= 0)
    defer { Glibc.close(descriptor) }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    try #require(written == bytes.count)
    return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
