// A bare libmicrohttpd server for Benchmarks/bench-http.sh: the floor our Swift engine is measured
// against. Same daemon settings as MHDServer (epoll, internal thread pool, no Date header, one daemon
// per socket), same keep-alive rule, and the same bytes for GET /xend/node as xend-http-bench.
//
// usage: bare-mhd <unix-socket-path> <tcp-port> [threads]; prints "ready", serves until SIGTERM.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static const char NODE[] =
    "(node (system Linux) (host xenhost1) (release 2.6.18-xen) (version '#1 SMP Tue Jan 1 00:00:00 UTC 2013') "
    "(machine x86_64) (nr_cpus 4) (nr_nodes 1) (cores_per_socket 4) (threads_per_core 1) (cpu_mhz 2394) "
    "(hw_caps bfebfbff:28100800:00000000:00000940:0098e3fd:00000000:00000001:00000000) (virt_caps hvm) "
    "(total_memory 8191) (free_memory 6843) (free_cpus 0) (xen_major 4) (xen_minor 1) (xen_extra .6) "
    "(xen_caps 'xen-3.0-x86_64 xen-3.0-x86_32p hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64') "
    "(xen_scheduler credit) (xen_pagesize 4096) (platform_params 'virt_start=0xffff800000000000') "
    "(xen_changeset unavailable) (xen_commandline 'dom0_mem=1024M') (cc_compiler 'gcc version 4.4.7 (GCC)') "
    "(cc_compile_by root) (cc_compile_domain example.org) (cc_compile_date 'Tue Jan  1 00:00:00 UTC 2013') "
    "(xend_config_format 4))";

static int wants_keep_alive(struct MHD_Connection *connection) {
    const char *value = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Connection");
    return value != NULL && strcasestr(value, "keep-alive") != NULL && strcasestr(value, "close") == NULL;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *connection, const char *url, const char *method,
                               const char *version, const char *upload_data, size_t *upload_data_size,
                               void **con_cls) {
    static int first_call_marker;
    (void)cls; (void)version; (void)upload_data; (void)method;
    if (*con_cls == NULL) {  // answer on the second call, like MHDServer (keeps keep-alive working)
        *con_cls = &first_call_marker;
        return MHD_YES;
    }
    if (*upload_data_size != 0) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    int found = strncmp(url, "/xend/node", 10) == 0;
    const char *body = found ? NODE : "Not found";
    struct MHD_Response *response =
        MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(response, "Content-type", found ? "application/sxp" : "text/plain");
    MHD_add_response_header(response, "Expires", "-1");
    MHD_add_response_header(response, "Pragma", "no-cache");
    MHD_add_response_header(response, "Cache-control", "no-cache");
    if (wants_keep_alive(connection)) {
        MHD_set_response_options(response, MHD_RF_SEND_KEEP_ALIVE_HEADER, MHD_RO_END);
    } else {
        MHD_add_response_header(response, "Connection", "close");
    }
    enum MHD_Result result = MHD_queue_response(connection, found ? 200 : 404, response);
    MHD_destroy_response(response);
    return result;
}

static struct MHD_Daemon *start(int fd, unsigned threads) {
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_SUPPRESS_DATE_NO_CLOCK | MHD_USE_ITC;
    return MHD_start_daemon(flags, 0, NULL, NULL, handler, NULL, MHD_OPTION_LISTEN_SOCKET, fd,
                            MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
                            // HTTPServerConfiguration.connectionMemoryBytes: MHD clears it per request.
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16 * 1024, MHD_OPTION_END);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: bare-mhd <unix-socket-path> <tcp-port> [threads]\n");
        return 2;
    }
    unsigned threads = argc > 3 ? (unsigned)atoi(argv[3]) : 2 * (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);

    int unix_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_un unix_address = {.sun_family = AF_UNIX};
    strncpy(unix_address.sun_path, argv[1], sizeof(unix_address.sun_path) - 1);
    unlink(argv[1]);
    if (bind(unix_fd, (struct sockaddr *)&unix_address, sizeof(unix_address)) != 0 || listen(unix_fd, SOMAXCONN) != 0) {
        perror("unix socket");
        return 1;
    }
    int tcp_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(tcp_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in tcp_address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2]))};
    tcp_address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(tcp_fd, (struct sockaddr *)&tcp_address, sizeof(tcp_address)) != 0 || listen(tcp_fd, SOMAXCONN) != 0) {
        perror("tcp socket");
        return 1;
    }
    struct MHD_Daemon *unix_daemon = start(unix_fd, threads);
    struct MHD_Daemon *tcp_daemon = start(tcp_fd, threads);
    if (unix_daemon == NULL || tcp_daemon == NULL) {
        fprintf(stderr, "MHD_start_daemon failed\n");
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    int received;
    sigwait(&signals, &received);
    MHD_stop_daemon(unix_daemon);
    MHD_stop_daemon(tcp_daemon);
    unlink(argv[1]);
    return 0;
}
