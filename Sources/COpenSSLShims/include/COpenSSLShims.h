// Functions wrapping OpenSSL macros that Swift cannot import
// (DTLSv1_get_timeout, DTLSv1_handle_timeout and BIO_get_mem_data are
// SSL_ctrl/BIO_ctrl macros).
#ifndef COPENSSL_SHIMS_H
#define COPENSSL_SHIMS_H

#include <openssl/ssl.h>
#include <openssl/bio.h>

/// Milliseconds until the DTLS retransmission timer fires, or -1 when no timer is armed.
long cshims_dtls_get_timeout_ms(SSL *ssl);

/// Lets OpenSSL retransmit after the DTLS timer fired. Returns OpenSSL's result.
long cshims_dtls_handle_timeout(SSL *ssl);

/// Points `*data` at the bytes held by a memory BIO and returns their count.
long cshims_bio_get_mem_data(BIO *bio, char **data);

#endif

#ifndef COPENSSL_SHIMS_CERT_H
#define COPENSSL_SHIMS_CERT_H
#include <openssl/x509.h>
#include <openssl/evp.h>

/// A new EC key on the P-256 curve, or NULL.
EVP_PKEY *cshims_generate_ec_p256_key(void);

/// A self-signed certificate for `key` with the given common name, valid from
/// one day ago for `validDays` days, with a random serial; NULL on failure.
X509 *cshims_make_self_signed_certificate(EVP_PKEY *key, const char *commonName, int validDays);
#endif

#ifndef COPENSSL_SHIMS_DTLS_H
#define COPENSSL_SHIMS_DTLS_H
#include <openssl/ssl.h>
#include <openssl/bio.h>

/// Restricts `ctx` to DTLS 1.2 (minimum and maximum protocol version, both
/// SSL_CTX_ctrl macros). Returns 1 on success.
int cshims_ssl_ctx_set_dtls_1_2_only(SSL_CTX *ctx);

/// Sets mediasoup's DTLS context options (SSL_OP_* are uint64 shift macros):
/// server cipher preference, no session tickets, single ECDH use, no MTU
/// query (the MTU is set, not probed), no renegotiation; and turns the
/// session cache off (a macro too).
void cshims_ssl_ctx_set_dtls_options(SSL_CTX *ctx);

/// Sets the DTLS MTU and link MTU of `ssl` (SSL_set_mtu and DTLS_set_link_mtu
/// are SSL_ctrl macros). Returns 1 when both were accepted.
int cshims_dtls_set_mtu(SSL *ssl, long mtu);

/// Empties a memory BIO (BIO_reset is a BIO_ctrl macro). Returns OpenSSL's result.
int cshims_bio_reset(BIO *bio);

/// Bytes pending in a BIO (BIO_pending is a BIO_ctrl macro).
long cshims_bio_pending(BIO *bio);
#endif
