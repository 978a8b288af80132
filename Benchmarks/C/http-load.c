// Load, latency and start-up probes for Benchmarks/bench-http.sh, the same client for both transports.
// A target is a Unix socket path or `tcp:<port>` (127.0.0.1).
//
//   http-load run <target> <workers> <seconds> close|keepalive
//       N forked workers send `GET /xend/node/` for T seconds, either one request per connection
//       (connect, write, read the response, close: how libvirt and xm talk) or all on one keep-alive
//       connection. Each request's time, connect to last byte, goes into a 1 µs histogram.
//       Prints "<requests> <req/s> <errors> <p50 µs> <p99 µs>".
//   http-load get <target> <path> <count>
//       Sends `GET <path>` count times, one connection each; prints "<median ms> <bytes>".
//   http-load get-keepalive <target> <path> <count>
//       The same, all on one connection kept alive (the request `run` sends in keepalive mode).
//   http-load startup <unix-path> <program> [args...]
//       Starts the program and prints the milliseconds until its socket first answers 200.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int connect_unix(const char *path) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    strncpy(address.sun_path, path, sizeof(address.sun_path) - 1);
    if (connect(fd, (struct sockaddr *)&address, sizeof(address)) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int connect_tcp(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                                  .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (connect(fd, (struct sockaddr *)&address, sizeof(address)) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int connect_target(const char *target) {
    if (strncmp(target, "tcp:", 4) == 0) return connect_tcp(atoi(target + 4));
    return connect_unix(target);
}

static int write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t written = send(fd, data, length, MSG_NOSIGNAL);
        if (written <= 0) return -1;
        data += written;
        length -= (size_t)written;
    }
    return 0;
}

// Reads one response framed by Content-Length (any body size); returns its status code or -1, and the
// response's length in *size when size is not NULL.
static int read_response(int fd, size_t *size) {
    char buffer[16384];
    size_t have = 0, total = 0;
    int status = -1;
    for (;;) {
        if (status < 0 && have == sizeof(buffer) - 1) return -1;  // headers larger than the buffer
        size_t room = status < 0 ? sizeof(buffer) - 1 - have : sizeof(buffer) - 1;
        ssize_t got = recv(fd, status < 0 ? buffer + have : buffer, room, 0);
        if (got <= 0) return -1;
        have += (size_t)got;
        if (status < 0) {
            buffer[have] = '\0';
            char *end = strstr(buffer, "\r\n\r\n");
            if (end == NULL) continue;
            char *length = strcasestr(buffer, "\r\nContent-Length: ");
            size_t body = length ? (size_t)atol(length + 18) : 0;
            total = (size_t)(end + 4 - buffer) + body;
            status = atoi(buffer + 9);
        }
        if (have >= total) {
            if (size) *size = total;
            return status;
        }
    }
}

static const char CLOSE_REQUEST[] = "GET /xend/node/ HTTP/1.1\r\nHost: localhost:8000\r\nAccept-Encoding: identity\r\n\r\n";
static const char KEEP_REQUEST[] = "GET /xend/node/ HTTP/1.1\r\nHost: localhost:8000\r\nConnection: keep-alive\r\n\r\n";

// Request times in µs, one bucket per µs up to 100 ms, then one overflow bucket.
#define BUCKETS 100001
typedef struct {
    long requests, errors;
    long histogram[BUCKETS];
} Tally;

// Each worker counts into its own slot of a shared mapping; the parent sums them after the workers exit.
static void worker(const char *target, double seconds, int keep_alive, Tally *tally) {
    double end = now() + seconds;
    int fd = -1;
    const char *request = keep_alive ? KEEP_REQUEST : CLOSE_REQUEST;
    while (now() < end) {
        double started = now();
        if (fd < 0 && (fd = connect_target(target)) < 0) {
            tally->errors++;
            continue;
        }
        if (write_all(fd, request, strlen(request)) != 0 || read_response(fd, NULL) != 200) {
            tally->errors++;
            close(fd);
            fd = -1;
            continue;
        }
        long micros = (long)((now() - started) * 1e6);
        tally->histogram[micros < BUCKETS - 1 ? micros : BUCKETS - 1]++;
        tally->requests++;
        if (!keep_alive) {
            close(fd);
            fd = -1;
        }
    }
    _exit(0);
}

static long percentile(const long *histogram, long count, double fraction) {
    long rank = (long)(fraction * (double)count), seen = 0;
    for (long bucket = 0; bucket < BUCKETS; bucket++) {
        seen += histogram[bucket];
        if (seen > rank) return bucket;
    }
    return BUCKETS - 1;
}

static int run(const char *target, int workers, double seconds, int keep_alive) {
    size_t size = sizeof(Tally) * (size_t)workers;
    Tally *tallies = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (tallies == MAP_FAILED) return 1;
    static Tally total;
    double started = now();
    for (int index = 0; index < workers; index++) {
        if (fork() == 0) worker(target, seconds, keep_alive, &tallies[index]);
    }
    while (wait(NULL) > 0) {}
    double elapsed = now() - started;
    for (int index = 0; index < workers; index++) {
        total.requests += tallies[index].requests;
        total.errors += tallies[index].errors;
        for (long bucket = 0; bucket < BUCKETS; bucket++) total.histogram[bucket] += tallies[index].histogram[bucket];
    }
    munmap(tallies, size);
    printf("%ld %.0f %ld %ld %ld\n", total.requests, (double)total.requests / elapsed, total.errors,
           percentile(total.histogram, total.requests, 0.50), percentile(total.histogram, total.requests, 0.99));
    return 0;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

// `get` and `get-keepalive`: count requests, each on a new connection or all on one kept alive.
static int get(const char *target, const char *path, int count, int keep_alive) {
    char request[2048];
    snprintf(request, sizeof(request), "GET %s HTTP/1.1\r\nHost: localhost:8000\r\n%s\r\n", path,
             keep_alive ? "Connection: keep-alive\r\n" : "Accept-Encoding: identity\r\n");
    double *times = calloc((size_t)count, sizeof(double));
    size_t size = 0;
    int fd = -1;
    for (int index = 0; index < count; index++) {
        double started = now();
        if (fd < 0) fd = connect_target(target);
        if (fd < 0 || write_all(fd, request, strlen(request)) != 0 || read_response(fd, &size) != 200) {
            fprintf(stderr, "GET %s failed\n", path);
            return 1;
        }
        if (!keep_alive) {
            close(fd);
            fd = -1;
        }
        times[index] = (now() - started) * 1000;
    }
    if (fd >= 0) close(fd);
    qsort(times, (size_t)count, sizeof(double), compare_doubles);
    printf("%.2f %zu\n", times[count / 2], size);
    free(times);
    return 0;
}

static int startup(const char *path, char **command) {
    unlink(path);
    double started = now();
    pid_t child = fork();
    if (child == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execv(command[0], command);
        _exit(127);
    }
    for (;;) {
        int fd = connect_unix(path);
        if (fd >= 0) {
            int status = write_all(fd, CLOSE_REQUEST, strlen(CLOSE_REQUEST)) == 0 ? read_response(fd, NULL) : -1;
            close(fd);
            if (status == 200) break;
        }
        if (now() - started > 10) {
            fprintf(stderr, "no answer within 10 s\n");
            break;
        }
        usleep(200);
    }
    printf("%.1f\n", (now() - started) * 1000);
    kill(child, SIGTERM);
    waitpid(child, NULL, 0);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 6 && strcmp(argv[1], "run") == 0) {
        return run(argv[2], atoi(argv[3]), atof(argv[4]), strcmp(argv[5], "keepalive") == 0);
    }
    if (argc >= 5 && strcmp(argv[1], "get") == 0) return get(argv[2], argv[3], atoi(argv[4]), 0);
    if (argc >= 5 && strcmp(argv[1], "get-keepalive") == 0) return get(argv[2], argv[3], atoi(argv[4]), 1);
    if (argc >= 4 && strcmp(argv[1], "startup") == 0) return startup(argv[2], argv + 3);
    fprintf(stderr, "usage: http-load run <unix-path|tcp:port> <workers> <seconds> close|keepalive\n"
                    "       http-load get|get-keepalive <unix-path|tcp:port> <path> <count>\n"
                    "       http-load startup <unix-path> <program> [args...]\n");
    return 2;
}
