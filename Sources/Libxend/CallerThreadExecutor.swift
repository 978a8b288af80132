import Dispatch
import Synchronization

/// Runs a task's jobs on the thread that waits for the task: a libxend call then starts, runs and ends on
/// the C caller's own thread. With the socket transport the whole call is one job and never suspends;
/// a job enqueued from another thread (after a suspension) is picked up by the waiting thread all the same.
final class CallerThreadExecutor: TaskExecutor {
    private let jobs = Mutex<[UnownedJob]>([])
    private let ready = DispatchSemaphore(value: 0)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        ready.signal()
    }

    /// Runs jobs on the calling thread, one after another, until `isDone` says so.
    func run(until isDone: () -> Bool) {
        let executor = asUnownedTaskExecutor()
        while !isDone() {
            ready.wait()
            let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            job?.runSynchronously(on: executor)
        }
    }
}
