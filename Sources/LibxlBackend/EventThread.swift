#if canImport(Glibc)
    import Glibc
#endif

/// The clock of the event thread's decisions.
enum EventThread {
    /// Seconds on the monotonic clock (the restart loop guard must not jump with the wall clock).
    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
