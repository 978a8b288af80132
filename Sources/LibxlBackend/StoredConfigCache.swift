import FoundationEssentials
import Synchronization
import XendModel

/// The decoded xend configs of live domains, so a listing does not read and decode every domain's libxl
/// userdata again (a hypercall, a lock file, a file read and a JSON decode per domain; figures in
/// docs/performance.md, "Listing on the libxl backend").
///
/// An entry is keyed by domain id and holds the Xen handle (uuid) the domain had when it was read: a
/// lookup with another handle is a miss, so a reused domain id never gets its predecessor's config. Only
/// this daemon writes the config key, and every write goes through ``forget(_:)``; entries of domains no
/// longer listed are dropped by ``keepOnly(_:)``.
final class StoredConfigCache: Sendable {
    private struct Entry {
        let handle: UUID
        let config: VMConfig?
    }

    private struct Table {
        var entries: [UInt32: Entry] = [:]
        /// Bumped by every ``forget(_:)``: a load that saw another generation may have read a config
        /// that is being replaced, and is not kept.
        var generation = 0
    }

    private let table = Mutex(Table())

    /// The config of domain `id` with Xen handle `handle`: the cached one, or `load()`'s, then kept.
    /// A domain without a stored config (made by another tool) is cached as such.
    func config(of id: UInt32, handle: UUID, load: () -> VMConfig?) -> VMConfig? {
        let (cached, generation) = table.withLock { ($0.entries[id], $0.generation) }
        if let cached, cached.handle == handle { return cached.config }
        let config = load()
        table.withLock { table in
            if table.generation == generation { table.entries[id] = Entry(handle: handle, config: config) }
        }
        return config
    }

    /// Drops what is known of domain `id`: its stored config is being written or removed.
    func forget(_ id: UInt32) {
        table.withLock { table in
            table.entries[id] = nil
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
