/*
 * xend_get_node calls per second through libxend against a plain C client that sends the same HTTP
 * request (GET /xend/node/ with libvirt's headers) on a fresh Unix-socket connection each time and reads
 * the whole reply. Both run in the same process against the same daemon, in alternating rounds.
 * Benchmarks/libxend-bench.sh builds and runs it.   Usage: libxend-bench SOCKET SECONDS_PER_ROUND ROUNDS
 * For instruction counts (valgrind --tool=callgrind) and system-call counts (strace -c), a fixed number of
 * calls by one side only:                            libxend-bench SOCKET calls N plain|libxend
 */
#include <libxend/xend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static const char request[] = "GET /xend/node/ HTTP/1.1\r\nHost: localhost\r\nAccept: application/sxp\r\n"
                              "Accept-Encoding: identity\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                              "Connection: close\r\n\r\n";

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One request on a new connection; 1 when the reply is a 200 with a body. */
static int plain_get_node(const char *path) {
    struct sockaddr_un address;
    char reply[16384];
    size_t used = 0;
    ssize_t n;
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    strncpy(address.sun_path, path, sizeof address.sun_path - 1);
    if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        if (fd >= 0) close(fd);
        return 0;
    }
    if (write(fd, request, sizeof request - 1) != (ssize_t)(sizeof request - 1)) {
        close(fd);
        return 0;
    }
    while (used < sizeof reply - 1 && (n = read(fd, reply + used, sizeof reply - 1 - used)) > 0) used += (size_t)n;
    close(fd);
    reply[used] = '\0';
    return strncmp(reply, "HTTP/1.1 200", 12) == 0 && strstr(reply, "(node") != NULL;
}

static double plain_rate(const char *path, double seconds) {
    double start = now(), end = start + seconds;
    long calls = 0;
    while (now() < end) {
        if (!plain_get_node(path)) {
            fprintf(stderr, "plain client: request failed\n");
            exit(1);
        }
        calls++;
    }
    return (double)calls / (now() - start);
}

static double library_rate(struct xend *xend, double seconds) {
    double start = now(), end = start + seconds;
    long calls = 0;
    while (now() < end) {
        struct xend_node *node = xend_get_node(xend);
        if (node == NULL) {
            perror("xend_get_node");
            exit(1);
        }
        free(node);
        calls++;
    }
    return (double)calls / (now() - start);
}

/* N calls by one side, after one untimed call (the library's first-call set-up). */
static int fixed_calls(const char *path, long n, const char *side) {
    struct xend *xend = xend_new_unix(path);
    int library = strcmp(side, "libxend") == 0;
    for (long call = 0; call <= n; call++) {
        struct xend_node *node = library ? xend_get_node(xend) : NULL;
        if (library ? node == NULL : !plain_get_node(path)) {
            fprintf(stderr, "%s: call %ld failed\n", side, call);
            return 1;
        }
        free(node);
    }
    xend_delete(xend);
    return 0;
}

int main(int argc, char **argv) {
    double seconds, plain = 0, library = 0;
    int rounds;
    struct xend *xend;
    if (argc == 5 && strcmp(argv[2], "calls") == 0) return fixed_calls(argv[1], atol(argv[3]), argv[4]);
    if (argc != 4) {
        fprintf(stderr, "usage: %s SOCKET SECONDS_PER_ROUND ROUNDS\n", argv[0]);
        return 2;
    }
    seconds = atof(argv[2]);
    rounds = atoi(argv[3]);
    xend = xend_new_unix(argv[1]);
    library_rate(xend, 0.5); /* warm-up: the runtime's first-call set-up */
    plain_rate(argv[1], 0.5);
    for (int round = 1; round <= rounds; round++) {
        double p = plain_rate(argv[1], seconds), l = library_rate(xend, seconds);
        printf("round %d: plain C %.0f calls/s, libxend %.0f calls/s (%.2fx)\n", round, p, l, l / p);
        plain += p;
        library += l;
    }
    printf("xend_get_node: plain C %.0f calls/s, libxend %.0f calls/s: libxend is %.2fx the plain client\n",
           plain / rounds, library / rounds, library / plain);
    xend_delete(xend);
    return 0;
}
