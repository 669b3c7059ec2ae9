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
