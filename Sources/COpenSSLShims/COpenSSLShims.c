#include "COpenSSLShims.h"

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

#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>
#include <openssl/bn.h>

EVP_PKEY *cshims_generate_ec_p256_key(void) {
    EVP_PKEY *key = NULL;
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, NULL);
    if (context == NULL) {
        return NULL;
    }
    if (EVP_PKEY_keygen_init(context) <= 0
        || EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context, NID_X9_62_prime256v1) <= 0
        || EVP_PKEY_keygen(context, &key) <= 0) {
        key = NULL;
    }
    EVP_PKEY_CTX_free(context);
    return key;
}

X509 *cshims_make_self_signed_certificate(EVP_PKEY *key, const char *commonName, int validDays) {
    X509 *certificate = X509_new();
    if (certificate == NULL) {
        return NULL;
    }
    unsigned char serialBytes[8];
    BIGNUM *serial = NULL;
    int ok = RAND_bytes(serialBytes, sizeof serialBytes) == 1;
    serialBytes[0] &= 0x7f;
    ok = ok && (serial = BN_bin2bn(serialBytes, sizeof serialBytes, NULL)) != NULL;
    ok = ok && BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(certificate)) != NULL;
    ok = ok && X509_set_version(certificate, 2) == 1;
    ok = ok && X509_gmtime_adj(X509_getm_notBefore(certificate), -86400) != NULL;
    ok = ok && X509_gmtime_adj(X509_getm_notAfter(certificate), (long)validDays * 86400) != NULL;
    ok = ok && X509_set_pubkey(certificate, key) == 1;
    X509_NAME *name = X509_get_subject_name(certificate);
    ok = ok && X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)commonName, -1, -1, 0) == 1;
    ok = ok && X509_set_issuer_name(certificate, name) == 1;
    ok = ok && X509_sign(certificate, key, EVP_sha256()) > 0;
    BN_free(serial);
    if (!ok) {
        X509_free(certificate);
        return NULL;
    }
    return certificate;
}

int cshims_ssl_ctx_set_dtls_1_2_only(SSL_CTX *ctx) {
    return SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION) == 1
        && SSL_CTX_set_max_proto_version(ctx, DTLS1_2_VERSION) == 1;
}

void cshims_ssl_ctx_set_dtls_options(SSL_CTX *ctx) {
    SSL_CTX_set_options(
        ctx, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_TICKET | SSL_OP_SINGLE_ECDH_USE | SSL_OP_NO_QUERY_MTU
            | SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
}

int cshims_dtls_set_mtu(SSL *ssl, long mtu) {
    return SSL_set_mtu(ssl, mtu) > 0 && DTLS_set_link_mtu(ssl, mtu) > 0;
}

int cshims_bio_reset(BIO *bio) {
    return (int)BIO_reset(bio);
}

long cshims_bio_pending(BIO *bio) {
    return (long)BIO_pending(bio);
}
