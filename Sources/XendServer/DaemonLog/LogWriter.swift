import Dispatch
import Hypervisor
import Synchronization
import ThreadShards

#if canImport(Glibc)
    import Glibc
#endif

/// Writes the daemon's log lines to their descriptors, many lines per `write(2)`, and keeps the newest
/// in memory.
///
/// The engine logs every request, and a `write(2)` per line cost a tenth of a kept-alive request's CPU
/// (docs/performance.md). So lines are queued, and a thread of the writer's own writes whatever has
/// queued, then waits ``gatherInterval`` before it writes again: a busy daemon's lines leave in batches,
/// an idle daemon's line at once (the thread is woken for it). Lines that must not wait (the caller
/// decides: the daemon's notices, warnings and errors) are written by the caller, after everything
/// queued before them, so the lines around a start, a stop or a failure are out before it returns.
/// A crash loses at most the lines of the last ``gatherInterval``.
///
/// Each thread queues into its own slot (``ThreadShards``): with one queue for all, the worker threads
/// took its lock and its memory from each other on every request (docs/performance.md, "One slot per
/// thread"). Each queued group of lines carries the monotonic time it was queued, and the writer puts
/// the groups of all threads back in that order, so a client's requests answered one after another by
/// different threads are logged in the order they were served.
///
/// Each `write(2)` carries whole lines and at most `PIPE_BUF` bytes unless one line is longer, so it is
/// atomic on a pipe, and other writers to the same descriptor (libxl's own messages) never split a line.
final class LogWriter: Sendable {
    /// How long the thread waits after a write before the next, for more lines to gather: 1 ms.
    static let gatherInterval: useconds_t = 1000

    /// One thread's queued bytes, one buffer per destination (``memoryIndex`` last), and for each group
    /// of lines queued at once its time and where it ends in each buffer.
    private struct Queued: Sendable {
        var bytes: [[UInt8]]
        var times: [UInt64] = []
        var ends: [[Int]]
        var pending = false

        init(destinations: Int) {
            bytes = Array(repeating: [], count: destinations)
            ends = Array(repeating: [], count: destinations)
        }

        /// Removes every line, keeping the buffers' room unless a burst made them large.
        mutating func empty() {
            for index in bytes.indices {
                bytes[index].removeAll(keepingCapacity: bytes[index].capacity <= 64 * 1024)
                ends[index].removeAll(keepingCapacity: true)
            }
            times.removeAll(keepingCapacity: true)
            pending = false
        }
    }

    private let descriptors: [Int32]
    private let queued: ThreadShards<Queued>
    /// The newest lines, filled from the last buffer (``memoryIndex``) as batches are written.
    private let recent: Mutex<LogLineRing>
    /// The batch being written. Whoever writes holds it, so batches leave in the order they were taken.
    private let writing: Mutex<[[UInt8]]>
    /// Emptied slot contents that keep their buffers' room, swapped into the slots as they are taken (only
    /// while `writing` is held), so that a thread's queue does not grow from nothing every millisecond.
    private let spares = Mutex<[Queued]>([])
    private let wake = DispatchSemaphore(value: 0)
    /// A bit per slot of `queued` that may hold lines, set by the thread that made the slot non-empty:
    /// the writer's thread locks only those slots, not all 64 every millisecond.
    private let pendingSlots = Atomic<UInt64>(0)
    /// The thread is waiting for `wake`; whoever queues next signals it.
    private let writerWaiting = Atomic<Bool>(false)
    private let threadStarted = Atomic<Bool>(false)
    /// No thread could be started: every line is written by its caller.
    private let threadless = Atomic<Bool>(false)
    /// ``stop()`` ran: nothing more is written.
    private let stopped = Atomic<Bool>(false)

    /// Whether this process is a child forked from the daemon (libxl forks to run its helpers). There the
    /// writer's thread does not exist, and a lock another thread held at the fork stays held for good: a
    /// line logged in the child (libxl reporting a failed `exec`) is written by its caller, with no lock.
    static var inForkedChild: Bool { forkedChild.load(ordering: .relaxed) }
    private static let forkedChild = Atomic<Bool>(false)
    private static let watchForks: Void = {
        pthread_atfork(nil, nil) { LogWriter.forkedChild.store(true, ordering: .relaxed) }
    }()

    /// A writer to `descriptors`, whose lines ``queue(_:)`` and ``write(_:)`` fill in this order, then the
    /// lines to keep in memory (the newest `recentCapacity` bytes, ``recentText()``) at ``memoryIndex``.
    init(descriptors: [Int32], recentCapacity: Int = 1) {
        _ = Self.watchForks
        self.descriptors = descriptors
        memoryIndex = descriptors.count
        let empty = [[UInt8]](repeating: [], count: descriptors.count + 1)
        queued = ThreadShards { Queued(destinations: descriptors.count + 1) }
        recent = Mutex(LogLineRing(capacity: recentCapacity))
        writing = Mutex(empty)
    }

    /// Where the lines to keep in memory go in the buffers ``queue(_:)`` and ``write(_:)`` fill.
    let memoryIndex: Int

