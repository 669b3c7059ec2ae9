import SRTPReference
import Testing

@testable import SRTP

@Suite struct SRTPLibraryTests {
    @Test func reportsTheImplementationAndItsBackend() {
        #expect(SRTPLibrary.version.hasPrefix("Mafalda SRTP on OpenSSL 3"))
        #expect(SRTPLibrary.cryptoBackend == .openssl)
        print("SRTP: \(SRTPLibrary.version)")
    }

    @Test func referenceReportsLibsrtpVersionAndBackend() {
        // Debian's libsrtp2 2.5.0 (this machine's) reports "libsrtp2 2.5.0" and is built on NSS.
        #expect(LibsrtpLibrary.version.hasPrefix("libsrtp2"))
        #expect(LibsrtpLibrary.initialized)
        #expect(LibsrtpLibrary.cryptoBackend != .unknown)
        print("reference: \(LibsrtpLibrary.version), crypto backend: \(LibsrtpLibrary.cryptoBackend.rawValue)")
    }

    @Test func suiteLengths() {
        #expect(SRTPCryptoSuite.aeadAes256Gcm.masterKeyLength == 44)
        #expect(SRTPCryptoSuite.aeadAes128Gcm.masterKeyLength == 28)
        #expect(SRTPCryptoSuite.aesCm128HmacSha1_80.masterKeyLength == 30)
        #expect(SRTPCryptoSuite.aesCm128HmacSha1_32.masterKeyLength == 30)
        #expect(SRTPCryptoSuite.aeadAes256Gcm.maxTrailerLength == 20)
        #expect(SRTPCryptoSuite.aesCm128HmacSha1_32.maxTrailerLength == 14)
        #expect(SRTPCryptoSuite(rawValue: "AES_CM_128_HMAC_SHA1_80") == .aesCm128HmacSha1_80)
    }
}
