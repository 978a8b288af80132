// The Xen libraries (libxenlight, libxenctrl, libxenstore, libxentoollog, and libyajl for libxl's
// JSON) are loaded with dlopen the first time the libxl bindings need them, not at every start of the
// daemon: the simulated host never loads them (docs/xenlight-gen.md, "Loading the Xen libraries").
// Every function of theirs the bindings call is a forwarder of the same name (xen-functions.c,
// written by scripts/xen-functions.py).
#ifndef CXENLIGHT_SHIMS_LIBRARIES_H
#define CXENLIGHT_SHIMS_LIBRARIES_H

#include <stddef.h>

/// Loads the Xen libraries and looks up every function the bindings call, once per process; later calls
/// return the first call's answer. Returns 0, or -1 with a message (the library or function missing, in
/// dlerror's words) copied to `error` (`size` bytes, NUL-terminated).
int CXenlightShims_load_xen_libraries(char *error, size_t size);

#endif
