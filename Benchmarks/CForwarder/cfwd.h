/*
 * Shared helpers of the C baseline forwarder and its load tools (issue 4's
 * benchmark): clocks, SRTP suites and keys, the libsrtp backend probe.
 * Plain C99 + POSIX/Linux; built by scripts/bench with `cc -O2 ... -lsrtp2`.
 */
#ifndef CFWD_H
#define CFWD_H

#define _GNU_SOURCE
#include <srtp2/srtp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CFWD_PACKET_SLOT 2048 /* bytes per packet buffer: 1,200 + SRTP trailer fits */

enum cfwd_suite { CFWD_PLAIN = 0, CFWD_AES_CM_80, CFWD_AES_GCM_128 };

static inline double cfwd_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Precise scheduler runtime of the whole process (not tick-sampled). */
static inline double cfwd_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline int cfwd_parse_suite(const char *name, enum cfwd_suite *suite)
{
    if (strcmp(name, "none") == 0 || strcmp(name, "plain") == 0) { *suite = CFWD_PLAIN; return 0; }
    if (strcmp(name, "aes-cm-80") == 0 || strcmp(name, "AES_CM_128_HMAC_SHA1_80") == 0) { *suite = CFWD_AES_CM_80; return 0; }
    if (strcmp(name, "gcm-128") == 0 || strcmp(name, "AEAD_AES_128_GCM") == 0) { *suite = CFWD_AES_GCM_128; return 0; }
    return -1;
}

static inline const char *cfwd_suite_name(enum cfwd_suite suite)
{
    switch (suite) {
    case CFWD_AES_CM_80: return "AES_CM_128_HMAC_SHA1_80";
    case CFWD_AES_GCM_128: return "AEAD_AES_128_GCM";
    default: return "none";
    }
}

/* srtp_init() once; the backend is the one whose cipher debug module exists. */
static inline const char *cfwd_srtp_init(void)
{
    static const char *backend = NULL;
    if (backend) return backend;
    if (srtp_init() != srtp_err_status_ok) { fprintf(stderr, "srtp_init failed\n"); exit(1); }
    if (srtp_set_debug_module("aes icm nss", 0) == srtp_err_status_ok) backend = "nss";
    else if (srtp_set_debug_module("aes icm ossl", 0) == srtp_err_status_ok) backend = "openssl";
    else if (srtp_set_debug_module("aes icm", 0) == srtp_err_status_ok) backend = "builtin";
    else backend = "unknown";
    return backend;
}

/* The benchmark's master key+salt number `key_id` (a fixed pattern; only the
 * first 30 or 28 bytes are used by the suite). */
static inline void cfwd_master_key(unsigned char key[SRTP_MAX_KEY_LEN], unsigned key_id)
{
    for (unsigned i = 0; i < SRTP_MAX_KEY_LEN; i++) key[i] = (unsigned char)(0x5A ^ (i * 13) ^ (key_id * 101));
}

/*
 * One SRTP session over every SSRC of one direction (as mediasoup's and the
 * Swift SRTPSession: ssrc_any_*, window 1024, repeat tx allowed) under the
 * master key+salt `key` (its first 30 or 28 bytes are used by the suite).
 */
static inline srtp_t cfwd_srtp_session_with_key(enum cfwd_suite suite, int outbound, unsigned char key[SRTP_MAX_KEY_LEN])
{
    srtp_policy_t policy;
    srtp_t session = NULL;
    memset(&policy, 0, sizeof policy);
    if (suite == CFWD_AES_GCM_128) {
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
    } else {
        srtp_crypto_policy_set_rtp_default(&policy.rtp); /* AES_CM_128_HMAC_SHA1_80 */
        srtp_crypto_policy_set_rtcp_default(&policy.rtcp);
    }
    policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
    policy.key = key;
    policy.window_size = 1024;
    policy.allow_repeat_tx = 1;
    if (srtp_create(&session, &policy) != srtp_err_status_ok) {
        fprintf(stderr, "srtp_create failed\n");
        exit(1);
    }
    return session;
}

/* The same session under the benchmark's key `key_id`, so the generator (key
 * 0) and the forwarder's input agree, and each destination d gets key d + 1. */
static inline srtp_t cfwd_srtp_session(enum cfwd_suite suite, int outbound, unsigned key_id)
{
    unsigned char key[SRTP_MAX_KEY_LEN];
    cfwd_master_key(key, key_id);
    return cfwd_srtp_session_with_key(suite, outbound, key);
}

#endif
