internal import CThreadIndex

/// A fixed row of values, each starting on its own 128-byte line, one of them picked for the calling thread.
///
/// Two threads that write the same cache line take it from each other's core every time; on the daemon's
/// request path that cost more than the work itself (docs/performance.md, "One slot per thread"). A slot per
/// thread keeps each thread's writes on lines no other thread writes. 128 bytes, not 64: the next line is
/// fetched along with each line on x86, so neighbours 64 bytes apart still disturb each other.
///
/// Its users are structs, not classes, and inlined into their callers: a shared object would have its
/// reference count written by every thread that uses it, and generic code left unspecialised looks up
/// type metadata in a table every thread writes to (docs/performance.md, "One slot per thread").
@usableFromInline
struct PaddedSlots<Element: ~Copyable>: ~Copyable {
    /// How many slots a row has: threads beyond this many share slots with earlier ones.
    @inlinable static var count: Int { 64 }

    @inlinable static var lineSize: Int { 128 }
    @inlinable static var stride: Int {
        (max(MemoryLayout<Element>.stride, 1) + lineSize - 1) / lineSize * lineSize
    }

    @usableFromInline let base: UnsafeMutableRawPointer

    /// A row whose every slot holds `initial()`.
    @inlinable init(_ initial: () -> Element) {
        precondition(MemoryLayout<Element>.alignment <= Self.lineSize)
        base = .allocate(byteCount: Self.stride * Self.count, alignment: Self.lineSize)
        for index in 0..<Self.count {
            (base + index * Self.stride).bindMemory(to: Element.self, capacity: 1).initialize(to: initial())
        }
    }

    @inlinable deinit {
        for index in 0..<Self.count {
            _ = slot(index).move()
        }
        base.deallocate()
    }

    /// The slot at `index` (0 ..< ``count``).
    @inlinable func slot(_ index: Int) -> UnsafeMutablePointer<Element> {
        (base + index * Self.stride).assumingMemoryBound(to: Element.self)
    }

    /// The calling thread's slot: its thread number modulo ``count``.
    @inlinable var current: UnsafeMutablePointer<Element> {
        slot(currentThreadNumber() & (Self.count - 1))
    }
}

/// The calling thread's number (Sources/CThreadIndex): 0 for the first thread that asks, then 1, and so on.
@usableFromInline func currentThreadNumber() -> Int {
    Int(CThreadIndex_current())
}

/// 64 bytes of the calling thread's own, zero at first, for a cache that needs no lock: the daemon log's
/// last formatted second (Sources/XendServer/DaemonLog/LogTimestamp.swift) is its one user.
public func currentThreadTimestampCache() -> UnsafeMutableRawPointer {
    CThreadIndex_timestamp_cache()
}
