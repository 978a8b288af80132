// Load and start-up probes for scripts/bench-http.sh, for what wrk cannot do (Unix sockets).
//
//   http-load run <unix-path> <workers> <seconds> close|keepalive
//       N forked workers send `GET /xend/node/` for T seconds, either one request per connection
//       (connect, write, read to EOF, close: how libvirt talks) or all on one keep-alive connection.
//       Prints "<requests> <req/s> <errors>".
//   http-load startup <unix-path> <program> [args...]
//       Starts the program and prints the milliseconds until its socket first answers 200.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static int write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t written = send(fd, data, length, MSG_NOSIGNAL);
        if (written <= 0) return -1;
        data += written;
        length -= (size_t)written;
    }
    return 0;
}

// Reads one response framed by Content-Length; returns its status code or -1.
static int read_response(int fd) {
    char buffer[8192];
    size_t have = 0;
    for (;;) {
        ssize_t got = recv(fd, buffer + have, sizeof(buffer) - 1 - have, 0);
        if (got <= 0) return -1;
        have += (size_t)got;
        buffer[have] = '\0';
        char *end = strstr(buffer, "\r\n\r\n");
        if (end == NULL) continue;
        char *length = strcasestr(buffer, "\r\nContent-Length: ");
        size_t body = length ? (size_t)atol(length + 18) : 0;
        size_t total = (size_t)(end + 4 - buffer) + body;
        if (have >= total) return atoi(buffer + 9);
    }
}

static const char CLOSE_REQUEST[] = "GET /xend/node/ HTTP/1.1\r\nHost: localhost:8000\r\nAccept-Encoding: identity\r\n\r\n";
static const char KEEP_REQUEST[] = "GET /xend/node/ HTTP/1.1\r\nHost: localhost:8000\r\nConnection: keep-alive\r\n\r\n";

static void worker(const char *path, double seconds, int keep_alive, int out) {
    long requests = 0, errors = 0;
    double end = now() + seconds;
    int fd = -1;
    while (now() < end) {
        if (fd < 0 && (fd = connect_unix(path)) < 0) {
            errors++;
            continue;
        }
        const char *request = keep_alive ? KEEP_REQUEST : CLOSE_REQUEST;
        if (write_all(fd, request, strlen(request)) != 0 || read_response(fd) != 200) {
            errors++;
            close(fd);
            fd = -1;
            continue;
        }
        requests++;
        if (!keep_alive) {
            close(fd);
            fd = -1;
        }
    }
    long counts[2] = {requests, errors};
    if (write(out, counts, sizeof(counts)) != sizeof(counts)) _exit(1);
    _exit(0);
}

static int run(const char *path, int workers, double seconds, int keep_alive) {
    int channel[2];
    if (pipe(channel) != 0) return 1;
    double started = now();
    for (int index = 0; index < workers; index++) {
        if (fork() == 0) worker(path, seconds, keep_alive, channel[1]);
    }
    long requests = 0, errors = 0;
    for (int index = 0; index < workers; index++) {
        long counts[2];
        if (read(channel[0], counts, sizeof(counts)) == sizeof(counts)) {
            requests += counts[0];
            errors += counts[1];
        }
        wait(NULL);
    }
    printf("%ld %.0f %ld\n", requests, (double)requests / (now() - started), errors);
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
            int status = write_all(fd, CLOSE_REQUEST, strlen(CLOSE_REQUEST)) == 0 ? read_response(fd) : -1;
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
    if (argc >= 4 && strcmp(argv[1], "startup") == 0) return startup(argv[2], argv + 3);
    fprintf(stderr, "usage: http-load run <unix-path> <workers> <seconds> close|keepalive\n"
                    "       http-load startup <unix-path> <program> [args...]\n");
    return 2;
}
