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
