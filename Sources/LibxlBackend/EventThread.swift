#if canImport(Glibc)
    import Glibc
#endif
import XendModel

/// Starts a detached POSIX thread of its own for a loop that blocks in C (libxl's event wait), so it
/// never holds one of Swift's cooperative threads. It inherits the caller's signal mask.
enum EventThread {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Runs `body` on a new thread; `name` says which in errors.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) throws(XendError) {
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            }, box)
        guard rc == 0 else {
            Unmanaged<Body>.fromOpaque(box).release()
            throw XendError(.operationFailed, "cannot start the \(name) thread: \(String(cString: strerror(rc)))")
        }
        pthread_detach(thread)
    }

    /// Seconds on the monotonic clock (the restart loop guard must not jump with the wall clock).
    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
