import FoundationEssentials
import Testing
import XendModel

@testable import LibxlBackend

/// The cache a libxl listing reads instead of every domain's userdata and xenstore name.
@Suite("Live domain cache")
struct LiveDomainCacheTests {
    /// Counts the userdata reads the cache asks for.
    private final class LoadCounter {
        var total = 0

        func count(_ config: VMConfig?) -> VMConfig? {
            total += 1
            return config
        }
    }

    private func config(_ name: String) throws -> VMConfig {
        VMConfig(name: try DomainName(name), uuid: UUID(), memory: .mebibytes(64), maxmem: .mebibytes(64), vcpus: 1)
    }

    @Test("a second listing reads nothing; another handle for the same id reads again")
    func hitsAndHandles() throws {
        let cache = LiveDomainCache<VMConfig?>()
        let first = try config("vm1")
        let handle = UUID()
        let loads = LoadCounter()
        #expect(
            cache.value(of: 3, handle: handle) { loads.count(first) } == first)
        #expect(
            cache.value(of: 3, handle: handle) { loads.count(nil) } == first)
        #expect(loads.total == 1)
        // Domain id 3 reused by a new domain (another Xen handle): its own config, not the old one.
        let second = try config("vm2")
        #expect(
            cache.value(of: 3, handle: UUID()) { loads.count(second) } == second)
        #expect(loads.total == 2)
    }

    @Test("a domain without a stored config is remembered as such")
    func remembersNone() {
        let cache = LiveDomainCache<VMConfig?>()
        let handle = UUID()
        let loads = LoadCounter()
        #expect(
            cache.value(of: 0, handle: handle) { loads.count(nil) } == nil)
        #expect(
            cache.value(of: 0, handle: handle) { loads.count(nil) } == nil)
        #expect(loads.total == 1)
    }

    @Test("forget makes the next lookup read; keepOnly drops domains gone from the list")
    func forgetAndKeepOnly() throws {
        let cache = LiveDomainCache<VMConfig?>()
        let (one, two) = (UUID(), UUID())
        let before = try config("before")
        let after = try config("after")
        _ = cache.value(of: 1, handle: one) { before }
        _ = cache.value(of: 2, handle: two) { nil }
        cache.forget(1)
        #expect(cache.value(of: 1, handle: one) { after } == after)
        cache.keepOnly([1])
        #expect(cache.count == 1)
        let loads = LoadCounter()
        _ = cache.value(of: 2, handle: two) { loads.count(nil) }
        #expect(loads.total == 1)
    }

    @Test("a config read while it is being replaced is returned but not kept")
    func loadRacingAWrite() throws {
        let cache = LiveDomainCache<VMConfig?>()
        let handle = UUID()
        let old = try config("old")
        let new = try config("new")
        // The write's forget lands while the listing is reading the old config.
        #expect(
            cache.value(of: 7, handle: handle) {
                cache.forget(7); return old
            } == old)
        #expect(cache.value(of: 7, handle: handle) { new } == new)
        #expect(cache.value(of: 7, handle: handle) { old } == new)
    }

    @Test("forgetAll drops every entry and any load in flight")
    func forgetAll() {
        let cache = LiveDomainCache<String?>()
        let handle = UUID()
        _ = cache.value(of: 1, handle: handle) { "one" }
        _ = cache.value(of: 2, handle: handle) { "two" }
        #expect(
            cache.value(of: 3, handle: handle) {
                cache.forgetAll(); return "three"
            } == "three")
        #expect(cache.count == 0)
        #expect(cache.value(of: 1, handle: handle) { "renamed" } == "renamed")
    }
}
