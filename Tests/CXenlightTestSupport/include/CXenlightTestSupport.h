// Test-only: lets libxl_ctx_alloc succeed on a machine without Xen.
//
// libxl_ctx_alloc opens a libxc handle (xc_interface_open) and a xenstore connection (xs_open)
// and fails when either is missing ("cannot open libxc handle"). This target defines both
// functions (and their close partners) in the test executable. libxenlight.so calls them through
// its PLT, so with the executable's symbols exported (the test target links with
// --export-dynamic) ELF symbol interposition routes libxl's calls here. Each stub first calls the
// real function (dlsym RTLD_NEXT) and only hands out a placeholder handle when that fails, so on
// a real Xen host the tests get real handles.
//
// A placeholder handle must never reach libxc or xenstore: only code that stays inside libxl
// (JSON parsing, type helpers) may run on such a context. Anything that talks to the hypervisor
// belongs in the Xen integration tests.
#ifndef CXENLIGHT_TEST_SUPPORT_H
#define CXENLIGHT_TEST_SUPPORT_H

#include <stdbool.h>

/// True when the last xc_interface_open had to hand out the placeholder (no hypervisor here).
bool CXenlightTestSupport_usingPlaceholderHandles(void);

#endif
