// RTP: sans-I/O parsing and serialisation of RTP and RTCP.
//
// Implemented:
// - RFC 3550 §5.1 RTP fixed header, CSRC list, padding; §6.4 SR and RR, §6.5
//   SDES, §6.6 BYE; RFC 5761 §4 and RFC 7983 §7 demultiplexing.
// - RFC 8285 one-byte and two-byte header extensions; values of mid (RFC 9143),
//   rid and repaired-rid (RFC 8852), abs-send-time, transport-wide-cc,
//   ssrc-audio-level (RFC 6464), video-orientation (3GPP TS 26.114), toffset
//   (RFC 5450), abs-capture-time and playout-delay (WebRTC experiments).
// - RFC 4585 generic NACK and PLI, RFC 5104 FIR, draft-alvestrand-rmcat-remb
//   REMB, draft-holmer-rmcat-transport-wide-cc-extensions-01 feedback.
//
// Two layers: borrowing parsers over `UnsafeRawBufferPointer` that never
// allocate (`RTPHeaderFields`, `RTPHeaderExtensionElements`,
// `RTCPCompoundIterator`, the extension values), and allocating value types on
// top (`RTPPacket`, the RTCP messages, `RTCPPacket`). Malformed input throws a
// typed error (`RTPParseError`, `RTCPParseError`); it never traps.
