/*
 * evpsrtp: SRTP for RTP on OpenSSL's EVP, for the C baseline forwarder
 * (issue 13's target: the Swift worker's SRTP against "a C loop doing the
 * same SRTP work with OpenSSL's EVP"). It does what Sources/SRTP does per
 * packet, in C: RFC 3711 key derivation (AES-CM PRF), the packet index with
 * libsrtp's ROC estimate, a 1,024-packet replay window (a ring of bits),
 * then AES_CM_128_HMAC_SHA1_80 (AES-128-CTR through one EVP_CIPHER_CTX
 * keyed once, HMAC-SHA1 from precomputed SHA_CTX states: no allocation) or
 * AEAD_AES_128_GCM (one EVP_CIPHER_CTX, header as associated data).
 *
 * Simplification: one stream per session (the SSRC of its first packet; a
 * packet of another SSRC restarts the stream), which is what the forwarder
 * needs (one input SSRC, one output SSRC per destination); the Swift
 * sessions look the SSRC up in a hash table instead. RTP only, no SRTCP.
 * Interoperates with libsrtp (the generator protects with libsrtp).
 */
#ifndef CFWD_EVPSRTP_H
#define CFWD_EVPSRTP_H

#define OPENSSL_SUPPRESS_DEPRECATED 1 /* SHA1_Init/Update/Final: see Sources/CSRTPCrypto */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <string.h>

#define EVPSRTP_WINDOW 1024

typedef struct {
    int gcm;                 /* AEAD_AES_128_GCM, else AES_CM_128_HMAC_SHA1_80 */
    int tag_length;          /* 16 or 10 */
    EVP_CIPHER_CTX *cipher;  /* keyed once */
    SHA_CTX inner, outer;    /* HMAC-SHA1 states after the padded key (AES-CM) */
    uint8_t salt[14];        /* 14 bytes (AES-CM) or 12 (GCM) */
    int has_stream;
    uint32_t ssrc;
    uint64_t highest;        /* ROC << 16 | SEQ of the highest index */
    uint64_t window[EVPSRTP_WINDOW / 64];
} evpsrtp_session;

/* RFC 3711 §4.3.1 with the AES-CM PRF, r = 0: `length` bytes for `label`. */
static inline int evpsrtp_derive(const uint8_t *master_key, const uint8_t *master_salt, size_t salt_length,
                                 uint8_t label, uint8_t *out, int length)
{
    uint8_t iv[16] = { 0 };
    memcpy(iv, master_salt, salt_length);
    iv[7] ^= label;
    memset(out, 0, (size_t)length);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int written = 0;
    int ok = ctx && EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), NULL, master_key, iv) == 1 &&
             EVP_EncryptUpdate(ctx, out, &written, out, length) == 1;
    EVP_CIPHER_CTX_free(ctx);
    return ok ? 0 : -1;
}

/* A session of `gcm` (else AES-CM-80) under the master key and salt `key`
 * (16 bytes, then 12 or 14). 0 on success. */
static inline int evpsrtp_init(evpsrtp_session *s, int gcm, const uint8_t *key)
{
    memset(s, 0, sizeof *s);
    s->gcm = gcm;
    s->tag_length = gcm ? 16 : 10;
    size_t salt_length = gcm ? 12 : 14;
    uint8_t session_key[16], auth_key[20];
    if (evpsrtp_derive(key, key + 16, salt_length, 0, session_key, 16) ||
        evpsrtp_derive(key, key + 16, salt_length, 2, s->salt, (int)salt_length))
        return -1;
    s->cipher = EVP_CIPHER_CTX_new();
    if (!s->cipher || EVP_EncryptInit_ex(s->cipher, gcm ? EVP_aes_128_gcm() : EVP_aes_128_ctr(), NULL, session_key, NULL) != 1)
        return -1;
    if (!gcm) {
        if (evpsrtp_derive(key, key + 16, salt_length, 1, auth_key, 20)) return -1;
        uint8_t pad[64];
        for (int i = 0; i < 64; i++) pad[i] = (uint8_t)((i < 20 ? auth_key[i] : 0) ^ 0x36);
        SHA1_Init(&s->inner);
        SHA1_Update(&s->inner, pad, 64);
        for (int i = 0; i < 64; i++) pad[i] = (uint8_t)((i < 20 ? auth_key[i] : 0) ^ 0x5c);
        SHA1_Init(&s->outer);
        SHA1_Update(&s->outer, pad, 64);
        OPENSSL_cleanse(pad, sizeof pad);
    }
    OPENSSL_cleanse(session_key, sizeof session_key);
    OPENSSL_cleanse(auth_key, sizeof auth_key);
    return 0;
}

