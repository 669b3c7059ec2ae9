// SRTP on libsrtp2 (being written).
