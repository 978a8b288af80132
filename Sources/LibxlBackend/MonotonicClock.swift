#if canImport(Glibc)
    import Glibc
#endif

/// Seconds on the monotonic clock, for what must not jump with the wall clock: the restart loop guard
/// (a domain's uptime) and device-wait deadlines.
enum MonotonicClock {
    /// The current reading, in seconds since an arbitrary start.
    static func seconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
