import Dispatch
import Glibc
import Synchronization
import Testing

@testable import ThreadShards

@Suite("ThreadShards")
struct ThreadShardsTests {
    /// Runs `body` on `count` threads at once, each with its index, and returns when all are done.
    private static func onThreads(_ count: Int, _ body: @Sendable @escaping (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }

    @Test("a counter changed by many threads at once sums to what they added and subtracted")
    func counterSums() {
        let counter = ShardedCounter()
        let reference = counter.unownedReference
        Self.onThreads(8) { index in
            for step in 0..<10_000 {
                if step % 3 == 0 { reference.add(-1) } else { counter.add(2) }
                _ = index
            }
        }
        // Per thread: 6,666 additions of 2 and 3,334 subtractions of 1.
        #expect(counter.value == 8 * (6_666 * 2 - 3_334))
    }

    @Test("every thread's changes land in one copy, and forEach sees them all")
    func shardsSeeEveryThread() {
        let shards = ThreadShards<[Int]> { [] }
        Self.onThreads(16) { index in
            for value in 0..<100 { shards.withCurrent { $0.append(index * 1_000 + value) } }
        }
        var all: [Int] = []
        var copiesUsed = 0
        shards.forEach { values in
            if !values.isEmpty { copiesUsed += 1 }
            all.append(contentsOf: values)
        }
        #expect(all.sorted() == (0..<16).flatMap { index in (0..<100).map { index * 1_000 + $0 } })
        #expect(copiesUsed >= 1 && copiesUsed <= ThreadShards<[Int]>.slotCount)
    }

    @Test("one thread's changes keep their order in its copy")
    func orderWithinThread() {
        let shards = ThreadShards<[Int]> { [] }
        for value in 0..<500 { shards.withCurrent { $0.append(value) } }
        var seen: [Int] = []
        shards.forEach { seen.append(contentsOf: $0) }
        #expect(seen == Array(0..<500))
    }

    @Test("threads get different numbers, and slots lie 128 bytes or more apart")
    func distinctSlots() {
        let numbers = Mutex<[Int]>([])
        let threads = (0..<8).map { _ in
            Thread { numbers.withLock { $0.append(currentThreadNumber()) } }
        }
        for thread in threads { thread.start() }
        for thread in threads { thread.join() }
        let seen = numbers.withLock { $0 }
        #expect(Set(seen).count == seen.count, "two threads got the same number: \(seen)")
        #expect(currentThreadNumber() == currentThreadNumber())

        let slots = PaddedSlots<Atomic<Int>> { Atomic(0) }
        let first = UInt(bitPattern: slots.slot(0))
        let second = UInt(bitPattern: slots.slot(1))
        #expect(first % 128 == 0)
        #expect(second - first >= 128)
    }
}

/// A joinable thread (Foundation's `Thread` is not used by this module's tests).
private final class Thread: @unchecked Sendable {
    private let body: @Sendable () -> Void
    private var handle = pthread_t()

    init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
    }

    func start() {
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(
            &handle, nil,
            { context in
                let thread = Unmanaged<Thread>.fromOpaque(context!).takeRetainedValue()
                thread.body()
                return nil
            }, context)
    }

    func join() {
        pthread_join(handle, nil)
    }
}
