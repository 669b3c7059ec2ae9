import COpenSSL
import CPcap
import CSRTP
import COpenSSLShims
import Testing

/// The system libraries the media plane is built on link and answer.
@Suite struct NativeLibrariesTests {
    @Test func libsrtpReportsItsVersion() throws {
        let version = try #require(srtp_get_version_string())
        #expect(String(cString: version).hasPrefix("libsrtp2"))
    }

    @Test func openSSLReportsVersion3() throws {
        let version = try #require(OpenSSL_version(OPENSSL_VERSION))
        #expect(String(cString: version).hasPrefix("OpenSSL 3"))
    }

    @Test func libpcapReportsItsVersion() throws {
        let version = try #require(pcap_lib_version())
        #expect(String(cString: version).contains("libpcap"))
    }

    @Test func memoryBIOShimReturnsWrittenBytes() throws {
        let bio = try #require(BIO_new(BIO_s_mem()))
        defer { BIO_free(bio) }
        let written = "mafalda".withCString { BIO_write(bio, $0, 7) }
        #expect(written == 7)
        var data: UnsafeMutablePointer<CChar>?
        let count = cshims_bio_get_mem_data(bio, &data)
        #expect(count == 7)
        let bytes = try #require(data)
        #expect(String(decoding: UnsafeRawBufferPointer(start: bytes, count: count), as: UTF8.self) == "mafalda")
    }

    @Test func dtlsTimeoutShimReportsNoTimerBeforeHandshake() throws {
        let context = try #require(SSL_CTX_new(DTLS_method()))
        defer { SSL_CTX_free(context) }
        let ssl = try #require(SSL_new(context))
        defer { SSL_free(ssl) }
        #expect(cshims_dtls_get_timeout_ms(ssl) == -1)
    }
}
