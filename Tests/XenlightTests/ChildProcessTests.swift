import CXenlightShims
import Testing

@testable import Xenlight

#if canImport(Glibc)
    import Glibc
#endif

/// libxl's children must not inherit the signals a daemon blocks for `sigwait` (CXenlightShims_children.h):
/// libxl stops a device model with SIGHUP.
@Suite("Child processes")
struct ChildProcessTests {
    /// Forks with `fork` while this thread blocks SIGHUP; the child exits 1 when SIGHUP is still blocked
    /// in it, 0 when not. Returns the child's exit status (nil when it did not exit normally) and whether
    /// this thread still blocks SIGHUP after the fork.
    private func childStatusWithSIGHUPBlocked(
        fork: (UnsafeMutableRawPointer?) -> pid_t
    ) -> (child: Int32?, parentBlocks: Bool) {
        var hangup = sigset_t()
        sigemptyset(&hangup)
        sigaddset(&hangup, SIGHUP)
        var saved = sigset_t()
        pthread_sigmask(SIG_BLOCK, &hangup, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        let pid = fork(nil)
        if pid == 0 {
            // Only plain C calls in the child of this multi-threaded process.
            var mask = sigset_t()
            pthread_sigmask(SIG_SETMASK, nil, &mask)
            _exit(sigismember(&mask, SIGHUP) == 1 ? 1 : 0)
        }
        var mask = sigset_t()
        pthread_sigmask(SIG_SETMASK, nil, &mask)
        let parentBlocks = sigismember(&mask, SIGHUP) == 1
        guard pid > 0 else { return (nil, parentBlocks) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED and WEXITSTATUS, which Swift does not import.
        guard status & 0x7f == 0 else { return (nil, parentBlocks) }
        return ((status >> 8) & 0xff, parentBlocks)
    }

    @Test("a plain fork passes a blocked SIGHUP on to the child (what the shim is for)")
    func plainForkInherits() {
        let result = childStatusWithSIGHUPBlocked { _ in Glibc.fork() }
        #expect(result.child == 1)
        #expect(result.parentBlocks)
    }

    @Test("libxl's fork replacement gives the child an empty signal mask, the parent keeps its own")
    func replacementClearsMask() {
        let result = childStatusWithSIGHUPBlocked { CXenlightShims_fork_with_empty_signal_mask($0) }
        #expect(result.child == 0)
        #expect(result.parentBlocks)
    }

    @Test("a new context installs the child-process hooks")
    func contextSetsMode() throws {
        try withContext(logger: CollectedLogs().logger()) { _ in }
        #expect(CallTrace.recorded.contains("libxl_childproc_setmode"))
    }
}
