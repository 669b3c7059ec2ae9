/*
 * generator: the load tools of issue 4's benchmark, two modes in one binary.
 *
 * generator gen --port P --duration S [--size 1200] [--srtp none|aes-cm-80|gcm-128]
 *               [--srtp-key HEX] [--source-port Q]
 *   Blasts RTP packets of --size bytes (V=2, PT=96, SSRC 0x11111111, sequence
 *   +1 and timestamp +90 per packet) at 127.0.0.1:P as fast as it can, with
 *   sendmmsg batches of 32 on a connected socket, for S seconds. With --srtp
 *   it protects each packet first under the forwarder's input key, or under
 *   --srtp-key (master key+salt in hex: the key a DTLS-SRTP handshake gave;
 *   the RTP packet stays --size bytes; the tag comes on top). --source-port Q
 *   sends from 127.0.0.1:Q (the port whose tuple ICE validated), else from
 *   any port.
 *
 * generator sink --port P --ports N [--warmup 0.5] [--measure 4] [--wait 10] [--active]
 *   Binds N UDP sockets on 127.0.0.1:P .. P + N - 1 and counts the packets the
 *   kernel delivers to them. By default it never reads them during the run
 *   (passive; a minimal receive buffer, so the kernel queues one or two and
 *   drops the rest at the socket) and counts each socket's drop counter from
 *   /proc/net/udp: the sink then costs no CPU beside the generator on the
 *   shared core, and every packet still went through the whole UDP receive
 *   path. --active reads with recvmmsg instead and counts reads plus drops.
 *   After the first packet it waits --warmup seconds, counts for --measure
 *   seconds and prints `sink: ports=N packets=... pps=...`; it gives up with
 *   pps=0 if nothing arrives within --wait seconds.
 *
 * generator probe --port P --recv-port Q [--recv-ports N] --rate R --duration S [--warmup 0.5] [--size 1200]
 *   Latency probe: sends RTP packets like gen (PT 96, SSRC 0x11111111) paced
 *   at R packets/s to 127.0.0.1:P, each stamped with its send time, and
 *   receives on 127.0.0.1:Q (the forwarder's first destination; Q + 1 ..
 *   Q + N - 1 are bound as passive sinks). The one-way delay of a packet is
 *   the kernel's receive timestamp (SO_TIMESTAMPNS) minus the send time, both
 *   CLOCK_REALTIME on this machine, so the probe's own scheduling does not
 *   count. Packets sent in the first --warmup seconds are not measured.
 *   Prints `probe: rate=... sent=... received=... p50_us=... p99_us=... max_us=...`.
 *   --port Q measures the direct path (no forwarder): the baseline.
 *   Every payload starts like H.264 (an SPS NAL header once in 32 packets,
 *   else a non-IDR slice), so a worker's video consumer finds keyframes.
 *
 * generator key --srtp aes-cm-80|gcm-128 [--id K]
 *   Prints the Base64 master key+salt of key K (0: the generator's and the
 *   forwarder's input; d + 1: the forwarder's destination d), so another
 *   forwarder under test (the Swift worker) can use the same keys.
 */
#include "cfwd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define BATCH 32

