import NIOCore

/// Runs a task's jobs on one event loop: the handle's calls then run on the thread that also does their
/// I/O, instead of hopping between the concurrency pool and the loop at every `await`.
final class EventLoopTaskExecutor: TaskExecutor {
    private let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }
}
