import FoundationEssentials
import Synchronization

/// What a listing learnt of each live domain and need not read again: the decoded xend configs (a
/// hypercall, a lock file, a file read and a JSON decode per domain) and the names (a xenstore read per
/// domain); figures in docs/performance.md, "Listing on the libxl backend".
///
/// An entry is keyed by domain id and holds the Xen handle (uuid) the domain had when it was read: a
/// lookup with another handle is a miss, so a reused domain id never gets its predecessor's value. Whoever
/// learns that a value changed calls ``forget(_:)`` (the daemon around each write of a stored config, the
/// xenstore watch for a name); entries of domains no longer listed are dropped by ``keepOnly(_:)``.
final class LiveDomainCache<Value: Sendable>: Sendable {
    private struct Entry {
        let handle: UUID
        let value: Value
    }

    private struct Table {
        var entries: [UInt32: Entry] = [:]
        /// Bumped by every ``forget(_:)``: a load that saw another generation may have read a value that
        /// is being replaced, and is not kept.
        var generation = 0
    }

    private let table = Mutex(Table())

    /// The value of domain `id` with Xen handle `handle`: the cached one, or `load()`'s, then kept.
    func value(of id: UInt32, handle: UUID, load: () -> Value) -> Value {
        let (cached, generation) = table.withLock { ($0.entries[id], $0.generation) }
        if let cached, cached.handle == handle { return cached.value }
        let value = load()
        table.withLock { table in
            if table.generation == generation { table.entries[id] = Entry(handle: handle, value: value) }
        }
        return value
    }

    /// Drops what is known of domain `id`: its value is being changed.
    func forget(_ id: UInt32) {
        table.withLock { table in
            table.entries[id] = nil
            table.generation += 1
        }
    }

    /// Drops everything (changes that cannot be told apart by domain, or no longer followed).
    func forgetAll() {
        table.withLock { table in
            table.entries = [:]
            table.generation += 1
        }
    }

    /// Drops every domain not in `live` (gone since the last listing).
    func keepOnly(_ live: Set<UInt32>) {
        table.withLock { table in table.entries = table.entries.filter { live.contains($0.key) } }
    }

    /// How many domains are cached.
    var count: Int { table.withLock { $0.entries.count } }
}
