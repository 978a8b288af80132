// C helpers for the two things libxl has no public call for: Xen's remote shutdown with a reason
// (libxenctrl's xc_domain_shutdown, for op=shutdown reason=crash) and reading xenstore (libxenstore),
// which xend's op=devices and op=wait_for_devices are defined by. Each opens and closes its own handle.
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

#endif