static int generate(int argc, char **argv)
{
    int port = 0, size = 1200, source_port = 0;
    double duration = 5;
    enum cfwd_suite suite = CFWD_PLAIN;
    const char *key_hex = NULL;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--port")) port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--source-port")) source_port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--srtp-key")) key_hex = argv[i + 1];
        else if (!strcmp(argv[i], "--duration")) duration = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--size")) size = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--srtp")) {
            if (cfwd_parse_suite(argv[i + 1], &suite)) { fprintf(stderr, "unknown suite %s\n", argv[i + 1]); return 2; }
        } else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
    }
    if (port <= 0 || size < 12 || size > CFWD_PACKET_SLOT - 64) { fprintf(stderr, "usage: generator gen --port P --duration S\n"); return 2; }
    srtp_t session = NULL;
    if (suite != CFWD_PLAIN) {
        cfwd_srtp_init();
        if (key_hex) {
            unsigned char key[SRTP_MAX_KEY_LEN] = { 0 };
            size_t length = strlen(key_hex) / 2, expected = suite == CFWD_AES_GCM_128 ? 28 : 30;
            if (strlen(key_hex) % 2 || length != expected) { fprintf(stderr, "--srtp-key: %zu hex bytes expected\n", expected); return 2; }
            for (size_t i = 0; i < length; i++) {
                unsigned byte;
                if (sscanf(key_hex + 2 * i, "%2x", &byte) != 1) { fprintf(stderr, "--srtp-key: not hex\n"); return 2; }
                key[i] = (unsigned char)byte;
            }
            session = cfwd_srtp_session_with_key(suite, 1, key);
        } else {
            session = cfwd_srtp_session(suite, 1, 0);
        }
    }

    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (source_port > 0) {
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons((uint16_t)source_port) };
        local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(fd, (struct sockaddr *)&local, sizeof local) != 0) { perror("bind --source-port"); return 1; }
    }
    struct sockaddr_in target = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&target, sizeof target) != 0) { perror("connect"); return 1; }

    static uint8_t buf[BATCH][CFWD_PACKET_SLOT];
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        for (int j = 12; j < size; j++) buf[i][j] = (uint8_t)(j * 7 + i);
        iov[i].iov_base = buf[i];
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    uint16_t seq = 0;
    uint32_t timestamp = 0;
    uint64_t sent = 0, refused = 0;
    double start = cfwd_now(), end = start + duration;
    while (cfwd_now() < end) {
        for (int i = 0; i < BATCH; i++) {
            uint8_t *p = buf[i];
            /* An SRTP protect encrypted the payload in place: rewrite it. */
            if (session) for (int j = 12; j < size; j++) p[j] = (uint8_t)(j * 7 + i);
            p[0] = 0x80;
            p[1] = 96;
            p[2] = (uint8_t)(seq >> 8); p[3] = (uint8_t)seq;
            p[4] = (uint8_t)(timestamp >> 24); p[5] = (uint8_t)(timestamp >> 16);
            p[6] = (uint8_t)(timestamp >> 8); p[7] = (uint8_t)timestamp;
            p[8] = p[9] = p[10] = p[11] = 0x11;
            seq++;
            timestamp += 90;
            int length = size;
            if (session && srtp_protect(session, p, &length) != srtp_err_status_ok) { fprintf(stderr, "protect failed\n"); return 1; }
            iov[i].iov_len = (size_t)length;
        }
        int r = sendmmsg(fd, msgs, BATCH, 0);
        if (r < 0) { refused++; usleep(1000); continue; } /* forwarder not up yet: ECONNREFUSED */
        sent += (uint64_t)r;
    }
    double seconds = cfwd_now() - start;
    printf("generator: size=%d srtp=%s seconds=%.3f sent=%llu pps=%.0f refused=%llu\n", size, cfwd_suite_name(suite),
           seconds, (unsigned long long)sent, (double)sent / seconds, (unsigned long long)refused);
    return 0;
}

/* Sum of the kernel's drop counters of the sockets whose inodes are given. */
static uint64_t kernel_drops(const unsigned long *inodes, int count)
{
    FILE *f = fopen("/proc/net/udp", "r");
    if (!f) return 0;
    char line[512];
    uint64_t total = 0;
    if (!fgets(line, sizeof line, f)) { fclose(f); return 0; }  /* header */
    while (fgets(line, sizeof line, f)) {
        unsigned long inode = 0;
        unsigned long long drops = 0;
        /* sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops */
        if (sscanf(line, " %*s %*s %*s %*s %*s %*s %*s %*s %*s %lu %*s %*s %llu", &inode, &drops) != 2) continue;
        for (int i = 0; i < count; i++) if (inodes[i] == inode) { total += drops; break; }
    }
    fclose(f);
    return total;
}

