// The 400 answer to a request line libmicrohttpd cannot parse. MHD 0.9.75 closes such a connection
// without a word (parse_initial_message_line() fails before any callback runs, then
// MHD_connection_mark_closed_() calls shutdown(SHUT_WR)). It calls recv(), send(), sendmsg() and
// shutdown() through its PLT, so the definitions below, exported from the executable, interpose on libc's for the whole
// process. They only act on sockets of plain-HTTP MHD daemons, which CXendShims_note_connection
// registers between MHD's STARTED and CLOSED notifications; every other socket passes straight through.
// docs/wire-compatibility.md ("Unparsable request lines") explains the state machine and its limits.
#define _GNU_SOURCE
#include "CXendShims_MHD.h"

#include <dlfcn.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/socket.h>

/// What is known about the request line of a registered socket. Every transition of one socket
/// happens on the MHD worker thread that owns the connection; the atomics only keep the table sound.
enum LineState {
    UNTRACKED = 0,   // not a plain-HTTP MHD connection (or fd beyond the table): pass through
    AWAITING,        // waiting for a request line, no line end received yet
    CR_AT_END,       // the bytes so far end in CR; MHD needs one more byte to see a line end
    LINE_RECEIVED,   // a line end arrived, and MHD has not reported a parsed request line
    PARSED,          // the URI-log callback ran or MHD wrote to the socket: MHD answers on its own
};

enum { TABLE_SIZE = 65536, ANSWER_CAPACITY = 512 };

static _Atomic(unsigned char) line_state[TABLE_SIZE];
static char answer_bytes[ANSWER_CAPACITY];
static _Atomic(size_t) answer_length;

static bool tracked(int fd) { return fd >= 0 && fd < TABLE_SIZE; }

static unsigned char load_state(int fd) {
    return tracked(fd) ? atomic_load_explicit(&line_state[fd], memory_order_relaxed) : UNTRACKED;
}

static void store_state(int fd, unsigned char state) {
    if (tracked(fd)) atomic_store_explicit(&line_state[fd], state, memory_order_relaxed);
}

static int connection_fd(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    return info == NULL ? -1 : info->connect_fd;
}

void CXendShims_set_unparsable_line_answer(const char *bytes, size_t length) {
    if (length == 0 || length > ANSWER_CAPACITY || atomic_load(&answer_length) != 0) return;
    memcpy(answer_bytes, bytes, length);
    atomic_store_explicit(&answer_length, length, memory_order_release);
}

void CXendShims_note_connection(void *cls, struct MHD_Connection *connection, void **socket_context,
                                enum MHD_ConnectionNotificationCode code) {
    (void)cls;
    (void)socket_context;
    store_state(connection_fd(connection), code == MHD_CONNECTION_NOTIFY_STARTED ? AWAITING : UNTRACKED);
}

void CXendShims_note_request_line(struct MHD_Connection *connection) {
    int fd = connection_fd(connection);
    if (load_state(fd) != UNTRACKED) store_state(fd, PARSED);
}

void CXendShims_note_request_completed(struct MHD_Connection *connection) {
    int fd = connection_fd(connection);
    if (load_state(fd) == PARSED) store_state(fd, AWAITING);
}

/// Mirrors MHD's line search (get_next_header_line): LF anywhere, or CR followed by another byte.
static unsigned char after_bytes(unsigned char state, const unsigned char *bytes, size_t count) {
    if (state == CR_AT_END) return LINE_RECEIVED;
    // memchr rather than a byte loop: this runs on the first read of every request.
    const unsigned char *carriage_return = memchr(bytes, '\r', count);
    size_t before_return = carriage_return == NULL ? count : (size_t)(carriage_return - bytes);
    if (memchr(bytes, '\n', before_return) != NULL) return LINE_RECEIVED;
    if (carriage_return == NULL) return state;
    return before_return + 1 < count ? LINE_RECEIVED : CR_AT_END;
}

typedef ssize_t (*RecvFunction)(int, void *, size_t, int);
typedef ssize_t (*SendFunction)(int, const void *, size_t, int);
typedef ssize_t (*SendmsgFunction)(int, const struct msghdr *, int);
typedef int (*ShutdownFunction)(int, int);

static void *next_definition(_Atomic(void *) *slot, const char *name) {
    void *function = atomic_load_explicit(slot, memory_order_acquire);
    if (function == NULL) {
        function = dlsym(RTLD_NEXT, name);
        atomic_store_explicit(slot, function, memory_order_release);
    }
    return function;
}

ssize_t recv(int fd, void *buffer, size_t length, int flags) {
    static _Atomic(void *) next;
    RecvFunction function = (RecvFunction)next_definition(&next, "recv");
    ssize_t received = function(fd, buffer, length, flags);
    if (received > 0 && (flags & MSG_PEEK) == 0) {
        unsigned char state = load_state(fd);
        if (state == AWAITING || state == CR_AT_END) {
            unsigned char next_state = after_bytes(state, buffer, (size_t)received);
            if (next_state != state) store_state(fd, next_state);
        }
    }
    return received;
}

/// MHD's own answers (400 for a line it rejects after the URI-log callback's point, 414 for a line
/// longer than its buffer) are written with send() or sendmsg(); such a connection needs no second one.
static void note_written(int fd, ssize_t written) {
    if (written > 0) {
        unsigned char state = load_state(fd);
        if (state != UNTRACKED && state != PARSED) store_state(fd, PARSED);
    }
}

ssize_t send(int fd, const void *buffer, size_t length, int flags) {
    static _Atomic(void *) next;
    SendFunction function = (SendFunction)next_definition(&next, "send");
    ssize_t written = function(fd, buffer, length, flags);
    note_written(fd, written);
    return written;
}

ssize_t sendmsg(int fd, const struct msghdr *message, int flags) {
    static _Atomic(void *) next;
    SendmsgFunction function = (SendmsgFunction)next_definition(&next, "sendmsg");
    ssize_t written = function(fd, message, flags);
    note_written(fd, written);
    return written;
}

int shutdown(int fd, int how) {
    static _Atomic(void *) next;
    ShutdownFunction function = (ShutdownFunction)next_definition(&next, "shutdown");
    if (how != SHUT_RD && load_state(fd) == LINE_RECEIVED) {
        size_t length = atomic_load_explicit(&answer_length, memory_order_acquire);
        // A few hundred bytes into a socket with nothing else queued; nothing is retried, the connection closes.
        store_state(fd, PARSED);
        if (length > 0) (void)send(fd, answer_bytes, length, MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    return function(fd, how);
}
