// A xentoollog logger that forwards to Swift. The message arrives as a printf format plus a
// va_list, which Swift cannot consume, so it is formatted here first.
#define _GNU_SOURCE
#include "CXenlightShims.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    xentoollog_logger vtable;
    CXenlightShims_log_sink sink;
    void *sink_context;
    pid_t owner;  // the process that made the logger
} CXenlightShims_logger;

// libxl forks helper children (xc_domain_destroy runs in one) that log through this logger. In a child
// of a multi-threaded process, Swift code may wait forever for a lock another thread of the parent held
// at the fork (the runtime's, the log handler's), so a child never calls the Swift sink: it writes the
// line to standard error itself (warnings and worse; the rest is dropped). glibc makes malloc safe in the
// child, so formatting is fine.
static int CXenlightShims_in_child(const CXenlightShims_logger *self, int level, const char *context,
                                   const char *message) {
    if (getpid() == self->owner) {
        return 0;
    }
    if (level < XTL_WARN) {
        return 1;
    }
    const char *parts[] = {"xenlight (child): ", context ? context : "", context ? ": " : "", message, "\n"};
    for (size_t index = 0; index < sizeof(parts) / sizeof(parts[0]); index++) {
        ssize_t ignored = write(STDERR_FILENO, parts[index], strlen(parts[index]));
        (void)ignored;
    }
    return 1;
}

static void CXenlightShims_vmessage(xentoollog_logger *logger, xentoollog_level level, int errnoval,
                                    const char *context, const char *format, va_list al) {
    CXenlightShims_logger *self = (CXenlightShims_logger *)logger;
    char *message = NULL;
    if (vasprintf(&message, format, al) < 0) {
        message = NULL;
    }
    if (!CXenlightShims_in_child(self, (int)level, context, message ? message : format)) {
        self->sink(self->sink_context, (int)level, errnoval, context, message ? message : format);
    }
    free(message);
}

// libxc reports save and restore progress through this; xtl_progress calls it unconditionally, so
// it must exist. It becomes an ordinary XTL_PROGRESS message.
static void CXenlightShims_progress(xentoollog_logger *logger, const char *context, const char *doing_what,
                                    int percent, unsigned long done, unsigned long total) {
    CXenlightShims_logger *self = (CXenlightShims_logger *)logger;
    char *message = NULL;
    if (asprintf(&message, "%s: %d%% (%lu of %lu)", doing_what ? doing_what : "", percent, done, total) < 0) {
        message = NULL;
    }
    if (!CXenlightShims_in_child(self, (int)XTL_PROGRESS, context, message ? message : "progress")) {
        self->sink(self->sink_context, (int)XTL_PROGRESS, -1, context, message ? message : "progress");
    }
    free(message);
}

static void CXenlightShims_destroy(xentoollog_logger *logger) {
    free(logger);
}

xentoollog_logger *CXenlightShims_logger_create(CXenlightShims_log_sink sink, void *sink_context) {
    CXenlightShims_logger *self = calloc(1, sizeof(*self));
    if (!self) {
        return NULL;
    }
    self->vtable.vmessage = CXenlightShims_vmessage;
    self->vtable.progress = CXenlightShims_progress;
    self->vtable.destroy = CXenlightShims_destroy;
    self->sink = sink;
    self->sink_context = sink_context;
    self->owner = getpid();
    return &self->vtable;
}
