// See CXenlightTestSupport.h for why these definitions exist and when they take effect.
#define _GNU_SOURCE
#include "CXenlightTestSupport.h"

#include <dlfcn.h>
#include <stdatomic.h>
#include <stddef.h>

struct xc_interface_core;
struct xs_handle;

static char placeholder_xc;
static char placeholder_xs;
static atomic_bool using_placeholders;

bool CXenlightTestSupport_usingPlaceholderHandles(void) {
    return atomic_load(&using_placeholders);
}

struct xc_interface_core *xc_interface_open(void *logger, void *dombuild_logger, unsigned open_flags) {
    struct xc_interface_core *(*real)(void *, void *, unsigned) = dlsym(RTLD_NEXT, "xc_interface_open");
    struct xc_interface_core *handle = real ? real(logger, dombuild_logger, open_flags) : NULL;
    if (handle) {
        atomic_store(&using_placeholders, false);
        return handle;
    }
    atomic_store(&using_placeholders, true);
    return (struct xc_interface_core *)&placeholder_xc;
}

int xc_interface_close(struct xc_interface_core *handle) {
    if (handle == (struct xc_interface_core *)&placeholder_xc) {
        return 0;
    }
    int (*real)(struct xc_interface_core *) = dlsym(RTLD_NEXT, "xc_interface_close");
    return real ? real(handle) : 0;
}

struct xs_handle *xs_open(unsigned long flags) {
    struct xs_handle *(*real)(unsigned long) = dlsym(RTLD_NEXT, "xs_open");
    struct xs_handle *handle = real ? real(flags) : NULL;
    return handle ? handle : (struct xs_handle *)&placeholder_xs;
}

void xs_close(struct xs_handle *handle) {
    if (handle == (struct xs_handle *)&placeholder_xs) {
        return;
    }
    void (*real)(struct xs_handle *) = dlsym(RTLD_NEXT, "xs_close");
    if (real) {
        real(handle);
    }
}
