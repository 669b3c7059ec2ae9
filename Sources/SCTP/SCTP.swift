// SCTP for data channels (RFC 8831): associations of Debian's usrsctp in
// its thread-less mode, over DTLS (WebRtcTransport) or bare UDP (Plain and
// Pipe transports), as mediasoup runs them.
//
// Drive contract of `SctpAssociation`, as the other protocol cores: it owns
// no socket and no timer. Feed it the packets that arrive
// (`receive(_:)`), call `SctpAssociation.advanceTimers(byMilliseconds:)`
// every few milliseconds while associations exist (mediasoup: 10 ms), and
// after each call drain `pollOutput()` of every association: packets to send,
// state changes, messages, stream resets.
//
// usrsctp keeps process-wide state: the associations of a process must be
// driven from one thread at a time (the worker's event loop). Its callbacks
// run inside the calls above and only queue outputs.
//
// Implemented: ports 5000/5000, outbound and inbound stream counts from
// numSctpStreams, a fixed path MTU of 1200 (no PMTU discovery), ordered
// and unordered messages, partial reliability by lifetime or retransmits
// (RFC 3758), stream reset (RFC 6525) for closed data channels, messages
// reassembled up to maxMessageSize. Not implemented, as in mediasoup: DCEP
// (RFC 8832) open/ack (mediasoup's data channels are negotiated out of
// band; PPID 50 messages are dropped and counted).
