import Dispatch
import Hypervisor
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Writes the daemon's log lines to their descriptors, many lines per `write(2)`.
///
/// The engine logs every request, and a `write(2)` per line cost a tenth of a kept-alive request's CPU
/// (docs/performance.md). So lines are queued, and a thread of the writer's own writes whatever has
/// queued, then waits ``gatherInterval`` before it writes again: a busy daemon's lines leave in batches,
/// an idle daemon's line at once (the thread is woken for it). Lines that must not wait (the caller
/// decides: the daemon's notices, warnings and errors) are written by the caller, after everything
/// queued before them, so the lines around a start, a stop or a failure are out before it returns.
/// A crash loses at most the lines of the last ``gatherInterval``.
///
/// Each `write(2)` carries whole lines and at most `PIPE_BUF` bytes unless one line is longer, so it is
/// atomic on a pipe, and other writers to the same descriptor (libxl's own messages) never split a line.
final class LogWriter: Sendable {
    /// How long the thread waits after a write before the next, for more lines to gather: 1 ms.
    static let gatherInterval: useconds_t = 1000

    private struct Queue {
        /// The bytes waiting for each descriptor, in the order of `descriptors`.
        var bytes: [[UInt8]]
        /// Something was queued since the thread last took `bytes`.
        var pending = false
        /// The thread is waiting for `wake`; the next queued line must signal it.
        var writerWaiting = false
        var threadStarted = false
        /// No thread could be started: every line is written by its caller.
        var threadless = false
        /// ``stop()`` ran: nothing more is written.
        var stopped = false
    }

    private let descriptors: [Int32]
    private let queue: Mutex<Queue>
    /// The batch being written. Whoever writes holds it, so batches leave in the order they were taken.
    private let writing: Mutex<[[UInt8]]>
    private let wake = DispatchSemaphore(value: 0)

    /// Whether this process is a child forked from the daemon (libxl forks to run its helpers). There the
    /// writer's thread does not exist, and a lock another thread held at the fork stays held for good: a
    /// line logged in the child (libxl reporting a failed `exec`) is written by its caller, with no lock.
    static var inForkedChild: Bool { forkedChild.load(ordering: .relaxed) }
    private static let forkedChild = Atomic<Bool>(false)
    private static let watchForks: Void = {
        pthread_atfork(nil, nil) { LogWriter.forkedChild.store(true, ordering: .relaxed) }
    }()

    /// A writer to `descriptors`, whose lines ``queue(_:)`` and ``write(_:)`` fill in this order.
    init(descriptors: [Int32]) {
        _ = Self.watchForks
        self.descriptors = descriptors
        let empty = [[UInt8]](repeating: [], count: descriptors.count)
        queue = Mutex(Queue(bytes: empty))
        writing = Mutex(empty)
    }

    /// Queues lines: `fill` appends each descriptor's bytes (whole lines) to its buffer.
    func queue(_ fill: (inout [[UInt8]]) -> Void) {
        if Self.inForkedChild { return writeWithoutLocks(fill) }
        let (signal, start) = queue.withLock { queue -> (Bool, Bool) in
            if queue.stopped { return (false, false) }
            fill(&queue.bytes)
            queue.pending = true
            if queue.threadless { return (false, false) }
            let start = !queue.threadStarted
            queue.threadStarted = true
            let signal = queue.writerWaiting
            queue.writerWaiting = false
            return (signal, start)
        }
        if start { startThread() }
        if signal { wake.signal() }
    }

    /// Writes everything queued, then the lines `fill` appends, before it returns.
    func write(_ fill: (inout [[UInt8]]) -> Void = { _ in }) {
        if Self.inForkedChild { return writeWithoutLocks(fill) }
        writing.withLock { batch in
            let stopped = queue.withLock { queue in
                if !queue.stopped {
                    fill(&queue.bytes)
                    swap(&queue.bytes, &batch)
                    queue.pending = false
                }
                return queue.stopped
            }
            if !stopped { send(&batch) }
        }
    }

    /// Writes what is queued and ends the thread; later lines are dropped. The descriptors may be closed
    /// once this returns.
    func stop() {
        writing.withLock { batch in
            let signal = queue.withLock { queue -> Bool in
                swap(&queue.bytes, &batch)
                queue.pending = false
                queue.stopped = true
                return queue.writerWaiting
            }
            send(&batch)
            if signal { wake.signal() }
        }
    }

    /// In a forked child: the lines `fill` appends, written at once; what the parent had queued is not.
    private func writeWithoutLocks(_ fill: (inout [[UInt8]]) -> Void) {
        var batch = [[UInt8]](repeating: [], count: descriptors.count)
        fill(&batch)
        send(&batch)
    }

    private func startThread() {
        do {
            try DetachedThread.start(name: "log writer") { [self] in run() }
        } catch {
            // Without a thread, callers write: everything queued so far, and every later line.
            queue.withLock { $0.threadless = true }
            write()
        }
    }

    private enum Turn {
        case wrote, idle, stopped
    }

    private func run() {
        while true {
            // Write what has queued; with nothing queued, wait to be woken.
            let turn = writing.withLock { batch -> Turn in
                let taken = queue.withLock { queue -> Turn in
                    if queue.stopped { return .stopped }
                    guard queue.pending else {
                        queue.writerWaiting = true
                        return .idle
                    }
                    swap(&queue.bytes, &batch)
                    queue.pending = false
                    return .wrote
                }
                if taken == .wrote { send(&batch) }
                return taken
            }
            switch turn {
            case .wrote: usleep(Self.gatherInterval)
            case .idle: wake.wait()
            case .stopped: return
            }
        }
    }

    /// Writes and empties each descriptor's bytes in writes of whole lines of at most `PIPE_BUF` bytes
    /// (or one longer line). A write that fails loses its bytes: the log is where it would be reported.
    private func send(_ batch: inout [[UInt8]]) {
        for index in batch.indices where !batch[index].isEmpty {
            let descriptor = descriptors[index]
            batch[index].withUnsafeBufferPointer { bytes in
                var start = 0
                while start < bytes.count {
                    let end = Self.chunkEnd(bytes, from: start)
                    Self.writeAll(UnsafeBufferPointer(rebasing: bytes[start..<end]), to: descriptor)
                    start = end
                }
            }
            // Keep a batch's room for the next, unless a burst made it large.
            batch[index].removeAll(keepingCapacity: batch[index].capacity <= 64 * 1024)
        }
    }

    /// The end of the next write from `start`: after the last newline within `PIPE_BUF` bytes, or after
    /// the first newline (a line longer than `PIPE_BUF`), or the end of the bytes.
    static func chunkEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let limit = min(bytes.count, start + Int(PIPE_BUF))
        if limit == bytes.count { return limit }
        var end = limit
        while end > start && bytes[end - 1] != UInt8(ascii: "\n") { end -= 1 }
        if end > start { return end }
        end = limit
        while end < bytes.count && bytes[end - 1] != UInt8(ascii: "\n") { end += 1 }
        return end
    }

    private static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) {
        guard var next = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let written = Glibc.write(descriptor, next, left)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            next += written
            left -= written
        }
    }
}
