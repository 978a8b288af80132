import Synchronization

/// A value kept once per thread slot (``PaddedSlots``), each copy under its own lock: threads that work
/// at once change their own copies and do not wait for, or write the memory of, one another. Whoever needs
/// the whole picture visits every copy with ``forEach(_:)``, which locks each in turn.
///
/// For state many threads change on every request and few read (the log's queued lines, the last
/// response built). A thread's slot is picked by its thread number; threads beyond ``slotCount`` share
/// slots, which the locks keep correct. A struct that cannot be copied, kept inside its owner, so that
/// using it writes no reference count that other threads write too.
public struct ThreadShards<Value: Sendable>: ~Copyable, @unchecked Sendable {  // each copy is reached under its lock
    @usableFromInline let slots: PaddedSlots<Mutex<Value>>

    /// How many copies there are.
    @inlinable public static var slotCount: Int { PaddedSlots<Mutex<Value>>.count }

    /// Shards each starting as `initial()`.
    @inlinable public init(_ initial: () -> Value) {
        slots = PaddedSlots { Mutex(initial()) }
    }

    /// The calling thread's slot, for ``withSlot(_:_:)``: 0 ..< ``slotCount``.
    @inlinable public static var currentSlot: Int { currentThreadNumber() & (slotCount - 1) }

    /// Runs `body` on the copy in `slot` (0 ..< ``slotCount``), under its lock.
    @inlinable public func withSlot<Result: Sendable, Failure: Error>(
        _ slot: Int, _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try Self.locked(slots.slot(slot), body)
    }

    /// Runs `body` on the calling thread's copy, under its lock.
    @inlinable public func withCurrent<Result: Sendable, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try Self.locked(slots.current, body)
    }

    /// Runs `body` on every copy in slot order, each under its lock (one lock held at a time).
    @inlinable public func forEach<Failure: Error>(_ body: (inout Value) throws(Failure) -> Void) throws(Failure) {
        for index in 0..<Self.slotCount {
            try Self.locked(slots.slot(index), body)
        }
    }

    @inlinable static func locked<Result: Sendable, Failure: Error>(
        _ slot: UnsafeMutablePointer<Mutex<Value>>, _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try slot.pointee.withLock { (value: inout sending Value) throws(Failure) -> sending Result in try body(&value) }
    }
}

/// A count many threads change at once, kept as one atomic per thread slot (``PaddedSlots``): adding
/// touches only the calling thread's slot, and reading sums them all. Like ``ThreadShards``, a struct
/// kept inside its owner.
///
/// For counts that change on every request and are read rarely (requests in flight). A thread that adds
/// and a thread that subtracts may use different slots, so one slot can go below zero; the sum is right.
public struct ShardedCounter: ~Copyable, @unchecked Sendable {  // each slot is an atomic
    @usableFromInline let slots: PaddedSlots<Atomic<Int>>

    @inlinable public init() {
        slots = PaddedSlots { Atomic(0) }
    }

    /// Adds `amount` to the calling thread's slot.
    @inlinable public func add(_ amount: Int) {
        slots.current.pointee.add(amount, ordering: .releasing)
    }

    /// A reference to this counter that costs no reference counting to keep or use. Valid only while the
    /// counter exists: the holder must be sure it does not outlive the counter's owner.
    @inlinable public var unownedReference: UnownedReference { UnownedReference(base: slots.base) }

    /// ``ShardedCounter/add(_:)`` through a plain pointer (``unownedReference``).
    @frozen public struct UnownedReference: @unchecked Sendable {  // each slot is an atomic
        @usableFromInline let base: UnsafeMutableRawPointer

        @inlinable init(base: UnsafeMutableRawPointer) {
            self.base = base
        }

        /// Adds `amount` to the calling thread's slot.
        @inlinable public func add(_ amount: Int) {
            let slot = currentThreadNumber() & (PaddedSlots<Atomic<Int>>.count - 1)
            (base + slot * PaddedSlots<Atomic<Int>>.stride).assumingMemoryBound(to: Atomic<Int>.self).pointee.add(
                amount, ordering: .releasing)
        }
    }

    /// The sum over every slot: exact when no thread is changing the count, otherwise a value it had
    /// or will have between the first and last slot read.
    @inlinable public var value: Int {
        var sum = 0
        for index in 0..<PaddedSlots<Atomic<Int>>.count {
            sum &+= slots.slot(index).pointee.load(ordering: .acquiring)
        }
        return sum
    }
}