/* The RTP header's length (CSRCs, extension), or -1 when it overruns `length`. */
static inline int evpsrtp_header_length(const uint8_t *p, int length)
{
    if (length < 12) return -1;
    int header = 12 + 4 * (p[0] & 0x0F);
    if (p[0] & 0x10) {
        if (length < header + 4) return -1;
        header += 4 + 4 * (p[header + 2] << 8 | p[header + 3]);
    }
    return header <= length ? header : -1;
}

/* libsrtp's index estimate (srtp_rdbx_estimate_index): the index and its delta. */
static inline uint64_t evpsrtp_estimate(const evpsrtp_session *s, uint16_t seq, int *delta)
{
    uint64_t highest = s->has_stream ? s->highest : 0;
    int local = (int)(uint16_t)highest;
    if (highest <= 0x8000) {
        *delta = (int)seq - local;
        return seq;
    }
    uint32_t roc = (uint32_t)(highest >> 16);
    if (local < 0x8000) {
        if ((int)seq - local > 0x8000) { roc--; *delta = (int)seq - local - 0x10000; }
        else *delta = (int)seq - local;
    } else {
        if (local - 0x8000 > (int)seq) { roc++; *delta = (int)seq - local + 0x10000; }
        else *delta = (int)seq - local;
    }
    return (uint64_t)roc << 16 | seq;
}

/* 1: replayed (bit set) or older than the window; 0: fresh. */
static inline int evpsrtp_replayed(const evpsrtp_session *s, uint64_t index, int delta)
{
    if (delta > 0) return 0;
    if (delta <= -EVPSRTP_WINDOW) return 1;
    unsigned bit = (unsigned)(index % EVPSRTP_WINDOW);
    return (int)(s->window[bit / 64] >> (bit % 64) & 1);
}

static inline void evpsrtp_add(evpsrtp_session *s, uint64_t index, int delta)
{
    if (delta > 0) {
        if (delta >= EVPSRTP_WINDOW) memset(s->window, 0, sizeof s->window);
        else
            for (uint64_t i = s->highest + 1; i <= index; i++) {
                unsigned bit = (unsigned)(i % EVPSRTP_WINDOW);
                s->window[bit / 64] &= ~(1ULL << (bit % 64));
            }
        s->highest = index;
    }
    unsigned bit = (unsigned)(index % EVPSRTP_WINDOW);
    s->window[bit / 64] |= 1ULL << (bit % 64);
}

static inline void evpsrtp_store64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--) { p[i] = (uint8_t)v; v >>= 8; }
}

/* AES-CM counter block or GCM IV of (ssrc, index) into `iv`. */
static inline void evpsrtp_iv(const evpsrtp_session *s, uint32_t ssrc, uint64_t index, uint8_t iv[16])
{
    memset(iv, 0, 16);
    if (s->gcm) {
        iv[2] = (uint8_t)(ssrc >> 24); iv[3] = (uint8_t)(ssrc >> 16); iv[4] = (uint8_t)(ssrc >> 8); iv[5] = (uint8_t)ssrc;
        evpsrtp_store64(iv + 4, (uint64_t)(ssrc & 0xFFFF) << 48 | (index & 0xFFFFFFFFFFFFull));
        for (int i = 0; i < 12; i++) iv[i] ^= s->salt[i];
    } else {
        iv[4] = (uint8_t)(ssrc >> 24); iv[5] = (uint8_t)(ssrc >> 16); iv[6] = (uint8_t)(ssrc >> 8); iv[7] = (uint8_t)ssrc;
        evpsrtp_store64(iv + 8, (index & 0xFFFFFFFFFFFFull) << 16);
        for (int i = 0; i < 14; i++) iv[i] ^= s->salt[i];
    }
}

static inline void evpsrtp_hmac(const evpsrtp_session *s, const uint8_t *p, int length, uint32_t roc, uint8_t digest[20])
{
    uint8_t roc_bytes[4] = { (uint8_t)(roc >> 24), (uint8_t)(roc >> 16), (uint8_t)(roc >> 8), (uint8_t)roc };
    uint8_t inner[20];
    SHA_CTX c = s->inner;
    SHA1_Update(&c, p, (size_t)length);
    SHA1_Update(&c, roc_bytes, 4);
    SHA1_Final(inner, &c);
    c = s->outer;
    SHA1_Update(&c, inner, 20);
    SHA1_Final(digest, &c);
}

