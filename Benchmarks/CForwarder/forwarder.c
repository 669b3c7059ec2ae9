/*
 * forwarder: the C baseline of issue 4's benchmark, a plain UDP RTP forwarder.
 *
 * One socket receives with recvmmsg (batch 32). For each packet it writes
 * each copy's SSRC, sequence number and payload type, as an SFU's consumer
 * does (cheap header writes), and sends the batch x fan-out copies with one
 * sendmmsg to N destinations on 127.0.0.1 (dest-port .. dest-port + N - 1).
 * With --srtp it does the SFU's SRTP work: one unprotect of every input packet
 * (the producer's transport), one protect per copy with that destination's own
 * session and key (each consumer's transport). Each copy is a memcpy of the
 * input, as protect works in place. --srtp-impl picks the SRTP code: libsrtp
 * (the system's libsrtp2; Debian's is built on NSS) or evp (evpsrtp.h: the
 * same work on OpenSSL's EVP, as the Swift worker's SRTP module does it).
 *
 * It measures itself: after the first packet it waits --warmup seconds, then
 * counts for --measure seconds and prints one line of key=value figures
 * (output packets/s, the CPU it used, packets per CPU-second); it keeps
 * forwarding until its input has been idle for --idle seconds.
 *
 * usage: forwarder --port P --dest-port D --fanout N [--srtp none|aes-cm-80|gcm-128]
 *                  [--srtp-impl libsrtp|evp] [--warmup 0.5] [--measure 4] [--idle 0.5] [--max-seconds 30]
 */
#include "cfwd.h"
#include "evpsrtp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 32
#define MAX_SEND 1024 /* UIO_MAXIOV: most messages one sendmmsg takes */

