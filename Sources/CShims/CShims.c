#include "CShims.h"

long cshims_dtls_get_timeout_ms(SSL *ssl) {
    struct timeval tv;
    if (DTLSv1_get_timeout(ssl, &tv) != 1) {
        return -1;
    }
    return (long)tv.tv_sec * 1000 + (long)(tv.tv_usec / 1000);
}

long cshims_dtls_handle_timeout(SSL *ssl) {
    return DTLSv1_handle_timeout(ssl);
}

long cshims_bio_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}
