// Functions wrapping OpenSSL macros that Swift cannot import
// (DTLSv1_get_timeout, DTLSv1_handle_timeout and BIO_get_mem_data are
// SSL_ctrl/BIO_ctrl macros).
#ifndef CSHIMS_H
#define CSHIMS_H

#include <openssl/ssl.h>
#include <openssl/bio.h>

/// Milliseconds until the DTLS retransmission timer fires, or -1 when no timer is armed.
long cshims_dtls_get_timeout_ms(SSL *ssl);

/// Lets OpenSSL retransmit after the DTLS timer fired. Returns OpenSSL's result.
long cshims_dtls_handle_timeout(SSL *ssl);

/// Points `*data` at the bytes held by a memory BIO and returns their count.
long cshims_bio_get_mem_data(BIO *bio, char **data);

#endif

#ifndef CSHIMS_CERT_H
#define CSHIMS_CERT_H
#include <openssl/x509.h>
#include <openssl/evp.h>

/// A new EC key on the P-256 curve, or NULL.
EVP_PKEY *cshims_generate_ec_p256_key(void);

/// A self-signed certificate for `key` with the given common name, valid from
/// one day ago for `validDays` days, with a random serial; NULL on failure.
X509 *cshims_make_self_signed_certificate(EVP_PKEY *key, const char *commonName, int validDays);
#endif

/// pipe2(fds, O_CLOEXEC): both ends close on exec, atomically (no leak into
/// a process spawned by another thread meanwhile). Returns 0 or -1 with errno.
int cshims_pipe_cloexec(int fds[2]);

#include <spawn.h>
/// Adds to `actions` the closing, in the child, of every descriptor from
/// `lowest` up (glibc's posix_spawn_file_actions_addclosefrom_np): a spawned
/// process keeps only what the actions gave it. Returns 0 or an error number.
int cshims_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int lowest);

// recvmmsg/sendmmsg for the worker's media plane.
#include "mmsg.h"
