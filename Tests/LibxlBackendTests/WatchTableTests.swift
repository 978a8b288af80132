import FoundationEssentials
import Testing
import XendModel

@testable import LibxlBackend

/// The bookkeeping behind death events and restarts, with integers standing in for libxl watches.
@Suite("Watch table")
struct WatchTableTests {
    private func entry(_ name: String, uuid: UUID, builtAt: Double?, watch: Int) throws -> WatchTable<Int>.Entry {
        WatchTable.Entry(name: try DomainName(name), uuid: uuid, builtAt: builtAt, shutdownHandled: false, watch: watch)
    }

    @Test("each shutdown is claimed once; unknown domains never")
    func claimOnce() throws {
        var table = WatchTable<Int>()
        _ = table.add(5, try entry("vm", uuid: UUID(), builtAt: 100, watch: 1))
        let first = table.claimShutdown(of: 5)
        let second = table.claimShutdown(of: 5)
        let unknown = table.claimShutdown(of: 6)
        #expect(first)
        #expect(!second)
        #expect(!unknown)
    }

    @Test("a restart moves the domain to its new id: old watch handed back, new uptime from the rebuild")
    func restartBookkeeping() throws {
        let uuid = UUID()
        var table = WatchTable<Int>()
        let replaced = table.add(3, try entry("vm", uuid: uuid, builtAt: 100, watch: 1))
        #expect(replaced == nil)
        let claimed = table.claimShutdown(of: 3)
        #expect(claimed)
        #expect(table.uptime(of: 3, now: 190) == 90)
        let old = table.remove(3)
        #expect(old?.watch == 1 && old?.uuid == uuid && old?.name.rawValue == "vm")
        let again = table.remove(3)
        #expect(again == nil)
        _ = table.add(4, try entry("vm", uuid: uuid, builtAt: 190, watch: 2))
        #expect(table.uptime(of: 4, now: 200) == 10)
        let claimedAgain = table.claimShutdown(of: 4)
        #expect(claimedAgain, "the new domain's first shutdown gets its action again")
        #expect(table.entries.count == 1)
    }

    @Test("adding a watch for an id already followed hands the old watch back to be cancelled")
    func replaceWatch() throws {
        var table = WatchTable<Int>()
        _ = table.add(7, try entry("a", uuid: UUID(), builtAt: nil, watch: 1))
        let previous = table.add(7, try entry("a", uuid: UUID(), builtAt: nil, watch: 2))
        #expect(previous == 1)
        #expect(table[7]?.watch == 2)
    }

    @Test("found-again domains have no known uptime; a rename changes name and, for rename-restart, uuid")
    func renameAndUnknownAge() throws {
        var table = WatchTable<Int>()
        let uuid = UUID()
        _ = table.add(9, try entry("vm", uuid: uuid, builtAt: nil, watch: 1))
        #expect(table.uptime(of: 9, now: 1000) == nil)
        table.rename(9, to: try DomainName("renamed"))
        #expect(table[9]?.name.rawValue == "renamed" && table[9]?.uuid == uuid)
        let kept = UUID()
        table.rename(9, to: try DomainName("Domain-\(kept.xendString)"), uuid: kept)
        #expect(table[9]?.uuid == kept)
    }
}
