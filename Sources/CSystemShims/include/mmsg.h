// Batched UDP I/O for the worker's media plane: recvmmsg(2) and sendmmsg(2)
// over caller-owned, preallocated descriptors (Swift's Glibc does not import
// struct mmsghdr, which needs _GNU_SOURCE). The message headers and I/O
// vectors are built on the stack, at most CSHIMS_MMSG_CHUNK per system call:
// nothing is allocated.
#ifndef CSHIMS_MMSG_H
#define CSHIMS_MMSG_H

#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>

/// The most datagrams one system call moves.
#define CSHIMS_MMSG_CHUNK 64

/// One datagram to receive: the caller sets `bytes` and `capacity`; a receive
/// sets `length`, `truncated` (the datagram was longer than `capacity`) and
/// the source address.
struct cshims_incoming {
    void *bytes;
    uint32_t capacity;
    uint32_t length;
    uint32_t truncated;
    uint32_t address_length;
    struct sockaddr_storage address;
};

/// One datagram to send: `length` bytes at `bytes` to `address` (an IPv4 or
/// IPv6 socket address of `address_length` bytes).
struct cshims_outgoing {
    const void *bytes;
    uint32_t length;
    uint32_t address_length;
    struct sockaddr_in6 address;
};

/// Receives up to `count` datagrams from the non-blocking socket `fd` without
/// waiting. Returns how many (0 when none is queued), or -1 with `*error` set
/// to errno.
int cshims_receive_datagrams(int fd, struct cshims_incoming *datagrams, unsigned count, int *error);

/// Sends the datagrams `datagrams[order[0]]`, `datagrams[order[1]]`… (`count`
/// of them) on `fd` with sendmmsg, in chunks. A datagram the kernel refuses is
/// skipped (on a full socket buffer, every one left). Returns how many were
/// sent; `*failed` is the count of the others and `*error` the errno of the
/// last refusal (0 when none).
int cshims_send_datagrams(
    int fd, const struct cshims_outgoing *datagrams, const int32_t *order, unsigned count, unsigned *failed,
    int *error);

/// Sends one datagram with sendto. Returns 0, or -1 with errno.
int cshims_send_datagram(int fd, const void *bytes, uint32_t length, const struct sockaddr *address,
    uint32_t address_length);

/// Whether two IPv4 or IPv6 socket addresses are equal (family, port,
/// address; for IPv6 also flow info and scope), as NIO's SocketAddress ==.
int cshims_same_address(const struct sockaddr *a, const struct sockaddr *b);

/// A duplicate of `fd` (close-on-exec), or -1 with errno.
int cshims_dup_cloexec(int fd);

#endif
