// Loads the Xen libraries on first use; see CXenlightShims_libraries.h.
#include "CXenlightShims_libraries.h"
#include "xen-libraries.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512];

static void load(void) {
    void *handles[8] = {0};
    if (CXenlightShims_xen_library_count > sizeof handles / sizeof handles[0]) {
        snprintf(failure, sizeof failure, "too many Xen libraries for the loader");
        return;
    }
    for (size_t index = 0; index < CXenlightShims_xen_library_count; index++) {
        // RTLD_NOW: a library that lacks something fails here, not in the middle of an operation. RTLD_GLOBAL:
        // their symbols are seen as a linked library's would be (dlsym(RTLD_NEXT) in Tests/CXenlightTestSupport).
        handles[index] = dlopen(CXenlightShims_xen_library_names[index], RTLD_NOW | RTLD_GLOBAL);
        if (handles[index] == NULL) {
            // The names and the bindings come from the Xen headers of the build host (make generate).
            snprintf(failure, sizeof failure,
                     "cannot load the Xen library %s (this xend was built for the Xen whose libraries have that "
                     "name; on another Xen version, run make generate and build again): %s",
                     CXenlightShims_xen_library_names[index], dlerror());
            return;
        }
    }
    for (size_t index = 0; index < CXenlightShims_xen_function_count; index++) {
        const struct CXenlightShims_xen_function *function = &CXenlightShims_xen_functions[index];
        void *address = dlsym(handles[function->library], function->name);
        if (address == NULL) {
            snprintf(failure, sizeof failure, "the Xen library %s has no function %s",
                     CXenlightShims_xen_library_names[function->library], function->name);
            return;
        }
        __atomic_store_n(&CXenlightShims_xen_addresses[index], address, __ATOMIC_RELEASE);
    }
}

int CXenlightShims_load_xen_libraries(char *error, size_t size) {
    pthread_once(&once, load);
    if (failure[0] == '\0') {
        return 0;
    }
    if (error != NULL && size > 0) {
        snprintf(error, size, "%s", failure);
    }
    return -1;
}

void *CXenlightShims_xen_address(size_t index) {
    void *address = __atomic_load_n(&CXenlightShims_xen_addresses[index], __ATOMIC_ACQUIRE);
    if (address != NULL) {
        return address;
    }
    if (CXenlightShims_load_xen_libraries(NULL, 0) != 0) {
        fprintf(stderr, "xend: %s\n", failure);
        abort();
    }
    return CXenlightShims_xen_addresses[index];
}