int main(int argc, char **argv)
{
    int port = 0, dest_port = 0, fanout = 1;
    double warmup = 0.5, measure = 4.0, idle = 0.5, max_seconds = 30;
    enum cfwd_suite suite = CFWD_PLAIN;
    int use_evp = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--port")) port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--dest-port")) dest_port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--fanout")) fanout = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--warmup")) warmup = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--measure")) measure = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--idle")) idle = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--max-seconds")) max_seconds = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--srtp-impl")) {
            if (!strcmp(argv[i + 1], "evp")) use_evp = 1;
            else if (strcmp(argv[i + 1], "libsrtp")) { fprintf(stderr, "unknown SRTP implementation %s\n", argv[i + 1]); return 2; }
        } else if (!strcmp(argv[i], "--srtp")) {
            if (cfwd_parse_suite(argv[i + 1], &suite)) { fprintf(stderr, "unknown suite %s\n", argv[i + 1]); return 2; }
        } else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
    }
    if (port <= 0 || dest_port <= 0 || fanout < 1 || fanout > 1000) {
        fprintf(stderr, "usage: forwarder --port P --dest-port D --fanout N [--srtp none|aes-cm-80|gcm-128]\n");
        return 2;
    }

    const char *backend = "-";
    char version[64] = "-"; /* libsrtp's version string with '_' for spaces (key=value output) */
    srtp_t input = NULL, *outputs = NULL;
    evpsrtp_session *evp_input = NULL, *evp_outputs = NULL;
    if (suite != CFWD_PLAIN && use_evp) {
        backend = "openssl";
        snprintf(version, sizeof version, "evpsrtp_%s", OpenSSL_version(OPENSSL_VERSION));
        for (char *c = version; *c; c++) if (*c == ' ') *c = '_';
        unsigned char key[SRTP_MAX_KEY_LEN];
        evp_input = calloc(1, sizeof *evp_input);
        evp_outputs = calloc((size_t)fanout, sizeof *evp_outputs);
        cfwd_master_key(key, 0);
        if (evpsrtp_init(evp_input, suite == CFWD_AES_GCM_128, key)) { fprintf(stderr, "evpsrtp_init failed\n"); return 1; }
        for (int d = 0; d < fanout; d++) {
            cfwd_master_key(key, (unsigned)d + 1);
            if (evpsrtp_init(&evp_outputs[d], suite == CFWD_AES_GCM_128, key)) { fprintf(stderr, "evpsrtp_init failed\n"); return 1; }
        }
    } else if (suite != CFWD_PLAIN) {
        backend = cfwd_srtp_init();
        snprintf(version, sizeof version, "%s", srtp_get_version_string());
        for (char *c = version; *c; c++) if (*c == ' ') *c = '_';
        input = cfwd_srtp_session(suite, 0, 0);
        outputs = calloc((size_t)fanout, sizeof *outputs);
        for (int d = 0; d < fanout; d++) outputs[d] = cfwd_srtp_session(suite, 1, (unsigned)d + 1);
    }

    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int rcvbuf = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    struct timeval timeout = { .tv_sec = 0, .tv_usec = 100000 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (bind(fd, (struct sockaddr *)&local, sizeof local) != 0) { perror("bind"); return 1; }

    struct sockaddr_in *dests = calloc((size_t)fanout, sizeof *dests);
    for (int d = 0; d < fanout; d++) {
        dests[d].sin_family = AF_INET;
        dests[d].sin_port = htons((uint16_t)(dest_port + d));
        dests[d].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    }
    uint16_t *out_seq = calloc((size_t)fanout, sizeof *out_seq);

    static uint8_t in_buf[BATCH][CFWD_PACKET_SLOT];
    struct mmsghdr in_msgs[BATCH];
    struct iovec in_iov[BATCH];
    memset(in_msgs, 0, sizeof in_msgs);
    for (int i = 0; i < BATCH; i++) {
        in_iov[i].iov_base = in_buf[i];
        in_iov[i].iov_len = CFWD_PACKET_SLOT;
        in_msgs[i].msg_hdr.msg_iov = &in_iov[i];
        in_msgs[i].msg_hdr.msg_iovlen = 1;
    }
    size_t out_count = (size_t)BATCH * (size_t)fanout;
    uint8_t *out_buf = aligned_alloc(64, out_count * CFWD_PACKET_SLOT);
    struct mmsghdr *out_msgs = calloc(out_count, sizeof *out_msgs);
    struct iovec *out_iov = calloc(out_count, sizeof *out_iov);
    for (size_t m = 0; m < out_count; m++) {
        out_iov[m].iov_base = out_buf + m * CFWD_PACKET_SLOT;
        out_msgs[m].msg_hdr.msg_iov = &out_iov[m];
        out_msgs[m].msg_hdr.msg_iovlen = 1;
        out_msgs[m].msg_hdr.msg_namelen = sizeof(struct sockaddr_in);
    }

    uint64_t received = 0, sent = 0, send_errors = 0, unprotect_failures = 0, protect_failures = 0;
    double first = 0, last_packet = 0, start = 0;
    uint64_t start_received = 0, start_sent = 0;
    double start_cpu = 0;
    int measuring = 0, done = 0;
    double launched = cfwd_now();

    for (;;) {
        int n = recvmmsg(fd, in_msgs, BATCH, MSG_WAITFORONE, NULL);
        double t = cfwd_now();
        if (n <= 0) {
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) { perror("recvmmsg"); return 1; }
            if ((first > 0 && t - last_packet > idle) || t - launched > max_seconds) break;
            continue;
        }
        if (first == 0) first = t;
        last_packet = t;
        received += (uint64_t)n;

        size_t m = 0;
        for (int i = 0; i < n; i++) {
            uint8_t *packet = in_buf[i];
            int length = (int)in_msgs[i].msg_len;
            if (input && srtp_unprotect(input, packet, &length) != srtp_err_status_ok) {
                unprotect_failures++;
                continue;
            }
            if (evp_input && evpsrtp_unprotect(evp_input, packet, &length) != 0) {
                unprotect_failures++;
                continue;
            }
            if (length < 12) continue;
            for (int d = 0; d < fanout; d++) {
                uint8_t *copy = out_iov[m].iov_base;
                memcpy(copy, packet, (size_t)length);
                /* The consumer's view: its payload type, sequence and SSRC. */
                copy[1] = (uint8_t)((copy[1] & 0x80) | 101);
                uint16_t seq = htons(out_seq[d]++);
                memcpy(copy + 2, &seq, 2);
                uint32_t ssrc = htonl(0x5F000000u + (uint32_t)d);
                memcpy(copy + 8, &ssrc, 4);
                int out_length = length;
                if (outputs && srtp_protect(outputs[d], copy, &out_length) != srtp_err_status_ok) {
                    protect_failures++;
                    continue;
                }
                if (evp_outputs && evpsrtp_protect(&evp_outputs[d], copy, &out_length) != 0) {
                    protect_failures++;
                    continue;
                }
                out_iov[m].iov_len = (size_t)out_length;
                out_msgs[m].msg_hdr.msg_name = &dests[d];
                m++;
            }
        }
        for (size_t offset = 0; offset < m;) {
            unsigned chunk = (unsigned)((m - offset) < MAX_SEND ? (m - offset) : MAX_SEND);
            int r = sendmmsg(fd, out_msgs + offset, chunk, 0);
            if (r < 0) {
                if (errno == EINTR) continue;
                send_errors++;
                offset++; /* drop the message the kernel refused and go on */
                continue;
            }
            sent += (uint64_t)r;
            offset += (size_t)r;
        }

        if (!measuring && !done && t - first >= warmup) {
            measuring = 1;
            start = t;
            start_received = received;
            start_sent = sent;
            start_cpu = cfwd_cpu();
        } else if (measuring && t - start >= measure) {
            double seconds = t - start, cpu = cfwd_cpu() - start_cpu;
            double out_pps = (double)(sent - start_sent) / seconds;
            printf("forwarder: fanout=%d srtp=%s backend=%s version=%s seconds=%.3f in_pps=%.0f out_pps=%.0f"
                   " cpu=%.3f out_per_cpu_s=%.0f unprotect_failures=%llu protect_failures=%llu send_errors=%llu\n",
                   fanout, cfwd_suite_name(suite), backend, version,
                   seconds, (double)(received - start_received) / seconds, out_pps, cpu / seconds,
                   cpu > 0 ? (double)(sent - start_sent) / cpu : 0.0, (unsigned long long)unprotect_failures,
                   (unsigned long long)protect_failures, (unsigned long long)send_errors);
            fflush(stdout);
            measuring = 0;
            done = 1;
        }
    }
    if (!done) printf("forwarder: fanout=%d srtp=%s out_pps=0 note=input-stopped-before-the-window-ended\n",
                      fanout, cfwd_suite_name(suite));
    return 0;
}
