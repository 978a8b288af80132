// C helpers for what libxl has no public call for: Xen's remote shutdown with a reason
// (libxenctrl's xc_domain_shutdown, for op=shutdown reason=crash) and reading xenstore (libxenstore),
// which xend's op=devices and op=wait_for_devices are defined by, and watching it. Each read opens and
// closes its own handle; a watch keeps one.
#ifndef CXENLIGHT_SHIMS_HOST_H
#define CXENLIGHT_SHIMS_HOST_H

#include <stdint.h>

/// Shuts `domid` down from outside with Xen's SHUTDOWN_* `reason` (SCHEDOP_remote_shutdown).
/// Returns 0, or a negative errno.
int CXenlightShims_remote_shutdown(uint32_t domid, int reason);

/// The value at xenstore `path` (malloc'd, NUL-terminated; free it), or NULL with errno set
/// (ENOENT: no such node).
char *CXenlightShims_xenstore_read(const char *path);

/// The children of xenstore `path`: one malloc'd block holding `*count` strings (free the block once),
/// or NULL with errno set.
char **CXenlightShims_xenstore_directory(const char *path, unsigned int *count);

struct xs_handle;

/// A connection to xenstored with a watch on `path` and everything below it, or NULL with errno set.
/// Events come from CXenlightShims_xenstore_watch_next; the first one names `path` itself.
struct xs_handle *CXenlightShims_xenstore_watch_open(const char *path);

/// Blocks until the watch fires; returns the path that changed (malloc'd; free it), or NULL with errno
/// set when the connection failed.
char *CXenlightShims_xenstore_watch_next(struct xs_handle *handle);

/// Closes a connection from CXenlightShims_xenstore_watch_open.
void CXenlightShims_xenstore_watch_close(struct xs_handle *handle);

#endif