static int sink(int argc, char **argv)
{
    int port = 0, ports = 1, active = 0;
    double warmup = 0.5, measure = 4, wait = 10;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--active")) { active = 1; continue; }
        if (i + 1 >= argc) break;
        if (!strcmp(argv[i], "--port")) port = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--ports")) ports = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--warmup")) warmup = atof(argv[++i]);
        else if (!strcmp(argv[i], "--measure")) measure = atof(argv[++i]);
        else if (!strcmp(argv[i], "--wait")) wait = atof(argv[++i]);
        else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
    }
    if (port <= 0 || ports < 1 || ports > 1000) { fprintf(stderr, "usage: generator sink --port P --ports N\n"); return 2; }

    int *fds = calloc((size_t)ports, sizeof *fds);
    unsigned long *inodes = calloc((size_t)ports, sizeof *inodes);
    struct pollfd *pfds = calloc((size_t)ports, sizeof *pfds);
    for (int i = 0; i < ports; i++) {
        fds[i] = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        if (!active) { int tiny = 1; setsockopt(fds[i], SOL_SOCKET, SO_RCVBUF, &tiny, sizeof tiny); }
        struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons((uint16_t)(port + i)) };
        local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(fds[i], (struct sockaddr *)&local, sizeof local) != 0) { perror("bind"); return 1; }
        struct stat st;
        fstat(fds[i], &st);
        inodes[i] = (unsigned long)st.st_ino;
        pfds[i].fd = fds[i];
        pfds[i].events = POLLIN;
    }

    static uint8_t buf[BATCH][CFWD_PACKET_SLOT];
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        iov[i].iov_base = buf[i];
        iov[i].iov_len = CFWD_PACKET_SLOT;
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }

    uint64_t base_drops = kernel_drops(inodes, ports), reads = 0;
    double begin = cfwd_now(), first = 0, start = 0;
    uint64_t start_count = 0;
    for (;;) {
        if (active) {
            if (poll(pfds, (nfds_t)ports, 10) > 0)
                for (int i = 0; i < ports; i++) {
                    if (!(pfds[i].revents & POLLIN)) continue;
                    int n;
                    while ((n = recvmmsg(fds[i], msgs, BATCH, MSG_DONTWAIT, NULL)) > 0) reads += (uint64_t)n;
                }
        } else {
            usleep(10000);
        }
        double t = cfwd_now();
        uint64_t count = reads + (kernel_drops(inodes, ports) - base_drops);
        if (first == 0) {
            /* A passive socket may hold a packet or two without a drop yet: peek. */
            if (count == 0 && !active)
                for (int i = 0; i < ports; i++) if (recv(fds[i], buf[0], 1, MSG_PEEK | MSG_DONTWAIT) >= 0) { count = 1; break; }
            if (count > 0) first = t;
            else if (t - begin > wait) { printf("sink: ports=%d packets=0 pps=0 note=no-traffic\n", ports); return 0; }
            continue;
        }
        if (start == 0 && t - first >= warmup) { start = t; start_count = count; continue; }
        if (start > 0 && t - start >= measure) {
            double seconds = t - start;
            printf("sink: ports=%d mode=%s seconds=%.3f packets=%llu pps=%.0f\n", ports, active ? "active" : "passive",
                   seconds, (unsigned long long)(count - start_count), (double)(count - start_count) / seconds);
            return 0;
        }
    }
}

/* MARK: probe */

#define PROBE_MAGIC 0x4D464C44u /* "MFLD" at payload offset 4, then the send time */

static int64_t realtime_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The payload offset of an RTP packet (after CSRCs and header extension), or -1. */
static int rtp_payload_offset(const uint8_t *p, int length)
{
    if (length < 12 || (p[0] >> 6) != 2) return -1;
    int offset = 12 + 4 * (p[0] & 0x0F);
    if (p[0] & 0x10) {
        if (offset + 4 > length) return -1;
        offset += 4 + 4 * ((p[offset + 2] << 8) | p[offset + 3]);
    }
    return offset <= length ? offset : -1;
}

