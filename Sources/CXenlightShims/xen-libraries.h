// What the generated forwarders (xen-functions.c) and the loader (xen-libraries.c) share.
#ifndef CXENLIGHT_SHIMS_XEN_LIBRARIES_H
#define CXENLIGHT_SHIMS_XEN_LIBRARIES_H

#include <stddef.h>

/// A Xen function the bindings call, and which of `CXenlightShims_xen_library_names` holds it.
struct CXenlightShims_xen_function {
    const char *name;
    unsigned char library;
};

extern const char *const CXenlightShims_xen_library_names[];
extern const size_t CXenlightShims_xen_library_count;
extern const struct CXenlightShims_xen_function CXenlightShims_xen_functions[];
extern const size_t CXenlightShims_xen_function_count;
/// Filled once by the loader, in the order of `CXenlightShims_xen_functions`.
extern void *CXenlightShims_xen_addresses[];

/// The address of function `index`, loading the libraries first if nothing has yet. A process that
/// cannot load them stops here with the loader's message: the bindings load them (and report failure as
/// an error) before their first call, so only a program that skipped that gets this far.
void *CXenlightShims_xen_address(size_t index);

#endif
