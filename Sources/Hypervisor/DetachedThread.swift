import XendModel

#if canImport(Glibc)
    import Glibc
#endif

/// Starts a detached POSIX thread of its own for a loop that blocks in C (libxl's event wait, a
/// listening socket's `accept`), so it never holds one of Swift's cooperative threads. It inherits the
/// caller's signal mask.
package enum DetachedThread {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Runs `body` on a new thread; `name` says which in errors.
    package static func start(name: String, _ body: @escaping @Sendable () -> Void) throws(XendError) {
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
}