static int probe(int argc, char **argv)
{
    int port = 0, recv_port = 0, recv_ports = 1, size = 1200;
    double rate = 1000, duration = 3, warmup = 0.5;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--port")) port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--recv-port")) recv_port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--recv-ports")) recv_ports = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--rate")) rate = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--duration")) duration = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--warmup")) warmup = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--size")) size = atoi(argv[i + 1]);
        else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
    }
    if (port <= 0 || recv_port <= 0 || recv_ports < 1 || recv_ports > 1000 || rate <= 0 || size < 28 ||
        size > CFWD_PACKET_SLOT - 64) {
        fprintf(stderr, "usage: generator probe --port P --recv-port Q [--recv-ports N] --rate R --duration S\n");
        return 2;
    }
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0); /* wake-ups on time: the pacing is the measurement's input */

    int rx = -1;
    for (int i = 0; i < recv_ports; i++) {
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        if (i == 0) {
            int big = 8 << 20, on = 1;
            if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big) != 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
            setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
            rx = fd;
        } else {
            int tiny = 1;
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &tiny, sizeof tiny);
        }
        struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons((uint16_t)(recv_port + i)) };
        local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(fd, (struct sockaddr *)&local, sizeof local) != 0) { perror("bind"); return 1; }
    }
    int tx = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in target = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(tx, (struct sockaddr *)&target, sizeof target) != 0) { perror("connect"); return 1; }

    size_t capacity = (size_t)(rate * duration) + 1024, count = 0;
    double *samples = malloc(capacity * sizeof *samples);
    static uint8_t out[CFWD_PACKET_SLOT], in[CFWD_PACKET_SLOT];
    for (int j = 12; j < size; j++) out[j] = (uint8_t)(j * 7);
    out[0] = 0x80;
    out[1] = 96;
    out[8] = out[9] = out[10] = out[11] = 0x11;
    uint16_t seq = 0;
    uint32_t timestamp = 0;
    uint64_t sent = 0, received = 0, foreign = 0;
    double start = cfwd_now(), end = start + duration, next = start, interval = 1.0 / rate;
    int64_t measure_from = realtime_ns() + (int64_t)(warmup * 1e9);

    for (;;) {
        double t = cfwd_now();
        if (t < end && t >= next) {
            out[2] = (uint8_t)(seq >> 8); out[3] = (uint8_t)seq;
            out[4] = (uint8_t)(timestamp >> 24); out[5] = (uint8_t)(timestamp >> 16);
            out[6] = (uint8_t)(timestamp >> 8); out[7] = (uint8_t)timestamp;
            out[12] = seq % 32 == 0 ? 0x67 : 0x41; /* H.264 NAL header: SPS, else a non-IDR slice */
            uint32_t magic = htonl(PROBE_MAGIC);
            memcpy(out + 16, &magic, 4);
            int64_t stamp = realtime_ns();
            memcpy(out + 20, &stamp, 8);
            if (send(tx, out, (size_t)size, 0) == size) sent++;
            seq++;
            timestamp += 90;
            next += interval;
            if (next < t - 0.01) next = t; /* a stall: go on from now rather than burst */
        }
        /* Drain what arrived, each with the kernel's receive time. */
        for (;;) {
            struct iovec iov = { .iov_base = in, .iov_len = sizeof in };
            char control[256];
            struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
            ssize_t n = recvmsg(rx, &msg, MSG_DONTWAIT);
            if (n < 0) break;
            int64_t arrival = 0;
            for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
                if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
                    struct timespec ts;
                    memcpy(&ts, CMSG_DATA(c), sizeof ts);
                    arrival = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
                }
            int offset = rtp_payload_offset(in, (int)n);
            uint32_t magic;
            int64_t stamp;
            if (offset < 0 || offset + 16 > n || arrival == 0) { foreign++; continue; }
            memcpy(&magic, in + offset + 4, 4);
            memcpy(&stamp, in + offset + 8, 8);
            if (ntohl(magic) != PROBE_MAGIC) { foreign++; continue; }
            received++;
            if (stamp >= measure_from && count < capacity) samples[count++] = (double)(arrival - stamp) / 1e3;
        }
        if (t >= end + 0.3) break; /* the tail: what is still in flight */
        double wait = (t < end ? next : end + 0.3) - cfwd_now();
        if (wait > 0) {
            struct pollfd pfd = { .fd = rx, .events = POLLIN };
            struct timespec timeout = { .tv_sec = (time_t)wait, .tv_nsec = (long)((wait - (double)(time_t)wait) * 1e9) };
            ppoll(&pfd, 1, &timeout, NULL);
        }
    }
    qsort(samples, count, sizeof *samples, compare_doubles);
    double p50 = count ? samples[(count - 1) / 2] : 0, p99 = count ? samples[(size_t)((double)(count - 1) * 0.99)] : 0;
    double max = count ? samples[count - 1] : 0;
    printf("probe: rate=%.0f seconds=%.3f sent=%llu received=%llu foreign=%llu samples=%zu p50_us=%.1f p99_us=%.1f max_us=%.1f\n",
           rate, duration, (unsigned long long)sent, (unsigned long long)received, (unsigned long long)foreign, count,
           p50, p99, max);
    return 0;
}

static int print_key(int argc, char **argv)
{
    enum cfwd_suite suite = CFWD_AES_CM_80;
    unsigned id = 0;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--srtp")) {
            if (cfwd_parse_suite(argv[i + 1], &suite) || suite == CFWD_PLAIN) { fprintf(stderr, "unknown suite %s\n", argv[i + 1]); return 2; }
        } else if (!strcmp(argv[i], "--id")) id = (unsigned)atoi(argv[i + 1]);
        else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
    }
    unsigned char key[SRTP_MAX_KEY_LEN];
    cfwd_master_key(key, id);
    size_t length = suite == CFWD_AES_GCM_128 ? 28 : 30;
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < length; i += 3) {
        unsigned v = (unsigned)key[i] << 16 | (i + 1 < length ? (unsigned)key[i + 1] << 8 : 0) | (i + 2 < length ? key[i + 2] : 0);
        putchar(alphabet[v >> 18 & 63]);
        putchar(alphabet[v >> 12 & 63]);
        putchar(i + 1 < length ? alphabet[v >> 6 & 63] : '=');
        putchar(i + 2 < length ? alphabet[v & 63] : '=');
    }
    putchar('\n');
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "key")) return print_key(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "gen")) return generate(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "sink")) return sink(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "probe")) return probe(argc, argv);
    fprintf(stderr, "usage: generator gen|sink|probe|key [options] (see the comment at the top of generator.c)\n");
    return 2;
}
