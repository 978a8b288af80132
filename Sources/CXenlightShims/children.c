// libxl's fork replacement; see CXenlightShims_children.h for why.
#include "CXenlightShims_children.h"

#include <libxl.h>
#include <signal.h>
#include <unistd.h>

pid_t CXenlightShims_fork_with_empty_signal_mask(void *user) {
    (void)user;
    pid_t pid = fork();
    if (pid == 0) {
        // Only async-signal-safe calls here: the parent has other threads.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
    }
    return pid;
}

static const libxl_childproc_hooks CXenlightShims_hooks = {
    .chldowner = libxl_sigchld_owner_libxl,
    .fork_replacement = CXenlightShims_fork_with_empty_signal_mask,
};

const void *CXenlightShims_childproc_hooks(void) {
    return &CXenlightShims_hooks;
}
