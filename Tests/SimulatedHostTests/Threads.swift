import Dispatch
import Glibc

/// Runs `body(index)` on `count` real threads at once and waits for all of them, up to `timeout` seconds.
/// - Returns: `false` when some thread had not finished in time (a deadlock, for the tests).
func runOnThreads(_ count: Int, timeout: Double, _ body: @escaping @Sendable (Int) -> Void) -> Bool {
    let finished = DispatchSemaphore(value: 0)
    for index in 0..<count {
        let box = ThreadStart {
            body(index)
            finished.signal()
        }
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { raw in
                let start = Unmanaged<ThreadStart>.fromOpaque(raw!).takeRetainedValue()
                start.run()
                return nil
            }, Unmanaged.passRetained(box).toOpaque())
        precondition(started == 0, "pthread_create failed")
        pthread_detach(thread)
    }
    for _ in 0..<count {
        if finished.wait(timeout: .now() + timeout) == .timedOut { return false }
    }
    return true
}

private final class ThreadStart: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}
