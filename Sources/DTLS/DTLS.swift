// DTLS: a sans-I/O DTLS 1.2 endpoint for DTLS-SRTP (RFC 5764) on OpenSSL,
// with mediasoup's DtlsTransport behaviour.
//
// Implemented:
// - `DtlsIdentity`: a certificate and its private key (a generated
//   self-signed P-256 certificate, or PEM files or text), its fingerprints
//   for every hash function of RFC 8122, and the OpenSSL context its
//   endpoints share (DTLS 1.2 only, mediasoup's ciphers and options, the
//   peer's certificate required and accepted whatever its issuer: trust
//   comes from the fingerprint signalled out of band).
// - `DtlsEndpoint`: one DTLS 1.2 association over two memory BIOs, as
//   client or server. The `use_srtp` extension (RFC 5764 §4.1) offers the
//   suites in mediasoup's order; on handshake completion the peer
//   certificate's digest is checked against the signalled fingerprint and
//   the SRTP master keys and salts are exported (RFC 5764 §4.2). Application
//   data (SCTP, later) passes both ways once connected; close_notify ends it.
//
// Drive contract of `DtlsEndpoint`: it owns no socket and no timer. Feed it
// datagrams (`receive(_:now:)`), timer expiries (`handleTimeout(now:)`),
// `start(now:)`, `send(applicationData:)` and `close()`; after each call,
// drain `pollOutput()` until it answers nil and arm one timer at
// `nextTimeout`. `now` is milliseconds on the caller's monotonic clock.
//
// What OpenSSL forces: its DTLS retransmission timer runs on OpenSSL's own
// clock (the wall clock, `gettimeofday`), not on `now`. `nextTimeout` is
// `now` plus the delay OpenSSL reported at the last call, and
// `handleTimeout(now:)` asks OpenSSL whether its timer expired: a call that
// comes early does nothing but re-arm. The timer starts at 100 ms and
// doubles up to 4 s (mediasoup's `DTLS_set_timer_cb` schedule, instead of
// OpenSSL's 1 s start); OpenSSL gives up after 12 expiries without progress.
//
// Not implemented: DTLS 1.0 and 1.3, HelloVerifyRequest cookies (mediasoup
// uses none: ICE has already checked the peer), renegotiation (refused),
// and restarting an endpoint with another role (make a new one).
