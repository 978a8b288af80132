// C helpers for the Xenlight module: what Swift cannot write itself (a va_list callback, code that runs
// in a forked child).
#ifndef CXENLIGHT_SHIMS_H
#define CXENLIGHT_SHIMS_H

#include <xentoollog.h>

#include "CXenlightShims_children.h"
#include "CXenlightShims_host.h"
#include "CXenlightShims_libraries.h"

/// Receives one formatted xentoollog message. `context` is e.g. "libxl" or "xc" and may be NULL;
/// `errnoval` is -1 when the message carries no errno.
typedef void (*CXenlightShims_log_sink)(void *sink_context, int level, int errnoval, const char *context,
                                        const char *message);

/// A xentoollog logger that formats each message and hands it to `sink`. Free with xtl_logger_destroy.
xentoollog_logger *CXenlightShims_logger_create(CXenlightShims_log_sink sink, void *sink_context);

#endif
