// How libxl starts its child processes (the device model, hotplug scripts, save helpers) from a daemon
// that blocks signals in every thread (Sources/xend/SignalWaiter.swift blocks SIGTERM, SIGINT and SIGHUP
// to take them with sigwait). A blocked mask survives fork and exec, and libxl stops a device model with
// SIGHUP: a QEMU started with SIGHUP blocked never sees it, keeps the guest's memory mapped, and Xen
// cannot finish destroying the domain (it stays in `xl list` as "(null)").
#ifndef CXENLIGHT_SHIMS_CHILDREN_H
#define CXENLIGHT_SHIMS_CHILDREN_H

#include <sys/types.h>

/// fork(), after which the child has no signal blocked, as a freshly started program expects; the
/// parent's mask is untouched. Behaves like fork otherwise (errno on -1). `user` is ignored.
pid_t CXenlightShims_fork_with_empty_signal_mask(void *user);

/// A `const libxl_childproc_hooks *` for libxl_childproc_setmode: libxl keeps its default SIGCHLD
/// ownership (`libxl_sigchld_owner_libxl`) and forks with CXenlightShims_fork_with_empty_signal_mask.
/// Static, so it outlives every context. (Untyped here so this header need not include libxl.h.)
const void *CXenlightShims_childproc_hooks(void);

#endif
