import Synchronization
import XendModel

/// The ``DomainTable`` under its lock, with the two figures every `GET /xend/node` needs published for
/// reading without the lock: the free memory and when the next domain changes by itself.
///
/// Clients probe the node over and over, from every worker thread at once. Taking the table's lock twice
/// per probe made those threads take the lock word's memory from each other (docs/performance.md, "One
/// slot per thread"); the published figures are plain atomic loads that leave the memory shared. They
/// are written under the lock, after every change, so a reader sees the table as of some unlock.
struct DomainTableLock: ~Copyable, Sendable {
    private let table: Mutex<DomainTable>
    private let freeKibibytes: Atomic<UInt64>
    /// The earliest pending change (nanoseconds since the epoch), or `Int64.max` when none is pending.
    private let nextChange: Atomic<Int64>

    init(_ table: DomainTable) {
        freeKibibytes = Atomic(table.ledger.free.inKibibytes)
        nextChange = Atomic(Self.earliestChange(of: table))
        self.table = Mutex(table)
    }

    /// Runs `body` on the table under its lock, then publishes the figures as `body` left them.
    func withLock<Result, Failure: Error>(
        _ body: (inout sending DomainTable) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        try table.withLock { (table: inout sending DomainTable) throws(Failure) -> sending Result in
            defer { publish(table) }
            return try body(&table)
        }
    }

    /// The free memory as of the last change to the table.
    var free: Memory { Memory.kibibytes(freeKibibytes.load(ordering: .acquiring)) }

    /// Whether some domain's next change by itself is due at `now` (as of the last change to the table).
    func hasChangeDue(at now: SimulationInstant) -> Bool {
        nextChange.load(ordering: .acquiring) <= now.nanosecondsSinceEpoch
    }

    private func publish(_ table: borrowing DomainTable) {
        let free = table.ledger.free.inKibibytes
        if freeKibibytes.load(ordering: .relaxed) != free { freeKibibytes.store(free, ordering: .releasing) }
        let next = Self.earliestChange(of: table)
        if nextChange.load(ordering: .relaxed) != next { nextChange.store(next, ordering: .releasing) }
    }

    private static func earliestChange(of table: borrowing DomainTable) -> Int64 {
        table.pending.values.lazy.map(\.nanosecondsSinceEpoch).min() ?? .max
    }
}
