// See CSRTPCrypto.h: HMAC-SHA1 over SHA_CTX copies, no allocation per call.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include "CSRTPCrypto.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <string.h>

struct csrtp_hmac_sha1 {
    SHA_CTX inner; // after SHA1(key XOR ipad)
    SHA_CTX outer; // after SHA1(key XOR opad)
};

csrtp_hmac_sha1 *csrtp_hmac_sha1_new(const uint8_t *key, size_t key_length) {
    csrtp_hmac_sha1 *hmac = OPENSSL_zalloc(sizeof *hmac);
    if (hmac == NULL) {
        return NULL;
    }
    uint8_t block[SHA_CBLOCK];
    memset(block, 0, sizeof block);
    if (key_length > SHA_CBLOCK) {
        SHA1(key, key_length, block);
    } else if (key_length > 0) {
        memcpy(block, key, key_length);
    }
    uint8_t pad[SHA_CBLOCK];
    for (size_t i = 0; i < SHA_CBLOCK; i++) {
        pad[i] = block[i] ^ 0x36;
    }
    SHA1_Init(&hmac->inner);
    SHA1_Update(&hmac->inner, pad, sizeof pad);
    for (size_t i = 0; i < SHA_CBLOCK; i++) {
        pad[i] = block[i] ^ 0x5c;
    }
    SHA1_Init(&hmac->outer);
    SHA1_Update(&hmac->outer, pad, sizeof pad);
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
    return hmac;
}

void csrtp_hmac_sha1_free(csrtp_hmac_sha1 *hmac) {
    if (hmac != NULL) {
        OPENSSL_clear_free(hmac, sizeof *hmac);
    }
}

void csrtp_hmac_sha1_compute(const csrtp_hmac_sha1 *hmac, const uint8_t *data, size_t length, const uint8_t *trailer,
                     size_t trailer_length, uint8_t digest[20]) {
    SHA_CTX context = hmac->inner;
    if (length > 0) {
        SHA1_Update(&context, data, length);
    }
    if (trailer_length > 0) {
        SHA1_Update(&context, trailer, trailer_length);
    }
    uint8_t inner[SHA_DIGEST_LENGTH];
    SHA1_Final(inner, &context);
    context = hmac->outer;
    SHA1_Update(&context, inner, sizeof inner);
    SHA1_Final(digest, &context);
}
