import FoundationEssentials
import Logging
import Testing

@testable import LibxlBackend

/// Which xenstore changes drop a kept domain name, and the names read as before when xenstore cannot be
/// watched. The watch itself runs on Xen: Tests/XenHost/tests/daemon-libxl-listing.sh renames a guest
/// with `xl rename` behind the daemon's back and lists again.
@Suite("Domain name watch")
struct DomainNameWatchTests {
    @Test(
        "changes at a domain's directory or its name drop that domain's name; /local/domain drops all",
        arguments: [
            ("/local/domain", DomainNameWatch.Affected.all),
            ("/local/domain/", .all),
            ("/local/domain/7", .domain(7)),
            ("/local/domain/7/name", .domain(7)),
            ("/local/domain/0/name", .domain(0)),
            ("/local/domain/7/memory/target", .none),
            ("/local/domain/7/device/vif/0/state", .none),
            ("/local/domain/7/names", .none),
            ("/local/domain/seven/name", .none),
            ("/local/domainx/7/name", .none),
            ("/vm/0f1e2d3c/name", .none),
            ("@releaseDomain", .none),
        ])
    func affected(path: String, expected: DomainNameWatch.Affected) {
        #expect(DomainNameWatch.affected(by: path) == expected)
    }

    @Test(
        "without a xenstore to watch, every lookup reads the name again",
        .enabled(if: !FileManager.default.fileExists(atPath: "/dev/xen/xenbus"), "outside dom0 only"))
    func readsWithoutWatch() {
        let watch = DomainNameWatch()
        // Outside dom0 xenstored cannot be reached: start says so and leaves caching off.
        watch.start(logger: Logger(label: "test"))
        let handle = UUID()
        var reads = 0
        for _ in 0..<3 {
            #expect(
                watch.name(of: 4, handle: handle) {
                    reads += 1; return "vm4"
                } == "vm4")
        }
        #expect(reads == 3)
    }
}
