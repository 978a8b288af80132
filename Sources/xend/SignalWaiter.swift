#if canImport(Glibc)
    import Glibc
#endif

/// Delivers SIGTERM, SIGINT and SIGHUP synchronously with `sigwait`, so no handler runs on an
/// arbitrary thread in the middle of a request.
enum SignalWaiter {
    private static var signals: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&set, signal) }
        return set
    }

    /// Blocks the signals in the calling thread and every thread it starts afterwards, and ignores SIGPIPE:
    /// a peer that closes a relocation connection mid-migration (or a libxl stream) must fail that write
    /// with EPIPE, not end the daemon.
    static func blockTerminationSignals() {
        var set = signals
        pthread_sigmask(SIG_BLOCK, &set, nil)
        signal(SIGPIPE, SIG_IGN)
    }

    /// Waits for one of the signals and returns it.
    static func wait() -> Int32 {
        var set = signals
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
        return received
    }
}
