import Testing
@testable import SRTP

@Suite struct SRTPLibraryTests {
    @Test func reportsVersionAndBackend() {
        // Debian's libsrtp2 2.5.0 (this machine's) reports "libsrtp2 2.5.0" and is built on NSS.
        #expect(SRTPLibrary.version.hasPrefix("libsrtp2"))
        #expect(SRTPLibrary.initialized)
        #expect(SRTPLibrary.cryptoBackend != .unknown)
        print("SRTP library: \(SRTPLibrary.version), crypto backend: \(SRTPLibrary.cryptoBackend.rawValue)")
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
