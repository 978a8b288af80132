#if canImport(Glibc)
    import Glibc
#endif

/// The system's monotonic clock in nanoseconds, for timing requests: two readings subtract to a
/// duration in plain integers, where a `ContinuousClock` duration is a 128-bit value that costs a
/// division to take apart, twice per request (callgrind, docs/performance.md).
package enum MonotonicClock {
    /// The current reading, in nanoseconds.
    package static func nanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
