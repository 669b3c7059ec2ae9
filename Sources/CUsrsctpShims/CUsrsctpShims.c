#include "CUsrsctpShims.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <usrsctp.h>

static cshims_sctp_output_fn output_callback;
static cshims_sctp_data_fn data_callback;
static cshims_sctp_event_fn event_callback;
static int initialized;

static int on_output(void *address, void *buffer, size_t length, uint8_t tos, uint8_t set_df) {
    (void)tos;
    (void)set_df;
    if (output_callback) output_callback((uintptr_t)address, buffer, length);
    return 0;
}

static void report(uintptr_t id, int event, uint32_t value) {
    if (event_callback) event_callback(id, event, value);
}

static void on_notification(uintptr_t id, const union sctp_notification *notification, size_t length) {
    if (length < sizeof(notification->sn_header)) return;
    switch (notification->sn_header.sn_type) {
    case SCTP_ASSOC_CHANGE:
        if (length < sizeof(struct sctp_assoc_change)) return;
        switch (notification->sn_assoc_change.sac_state) {
        case SCTP_COMM_UP: report(id, CSHIMS_SCTP_COMM_UP, notification->sn_assoc_change.sac_inbound_streams); break;
        case SCTP_COMM_LOST: report(id, CSHIMS_SCTP_COMM_LOST, 0); break;
        case SCTP_SHUTDOWN_COMP: report(id, CSHIMS_SCTP_SHUTDOWN_COMPLETE, 0); break;
        case SCTP_CANT_STR_ASSOC: report(id, CSHIMS_SCTP_CANNOT_START, 0); break;
        case SCTP_RESTART: report(id, CSHIMS_SCTP_RESTART, 0); break;
        default: break;
        }
        break;
    case SCTP_STREAM_RESET_EVENT: {
        const struct sctp_stream_reset_event *reset = &notification->sn_strreset_event;
        if (length < sizeof(*reset) || !(reset->strreset_flags & SCTP_STREAM_RESET_INCOMING_SSN)) return;
        if (reset->strreset_flags & (SCTP_STREAM_RESET_DENIED | SCTP_STREAM_RESET_FAILED)) return;
        size_t count = (reset->strreset_length - sizeof(*reset)) / sizeof(uint16_t);
        if (reset->strreset_length > length || reset->strreset_length < sizeof(*reset)) return;
        for (size_t index = 0; index < count; index++) {
            report(id, CSHIMS_SCTP_INCOMING_STREAM_RESET, reset->strreset_stream_list[index]);
        }
        break;
    }
    case SCTP_SEND_FAILED_EVENT:
        report(id, CSHIMS_SCTP_SEND_FAILED, 0);
        break;
    default:
        break;
    }
}

static int on_receive(struct socket *socket, union sctp_sockstore address, void *data, size_t length,
                      struct sctp_rcvinfo info, int flags, void *ulp_info) {
    (void)socket;
    (void)address;
    uintptr_t id = (uintptr_t)ulp_info;
    if (data == NULL) return 1;  // the association went away
    if (flags & MSG_NOTIFICATION) {
        on_notification(id, (const union sctp_notification *)data, length);
    } else if (data_callback) {
        data_callback(id, info.rcv_sid, ntohl(info.rcv_ppid), (flags & MSG_EOR) ? 1 : 0, data, length);
    }
    free(data);
    return 1;
}

int cshims_sctp_init(cshims_sctp_output_fn output, cshims_sctp_data_fn data, cshims_sctp_event_fn event) {
    if (initialized) return 0;
    initialized = 1;
    output_callback = output;
    data_callback = data;
    event_callback = event;
    usrsctp_init_nothreads(0, on_output, NULL);
    // As mediasoup: no ECN.
    usrsctp_sysctl_set_sctp_ecn_enable(0);
    return 0;
}

static void *fail(struct socket *socket, uintptr_t id, char *error, size_t error_length, const char *call) {
    snprintf(error, error_length, "%s failed: %s", call, strerror(errno));
    if (socket) usrsctp_close(socket);
    usrsctp_deregister_address((void *)id);
    return NULL;
}

