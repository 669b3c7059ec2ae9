#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "mmsg.h"

int cshims_receive_datagrams(int fd, struct cshims_incoming *datagrams, unsigned count, int *error) {
    struct mmsghdr messages[CSHIMS_MMSG_CHUNK];
    struct iovec vectors[CSHIMS_MMSG_CHUNK];
    if (count > CSHIMS_MMSG_CHUNK) count = CSHIMS_MMSG_CHUNK;
    memset(messages, 0, sizeof(struct mmsghdr) * count);
    for (unsigned i = 0; i < count; i++) {
        vectors[i].iov_base = datagrams[i].bytes;
        vectors[i].iov_len = datagrams[i].capacity;
        messages[i].msg_hdr.msg_iov = &vectors[i];
        messages[i].msg_hdr.msg_iovlen = 1;
        messages[i].msg_hdr.msg_name = &datagrams[i].address;
        messages[i].msg_hdr.msg_namelen = sizeof(struct sockaddr_storage);
    }
    int received;
    do {
        received = recvmmsg(fd, messages, count, MSG_DONTWAIT, NULL);
    } while (received < 0 && errno == EINTR);
    if (received < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
        *error = errno;
        return -1;
    }
    for (int i = 0; i < received; i++) {
        datagrams[i].length = messages[i].msg_len;
        datagrams[i].truncated = (messages[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
        datagrams[i].address_length = messages[i].msg_hdr.msg_namelen;
    }
    return received;
}

int cshims_send_datagrams(
    int fd, const struct cshims_outgoing *datagrams, const int32_t *order, unsigned count, unsigned *failed,
    int *error) {
    struct mmsghdr messages[CSHIMS_MMSG_CHUNK];
    struct iovec vectors[CSHIMS_MMSG_CHUNK];
    unsigned sent = 0;
    *failed = 0;
    *error = 0;
    unsigned next = 0;
    while (next < count) {
        unsigned chunk = count - next < CSHIMS_MMSG_CHUNK ? count - next : CSHIMS_MMSG_CHUNK;
        for (unsigned i = 0; i < chunk; i++) {
            const struct cshims_outgoing *datagram = &datagrams[order[next + i]];
            vectors[i].iov_base = (void *)datagram->bytes;
            vectors[i].iov_len = datagram->length;
            memset(&messages[i], 0, sizeof messages[i]);
            messages[i].msg_hdr.msg_iov = &vectors[i];
            messages[i].msg_hdr.msg_iovlen = 1;
            messages[i].msg_hdr.msg_name = (void *)&datagram->address;
            messages[i].msg_hdr.msg_namelen = datagram->address_length;
        }
        int result = sendmmsg(fd, messages, chunk, MSG_DONTWAIT);
        if (result < 0) {
            if (errno == EINTR) continue;
            *error = errno;
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) {
                // The socket's buffer is full: the rest of these would be refused too.
                *failed += count - next;
                break;
            }
            // The first message was refused: skip it and go on with the rest.
            *failed += 1;
            next += 1;
            continue;
        }
        sent += (unsigned)result;
        next += (unsigned)result;
    }
    return (int)sent;
}

int cshims_send_datagram(int fd, const void *bytes, uint32_t length, const struct sockaddr *address,
    uint32_t address_length) {
    ssize_t result;
    do {
        result = sendto(fd, bytes, length, MSG_DONTWAIT, address, address_length);
    } while (result < 0 && errno == EINTR);
    return result < 0 ? -1 : 0;
}

int cshims_same_address(const struct sockaddr *a, const struct sockaddr *b) {
    if (a->sa_family != b->sa_family) return 0;
    if (a->sa_family == AF_INET) {
        const struct sockaddr_in *x = (const struct sockaddr_in *)a, *y = (const struct sockaddr_in *)b;
        return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
    }
    if (a->sa_family == AF_INET6) {
        const struct sockaddr_in6 *x = (const struct sockaddr_in6 *)a, *y = (const struct sockaddr_in6 *)b;
        return x->sin6_port == y->sin6_port && x->sin6_flowinfo == y->sin6_flowinfo
            && x->sin6_scope_id == y->sin6_scope_id
            && memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr) == 0;
    }
    return 0;
}

int cshims_dup_cloexec(int fd) {
    return fcntl(fd, F_DUPFD_CLOEXEC, 0);
}
