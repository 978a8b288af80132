// Remote shutdown (libxenctrl), xenstore reads and a xenstore watch (libxenstore); see CXenlightShims_host.h.
#define __XEN_TOOLS__ 1
#include "CXenlightShims_host.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xenctrl.h>
#include <xenstore.h>

int CXenlightShims_remote_shutdown(uint32_t domid, int reason) {
    xc_interface *xch = xc_interface_open(NULL, NULL, 0);
    if (xch == NULL) {
        return errno ? -errno : -EIO;
    }
    int rc = xc_domain_shutdown(xch, domid, reason);
    int saved = errno;
    xc_interface_close(xch);
    if (rc != 0) {
        return saved ? -saved : -EIO;
    }
    return 0;
}

// xs_open, only when one of its endpoints exists (xenstored's socket, /dev/xen/xenbus). Outside dom0 there
// is nothing to reach, and a multi-threaded test process that let xs_open fail there once aborted on a
// corrupted-mutex assertion whose cause was not pinned down; libxenstore is simply not called there.
static struct xs_handle *open_xenstore(void) {
    const char *socket_path = getenv("XENSTORED_PATH");
    struct stat info;
    if (stat(socket_path != NULL ? socket_path : "/var/run/xenstored/socket", &info) != 0 &&
        stat("/dev/xen/xenbus", &info) != 0) {
        errno = ENOENT;
        return NULL;
    }
    return xs_open(0);
}

char *CXenlightShims_xenstore_read(const char *path) {
    struct xs_handle *handle = open_xenstore();
    if (handle == NULL) {
        return NULL;
    }
    unsigned int length = 0;
    char *raw = xs_read(handle, XBT_NULL, path, &length);
    int saved = errno;
    xs_close(handle);
    if (raw == NULL) {
        errno = saved;
        return NULL;
    }
    // xs_read NUL-terminates, but a value may itself hold NULs: copy exactly `length` bytes.
    char *value = malloc((size_t)length + 1);
    if (value != NULL) {
        memcpy(value, raw, length);
        value[length] = '\0';
    }
    free(raw);
    return value;
}

char **CXenlightShims_xenstore_directory(const char *path, unsigned int *count) {
    struct xs_handle *handle = open_xenstore();
    if (handle == NULL) {
        return NULL;
    }
    char **entries = xs_directory(handle, XBT_NULL, path, count);
    int saved = errno;
    xs_close(handle);
    errno = saved;
    return entries;
}

struct xs_handle *CXenlightShims_xenstore_watch_open(const char *path) {
    struct xs_handle *handle = open_xenstore();
    if (handle == NULL) {
        return NULL;
    }
    // One watch per connection, so the token only has to be non-empty.
    if (!xs_watch(handle, path, "xend")) {
        int saved = errno;
        xs_close(handle);
        errno = saved;
        return NULL;
    }
    return handle;
}

char *CXenlightShims_xenstore_watch_next(struct xs_handle *handle) {
    unsigned int count = 0;
    char **event = xs_read_watch(handle, &count);
    if (event == NULL) {
        return NULL;
    }
    // One block holds the vector and its strings.
    char *path = count > XS_WATCH_PATH ? strdup(event[XS_WATCH_PATH]) : strdup("");
    free(event);
    return path;
}

void CXenlightShims_xenstore_watch_close(struct xs_handle *handle) {
    xs_close(handle);
}
