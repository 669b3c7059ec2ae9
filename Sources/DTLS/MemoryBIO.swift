import COpenSSL
import COpenSSLShims

/// Helpers over OpenSSL memory BIOs for PEM text in and out.
enum MemoryBIO {
    /// The text `write` puts into a fresh memory BIO, or nil if it fails (returns other than 1).
    static func text(_ write: (OpaquePointer) -> Int32) -> String? {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { return nil }
        var data: UnsafeMutablePointer<CChar>?
        let count = cshims_bio_get_mem_data(bio, &data)
        guard count > 0, let data else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    }

    /// What `read` finds in a read-only memory BIO over `text`, or nil.
    static func read(_ text: String, _ read: (OpaquePointer) -> OpaquePointer?) -> OpaquePointer? {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= Int(Int32.max) else { return nil }
        bytes.append(0)
        return bytes.withUnsafeBytes { raw -> OpaquePointer? in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count - 1)) else { return nil }
            defer { BIO_free(bio) }
            return read(bio)
        }
    }
}
