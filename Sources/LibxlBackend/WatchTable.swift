import FoundationEssentials
import XendModel

/// The bookkeeping of the domains whose death events the daemon follows, keyed by domain id: who they
/// are (for the event after they are gone), when they were built (the restart loop guard), whether
/// their shutdown was dealt with (each shutdown gets its lifecycle action once), and the libxl watch.
/// A value type over any `Watch`, so the rules are tested without Xen.
struct WatchTable<Watch: Sendable>: Sendable {
    struct Entry: Sendable {
        var name: DomainName
        var uuid: UUID
        /// Monotonic seconds at build; nil for a domain found again at start-up (its age is unknown).
        var builtAt: Double?
        /// Set once the shutdown's action ran (or when the domain was kept by rename-restart).
        var shutdownHandled: Bool
        var watch: Watch
    }

    private(set) var entries: [UInt32: Entry] = [:]

    /// Follows a domain; a watch already held for the id is returned so the caller can cancel it.
    mutating func add(_ id: UInt32, _ entry: Entry) -> Watch? {
        let previous = entries[id]?.watch
        entries[id] = entry
        return previous
    }

    /// Stops following a domain; returns what was known about it.
    mutating func remove(_ id: UInt32) -> Entry? {
        entries.removeValue(forKey: id)
    }

    /// Records a shutdown: true the first time for a followed domain (apply its action), false when it
    /// was dealt with already or is not followed.
    mutating func claimShutdown(of id: UInt32) -> Bool {
        guard let entry = entries[id], !entry.shutdownHandled else { return false }
        entries[id]?.shutdownHandled = true
        return true
    }

    /// A domain renamed (op=rename, or kept by rename-restart with a new uuid).
    mutating func rename(_ id: UInt32, to name: DomainName, uuid: UUID? = nil) {
        entries[id]?.name = name
        if let uuid { entries[id]?.uuid = uuid }
    }

    /// Seconds the domain has existed at `now`, when known.
    func uptime(of id: UInt32, now: Double) -> Double? {
        entries[id]?.builtAt.map { now - $0 }
    }

    subscript(id: UInt32) -> Entry? { entries[id] }
}
