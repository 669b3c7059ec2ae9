// ICE: a sans-I/O ICE-lite agent and the STUN it speaks.
//
// Implemented:
// - RFC 8489 (and RFC 5389) STUN messages: the 20-byte header (class and
//   method, magic cookie, transaction id), attributes with 32-bit padding,
//   USERNAME, MESSAGE-INTEGRITY (HMAC-SHA1, short-term credentials, §14.5),
//   FINGERPRINT (CRC-32 xor 0x5354554E, §14.7), XOR-MAPPED-ADDRESS (IPv4 and
//   IPv6, §14.2), ERROR-CODE (§14.8); unknown attributes are skipped.
// - RFC 8445 ICE attributes PRIORITY, USE-CANDIDATE, ICE-CONTROLLED and
//   ICE-CONTROLLING (§16.1), and NOMINATION (draft-thatcher-ice-renomination).
// - RFC 8445 §2.5 and §7.3 ICE-lite, always controlled: `IceLiteServer`
//   answers connectivity checks and follows the controlling peer's
//   nominations, as mediasoup's IceServer does; RFC 7675 consent freshness
//   as a timeout without a valid check.
//
// Two layers, as in the RTP module: a borrowing parser that never allocates
// (`StunMessageFields`, over the caller's datagram) and an owned value type
// on top (`StunMessage`). Malformed input throws `StunParseError`; it never
// traps.
//
// Not implemented: long-term credentials, MESSAGE-INTEGRITY-SHA256,
// 420 answers to unknown comprehension-required attributes (mediasoup skips
// them too), and sending checks (full ICE).
//
// Drive contract of `IceLiteServer`: it owns no socket, timer or clock. Feed
// it STUN datagrams (`handleStun(_:from:now:)`) and timer expiries
// (`handleTimeout(now:)`), both with the caller's monotonic time in
// milliseconds; after each call, drain `pollOutput()` until it answers nil
// and arm one timer at `nextTimeout`.