void *cshims_sctp_open(uintptr_t id, uint16_t port, uint16_t os, uint16_t mis, uint32_t send_buffer, uint32_t mtu,
                       char *error, size_t error_length) {
    usrsctp_register_address((void *)id);
    struct socket *socket = usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, on_receive, NULL, 0, (void *)id);
    if (!socket) return fail(NULL, id, error, error_length, "usrsctp_socket");
    if (usrsctp_set_non_blocking(socket, 1) < 0) return fail(socket, id, error, error_length, "non-blocking");

    struct linger linger = {.l_onoff = 1, .l_linger = 0};
    if (usrsctp_setsockopt(socket, SOL_SOCKET, SO_LINGER, &linger, sizeof(linger)) < 0)
        return fail(socket, id, error, error_length, "SO_LINGER");

    struct sctp_assoc_value reset = {.assoc_id = SCTP_ALL_ASSOC, .assoc_value = SCTP_ENABLE_RESET_STREAM_REQ};
    if (usrsctp_setsockopt(socket, IPPROTO_SCTP, SCTP_ENABLE_STREAM_RESET, &reset, sizeof(reset)) < 0)
        return fail(socket, id, error, error_length, "SCTP_ENABLE_STREAM_RESET");

    int on = 1;
    if (usrsctp_setsockopt(socket, IPPROTO_SCTP, SCTP_NODELAY, &on, sizeof(on)) < 0)
        return fail(socket, id, error, error_length, "SCTP_NODELAY");
    if (usrsctp_setsockopt(socket, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof(on)) < 0)
        return fail(socket, id, error, error_length, "SCTP_RECVRCVINFO");

    const uint16_t events[] = {SCTP_ASSOC_CHANGE, SCTP_PEER_ADDR_CHANGE, SCTP_REMOTE_ERROR, SCTP_SHUTDOWN_EVENT,
                               SCTP_SEND_FAILED_EVENT, SCTP_STREAM_RESET_EVENT, SCTP_STREAM_CHANGE_EVENT};
    for (size_t index = 0; index < sizeof(events) / sizeof(events[0]); index++) {
        struct sctp_event event = {.se_assoc_id = SCTP_ALL_ASSOC, .se_on = 1, .se_type = events[index]};
        if (usrsctp_setsockopt(socket, IPPROTO_SCTP, SCTP_EVENT, &event, sizeof(event)) < 0)
            return fail(socket, id, error, error_length, "SCTP_EVENT");
    }

    struct sctp_initmsg init = {.sinit_num_ostreams = os, .sinit_max_instreams = mis};
    if (usrsctp_setsockopt(socket, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof(init)) < 0)
        return fail(socket, id, error, error_length, "SCTP_INITMSG");

    if (send_buffer > 0) {
        int size = (int)send_buffer;
        if (usrsctp_setsockopt(socket, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size)) < 0)
            return fail(socket, id, error, error_length, "SO_SNDBUF");
    }

    struct sockaddr_conn local = {.sconn_family = AF_CONN, .sconn_port = htons(port), .sconn_addr = (void *)id};
    if (usrsctp_bind(socket, (struct sockaddr *)&local, sizeof(local)) < 0)
        return fail(socket, id, error, error_length, "usrsctp_bind");

    // A fixed path MTU, as mediasoup: no PMTU discovery over DTLS or UDP.
    struct sctp_paddrparams parameters;
    memset(&parameters, 0, sizeof(parameters));
    memcpy(&parameters.spp_address, &local, sizeof(local));
    parameters.spp_flags = SPP_PMTUD_DISABLE;
    parameters.spp_pathmtu = mtu;
    (void)usrsctp_setsockopt(socket, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &parameters, sizeof(parameters));
    return socket;
}

int cshims_sctp_connect(void *socket, uintptr_t id, uint16_t remote_port) {
    struct sockaddr_conn remote = {.sconn_family = AF_CONN, .sconn_port = htons(remote_port), .sconn_addr = (void *)id};
    if (usrsctp_connect(socket, (struct sockaddr *)&remote, sizeof(remote)) < 0 && errno != EINPROGRESS) return errno;
    struct sctp_paddrparams parameters;
    memset(&parameters, 0, sizeof(parameters));
    memcpy(&parameters.spp_address, &remote, sizeof(remote));
    parameters.spp_flags = SPP_PMTUD_DISABLE;
    parameters.spp_pathmtu = 1200;
    (void)usrsctp_setsockopt(socket, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &parameters, sizeof(parameters));
    return 0;
}

int cshims_sctp_send(void *socket, uint16_t stream, uint32_t ppid, int unordered, int pr_policy, uint32_t pr_value,
                     const void *data, size_t length) {
    struct sctp_sendv_spa spa;
    memset(&spa, 0, sizeof(spa));
    spa.sendv_flags = SCTP_SEND_SNDINFO_VALID;
    spa.sendv_sndinfo.snd_sid = stream;
    spa.sendv_sndinfo.snd_ppid = htonl(ppid);
    spa.sendv_sndinfo.snd_flags = SCTP_EOR | (unordered ? SCTP_UNORDERED : 0);
    if (pr_policy == 1 || pr_policy == 2) {
        spa.sendv_flags |= SCTP_SEND_PRINFO_VALID;
        spa.sendv_prinfo.pr_policy = pr_policy == 1 ? SCTP_PR_SCTP_TTL : SCTP_PR_SCTP_RTX;
        spa.sendv_prinfo.pr_value = pr_value;
    }
    ssize_t sent = usrsctp_sendv(socket, data, length, NULL, 0, &spa, (socklen_t)sizeof(spa), SCTP_SENDV_SPA, 0);
    return sent < 0 ? errno : 0;
}

int cshims_sctp_reset_stream(void *socket, uint16_t stream) {
    size_t size = sizeof(struct sctp_reset_streams) + sizeof(uint16_t);
    struct sctp_reset_streams *reset = calloc(1, size);
    if (!reset) return ENOMEM;
    reset->srs_assoc_id = SCTP_ALL_ASSOC;
    reset->srs_flags = SCTP_STREAM_RESET_OUTGOING;
    reset->srs_number_streams = 1;
    reset->srs_stream_list[0] = stream;
    int result = usrsctp_setsockopt(socket, IPPROTO_SCTP, SCTP_RESET_STREAMS, reset, (socklen_t)size) < 0 ? errno : 0;
    free(reset);
    return result;
}

void cshims_sctp_input(uintptr_t id, const void *data, size_t length) {
    usrsctp_conninput((void *)id, data, length, 0);
}

uint32_t cshims_sctp_crc32c(const void *data, size_t length) {
    return usrsctp_crc32c((void *)data, length);
}

void cshims_sctp_handle_timers(uint32_t elapsed_ms) {
    usrsctp_handle_timers(elapsed_ms);
}

void cshims_sctp_close(void *socket, uintptr_t id) {
    if (socket) {
        usrsctp_set_ulpinfo(socket, NULL);
        usrsctp_close(socket);
    }
    usrsctp_deregister_address((void *)id);
}