    /// Queues lines: `fill` appends each destination's bytes (whole lines) to its buffer.
    func queue(_ fill: (inout [[UInt8]]) -> Void) {
        if Self.inForkedChild { return writeWithoutLocks(fill) }
        if stopped.load(ordering: .relaxed) { return }
        if threadless.load(ordering: .relaxed) { return write(fill) }
        let slot = ThreadShards<Queued>.currentSlot
        let time = Self.monotonicNanoseconds()
        let madePending = queued.withSlot(slot) { queued -> Bool in
            fill(&queued.bytes)
            queued.times.append(time)
            for index in queued.bytes.indices { queued.ends[index].append(queued.bytes[index].count) }
            defer { queued.pending = true }
            return !queued.pending
        }
        if !threadStarted.load(ordering: .relaxed) { startThreadOnce() }
        // Lines added to a slot already pending are taken with the lines before them. Otherwise: the thread
        // sets its flag before it takes the bits, and this thread sets its bit before it reads the flag
        // (both sequentially consistent), so either the thread sees the bit or this sees the flag.
        guard madePending else { return }
        pendingSlots.bitwiseOr(1 << UInt64(slot), ordering: .sequentiallyConsistent)
        if writerWaiting.load(ordering: .sequentiallyConsistent),
            writerWaiting.exchange(false, ordering: .sequentiallyConsistent)
        {
            wake.signal()
        }
    }

    /// Writes everything queued, then the lines `fill` appends, before it returns.
    func write(_ fill: (inout [[UInt8]]) -> Void = { _ in }) {
        if Self.inForkedChild { return writeWithoutLocks(fill) }
        writing.withLock { batch in
            if stopped.load(ordering: .relaxed) { return }
            _ = takeQueued(into: &batch)
            fill(&batch)
            send(&batch)
        }
    }

    /// Writes what is queued and ends the thread; later lines are dropped. The descriptors may be closed
    /// once this returns.
    func stop() {
        writing.withLock { batch in
            if stopped.exchange(true, ordering: .acquiringAndReleasing) { return }
            _ = takeQueued(into: &batch)
            send(&batch)
        }
        wake.signal()
    }

    /// The lines kept in memory, oldest first, after everything queued so far.
    func recentText() -> String {
        write()
        return recent.withLock { $0.text }
    }

    /// Moves every thread's queued bytes to the end of `batch`'s buffers, in the order they were queued;
    /// whether there were any.
    private func takeQueued(into batch: inout [[UInt8]]) -> Bool {
        spares.withLock { spares in
            var taken: [Queued] = []
            queued.forEach { Self.take(&$0, into: &taken, spares: &spares) }
            return Self.merge(&taken, into: &batch, spares: &spares)
        }
    }

    /// ``takeQueued(into:)`` for the slots whose bits are set (the writer's thread, every millisecond).
    private func takePendingSlots(into batch: inout [[UInt8]]) -> Bool {
        var bits = pendingSlots.exchange(0, ordering: .sequentiallyConsistent)
        return spares.withLock { spares in
            var taken: [Queued] = []
            while bits != 0 {
                let slot = bits.trailingZeroBitCount
                bits &= bits - 1
                queued.withSlot(slot) { Self.take(&$0, into: &taken, spares: &spares) }
            }
            return Self.merge(&taken, into: &batch, spares: &spares)
        }
    }

    /// Moves a slot's lines, if it has any, to `taken`, leaving it empty.
    private static func take(_ queued: inout Queued, into taken: inout [Queued], spares: inout [Queued]) {
        guard queued.pending else { return }
        var empty = spares.popLast() ?? Queued(destinations: queued.bytes.count)
        swap(&empty, &queued)
        taken.append(empty)
    }

    /// Appends the groups of lines of `taken` to `batch`, oldest first (one thread's groups keep their
    /// order: its times do not go back, and equal times are ordered by group); whether there were any.
    private static func merge(_ taken: inout [Queued], into batch: inout [[UInt8]], spares: inout [Queued]) -> Bool {
        guard !taken.isEmpty else { return false }
        defer {
            while spares.count < 8, var queued = taken.popLast() {
                queued.empty()
                spares.append(queued)
            }
        }
        if taken.count == 1 {
            for index in batch.indices { batch[index].append(contentsOf: taken[0].bytes[index]) }
            return true
        }
        var order: [(time: UInt64, slot: Int, group: Int)] = []
        for (slot, queued) in taken.enumerated() {
            for (group, time) in queued.times.enumerated() { order.append((time, slot, group)) }
        }
        order.sort { ($0.time, $0.slot, $0.group) < ($1.time, $1.slot, $1.group) }
        for (_, slot, group) in order {
            let queued = taken[slot]
            for index in batch.indices {
                let start = group == 0 ? 0 : queued.ends[index][group - 1]
                batch[index].append(contentsOf: queued.bytes[index][start..<queued.ends[index][group]])
            }
        }
        return true
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    /// In a forked child: the lines `fill` appends, written at once; what the parent had queued is not.
    private func writeWithoutLocks(_ fill: (inout [[UInt8]]) -> Void) {
        var batch = [[UInt8]](repeating: [], count: descriptors.count + 1)
        fill(&batch)
        send(&batch)
    }

    private func startThreadOnce() {
        guard threadStarted.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else {
            return
        }
        do {
            try DetachedThread.start(name: "log writer") { [self] in run() }
        } catch {
            // Without a thread, callers write: everything queued so far, and every later line.
            threadless.store(true, ordering: .releasing)
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
                if stopped.load(ordering: .relaxed) { return .stopped }
                if !takePendingSlots(into: &batch) {
                    // Say the thread is about to wait, then look once more: a line queued before the flag
                    // was set is found now, one queued after it signals (see `queue`).
                    writerWaiting.store(true, ordering: .sequentiallyConsistent)
                    guard takePendingSlots(into: &batch) else { return .idle }
                    writerWaiting.store(false, ordering: .relaxed)
                }
                send(&batch)
                return .wrote
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
            guard index < descriptors.count else {
                // The lines to keep in memory; a forked child keeps none (the ring's lock may be held).
                if !Self.inForkedChild {
                    batch[index].withUnsafeBufferPointer { bytes in recent.withLock { $0.append(bytes) } }
                }
                batch[index].removeAll(keepingCapacity: batch[index].capacity <= 64 * 1024)
                continue
            }
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
