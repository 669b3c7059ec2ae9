#ifndef MAFALDA_CUSRSCTP_SHIMS_H
#define MAFALDA_CUSRSCTP_SHIMS_H

// usrsctp (Debian's libusrsctp-dev) for SCTP over DTLS and over UDP, in its
// thread-less mode: no timer thread and no socket of its own. Packets go in
// with cshims_sctp_input and come out through the output callback, timers
// advance with cshims_sctp_handle_timers, and the callbacks run inside
// those calls, on the caller's thread. Associations are named by a number
// (the AF_CONN address usrsctp hands back to the callbacks).
//
// The shim hides usrsctp's structures and macros from Swift: socket options
// as mediasoup sets them, sendv with its send and PR-SCTP info, notifications
// reduced to the events below.

#include <stddef.h>
#include <stdint.h>

/// What the event callback reports (its `value` argument says more).
enum cshims_sctp_event {
    CSHIMS_SCTP_COMM_UP = 1,          // the association is up (value: inbound streams)
    CSHIMS_SCTP_COMM_LOST = 2,        // lost (timeouts, abort)
    CSHIMS_SCTP_SHUTDOWN_COMPLETE = 3,// ended cleanly
    CSHIMS_SCTP_CANNOT_START = 4,     // the association could not start
    CSHIMS_SCTP_RESTART = 5,          // the peer restarted it
    CSHIMS_SCTP_INCOMING_STREAM_RESET = 6, // the peer reset its outgoing stream `value`
    CSHIMS_SCTP_SEND_FAILED = 7,      // a message was abandoned (PR-SCTP) or not sent
};

/// A packet usrsctp sends for association `id`.
typedef void (*cshims_sctp_output_fn)(uintptr_t id, const void *data, size_t length);
/// Message data received on `stream` with `ppid` (host order); `end` is 1
/// when this piece ends the message (usrsctp may deliver a large message in pieces).
typedef void (*cshims_sctp_data_fn)(uintptr_t id, uint16_t stream, uint32_t ppid, int end, const void *data,
                                   size_t length);
/// An event of association `id`.
typedef void (*cshims_sctp_event_fn)(uintptr_t id, int event, uint32_t value);

/// Starts usrsctp once per process (later calls do nothing); returns 0.
int cshims_sctp_init(cshims_sctp_output_fn output, cshims_sctp_data_fn data, cshims_sctp_event_fn event);

/// Opens association `id`'s socket, bound to SCTP port `port`, with `os`
/// outbound and `mis` inbound streams, a send buffer of `send_buffer` bytes
/// (0 keeps usrsctp's) and a path MTU of `mtu`. Returns the socket, or NULL
/// with the failing call written into `error`.
void *cshims_sctp_open(uintptr_t id, uint16_t port, uint16_t os, uint16_t mis, uint32_t send_buffer, uint32_t mtu,
                       char *error, size_t error_length);

/// Starts the association towards SCTP port `remote_port`; 0, or an errno.
int cshims_sctp_connect(void *socket, uintptr_t id, uint16_t remote_port);

/// Sends one message: `unordered` 1 for unordered delivery; `pr_policy` 0
/// reliable, 1 a lifetime of `pr_value` ms, 2 at most `pr_value`
/// retransmissions. 0, or an errno (EAGAIN/ENOBUFS when the buffer is full).
int cshims_sctp_send(void *socket, uint16_t stream, uint32_t ppid, int unordered, int pr_policy, uint32_t pr_value,
                     const void *data, size_t length);

/// Resets outgoing stream `stream` (RFC 6525); 0, or an errno.
int cshims_sctp_reset_stream(void *socket, uint16_t stream);

/// Feeds a received packet of association `id`.
void cshims_sctp_input(uintptr_t id, const void *data, size_t length);

/// The CRC32c of `length` bytes (SCTP's checksum, RFC 9260 §6.8).
uint32_t cshims_sctp_crc32c(const void *data, size_t length);

/// Advances usrsctp's timers by `elapsed_ms`.
void cshims_sctp_handle_timers(uint32_t elapsed_ms);

/// Closes association `id`'s socket (an ABORT if still up) and forgets its address.
void cshims_sctp_close(void *socket, uintptr_t id);

#endif
