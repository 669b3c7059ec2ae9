// HMAC-SHA1 with precomputed inner and outer states, for SRTP's packet
// authentication (RFC 3711 §4.2.1, RFC 2104 §4).
//
// Why C, and why not EVP_MAC: on OpenSSL 3.0 every HMAC re-initialisation
// (EVP_MAC_init or HMAC_Init_ex with the key kept) copies the digest context
// with EVP_MD_CTX_copy_ex, which allocates its provider context: 2 mallocs per
// packet. SHA1_Init/Update/Final work on a plain SHA_CTX that is copied by
// value, so the packet path allocates nothing; they are deprecated in 3.0
// (still built, same SHA-NI assembly underneath), and Swift would warn on
// every call, so this file uses them with the deprecation suppressed.
#ifndef CSRTP_CRYPTO_H
#define CSRTP_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

/// An HMAC-SHA1 key: the SHA-1 states after the ipad and opad blocks.
typedef struct csrtp_hmac_sha1 csrtp_hmac_sha1;

/// A new HMAC-SHA1 key (a key longer than 64 bytes is hashed first, as RFC
/// 2104 says); NULL when out of memory. Free it with csrtp_hmac_sha1_free.
csrtp_hmac_sha1 *csrtp_hmac_sha1_new(const uint8_t *key, size_t key_length);

/// Erases and frees a key made by csrtp_hmac_sha1_new (NULL is ignored).
void csrtp_hmac_sha1_free(csrtp_hmac_sha1 *hmac);

/// The 20-byte HMAC-SHA1 of `data` followed by `trailer` (either may be
/// empty; SRTP appends the rollover counter this way) into `digest`.
/// Allocates nothing.
void csrtp_hmac_sha1_compute(const csrtp_hmac_sha1 *hmac, const uint8_t *data, size_t length, const uint8_t *trailer,
                             size_t trailer_length, uint8_t digest[20]);

#endif
