// A xentoollog logger that forwards to Swift. The message arrives as a printf format plus a
// va_list, which Swift cannot consume, so it is formatted here first.
#define _GNU_SOURCE
#include "CXenlightShims.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    xentoollog_logger vtable;
    CXenlightShims_log_sink sink;
    void *sink_context;
} CXenlightShims_logger;

static void CXenlightShims_vmessage(xentoollog_logger *logger, xentoollog_level level, int errnoval,
                                    const char *context, const char *format, va_list al) {
    CXenlightShims_logger *self = (CXenlightShims_logger *)logger;
    char *message = NULL;
    if (vasprintf(&message, format, al) < 0) {
        message = NULL;
    }
    self->sink(self->sink_context, (int)level, errnoval, context, message ? message : format);
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
    self->sink(self->sink_context, (int)XTL_PROGRESS, -1, context, message ? message : "progress");
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
    return &self->vtable;
}