/* Finds (or restarts) the stream of the packet's SSRC, estimates the index. */
static inline uint64_t evpsrtp_stream(evpsrtp_session *s, const uint8_t *p, uint32_t *ssrc, int *delta)
{
    *ssrc = (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 | (uint32_t)p[10] << 8 | p[11];
    if (s->has_stream && s->ssrc != *ssrc) {
        s->has_stream = 0;
        s->highest = 0;
        memset(s->window, 0, sizeof s->window);
    }
    return evpsrtp_estimate(s, (uint16_t)(p[2] << 8 | p[3]), delta);
}

/* Protects the RTP packet p[0..*length) in place (room for the tag after it). 0 on success. */
static inline int evpsrtp_protect(evpsrtp_session *s, uint8_t *p, int *length)
{
    int header = evpsrtp_header_length(p, *length);
    if (header < 0) return -1;
    uint32_t ssrc;
    int delta;
    uint64_t index = evpsrtp_stream(s, p, &ssrc, &delta);
    if (delta <= -EVPSRTP_WINDOW) return -1; /* behind the window (a repeat within it is allowed) */
    evpsrtp_add(s, index, delta);
    s->has_stream = 1;
    s->ssrc = ssrc;
    uint8_t iv[16], digest[20];
    int written = 0, payload = *length - header;
    evpsrtp_iv(s, ssrc, index, iv);
    if (EVP_EncryptInit_ex(s->cipher, NULL, NULL, NULL, iv) != 1) return -1;
    if (s->gcm) {
        if (EVP_EncryptUpdate(s->cipher, NULL, &written, p, header) != 1) return -1;
        if (payload > 0 && EVP_EncryptUpdate(s->cipher, p + header, &written, p + header, payload) != 1) return -1;
        if (EVP_EncryptFinal_ex(s->cipher, digest, &written) != 1 ||
            EVP_CIPHER_CTX_ctrl(s->cipher, EVP_CTRL_AEAD_GET_TAG, 16, p + *length) != 1)
            return -1;
    } else {
        if (payload > 0 && EVP_EncryptUpdate(s->cipher, p + header, &written, p + header, payload) != 1) return -1;
        evpsrtp_hmac(s, p, *length, (uint32_t)(index >> 16), digest);
        memcpy(p + *length, digest, (size_t)s->tag_length);
    }
    *length += s->tag_length;
    return 0;
}

/* Verifies and decrypts the SRTP packet p[0..*length) in place. 0 on success. */
static inline int evpsrtp_unprotect(evpsrtp_session *s, uint8_t *p, int *length)
{
    int header = evpsrtp_header_length(p, *length);
    if (header < 0 || *length < header + s->tag_length) return -1;
    uint32_t ssrc;
    int delta;
    uint64_t index = evpsrtp_stream(s, p, &ssrc, &delta);
    if (s->has_stream && evpsrtp_replayed(s, index, delta)) return -1;
    uint8_t iv[16], digest[20];
    int written = 0, body = *length - s->tag_length, payload = body - header;
    evpsrtp_iv(s, ssrc, index, iv);
    if (s->gcm) {
        if (EVP_DecryptInit_ex(s->cipher, NULL, NULL, NULL, iv) != 1) return -1;
        if (EVP_DecryptUpdate(s->cipher, NULL, &written, p, header) != 1) return -1;
        if (payload > 0 && EVP_DecryptUpdate(s->cipher, p + header, &written, p + header, payload) != 1) return -1;
        if (EVP_CIPHER_CTX_ctrl(s->cipher, EVP_CTRL_AEAD_SET_TAG, 16, p + body) != 1 ||
            EVP_DecryptFinal_ex(s->cipher, digest, &written) != 1)
            return -1;
    } else {
        evpsrtp_hmac(s, p, body, (uint32_t)(index >> 16), digest);
        if (CRYPTO_memcmp(digest, p + body, (size_t)s->tag_length) != 0) return -1;
        if (EVP_EncryptInit_ex(s->cipher, NULL, NULL, NULL, iv) != 1) return -1;
        if (payload > 0 && EVP_EncryptUpdate(s->cipher, p + header, &written, p + header, payload) != 1) return -1;
    }
    evpsrtp_add(s, index, delta);
    s->has_stream = 1;
    s->ssrc = ssrc;
    *length = body;
    return 0;
}

#endif
