import FoundationEssentials
import Glibc
import Hypervisor
import SExpression
import Testing
import XendModel

/// The managed-domain store both backends use: round trips through the files, atomic replacement, and
/// damaged files set aside instead of loaded.
@Suite("Managed domain store")
struct ManagedDomainStoreTests {
    private func temporaryDirectory() throws -> String {
        var template = Array("/tmp/xend-libxl-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw XendError(.operationFailed, "mkdtemp failed") }
        return String(cString: made) + "/domains"
    }

    private func removeTree(_ path: String) {
        if let names = try? AtomicFile.entries(of: path) {
            for name in names { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    private func config(_ name: String) throws -> VMConfig {
        let text =
            "(vm (name \(name)) (memory 256) (vcpus 2) (on_reboot rename-restart) (on_crash preserve) "
            + "(image (linux (kernel /boot/vmlinuz) (args 'console=hvc0'))))"
        return try VMConfig(try SExpression.parse(text))
    }

    @Test("configs written come back equal, under their uuid; removed ones do not")
    func roundTrip() throws {
        let directory = try temporaryDirectory()
        defer { removeTree(String(directory.dropLast("/domains".count))) }
        let store = try ManagedDomainStore(directory: directory, durable: false)
        let first = UUID()
        let second = UUID()
        try store.save(try config("one"), uuid: first)
        try store.save(try config("two"), uuid: second)
        var loaded = try ManagedDomainStore(directory: directory, durable: false).load()
        #expect(loaded.problems.isEmpty)
        #expect(Set(loaded.domains.map(\.0)) == [first, second])
        let one = try #require(loaded.domains.first { $0.0 == first }?.1)
        var expected = try config("one")
        expected.uuid = first
        #expect(one == expected)
        #expect(one.onReboot == .renameRestart && one.onCrash == .preserve)

        try store.remove(first)
        try store.remove(first)  // twice is harmless
        loaded = store.load()
        #expect(loaded.domains.map(\.0) == [second])
    }

    @Test("a redefinition replaces the file whole; leftovers of interrupted writes are cleaned up")
    func atomicReplacement() throws {
        let directory = try temporaryDirectory()
        defer { removeTree(String(directory.dropLast("/domains".count))) }
        let store = try ManagedDomainStore(directory: directory, durable: true)
        let uuid = UUID()
        try store.save(try config("before"), uuid: uuid)
        try store.save(try config("after"), uuid: uuid)
        // A crash between writing the temporary file and renaming it leaves this behind.
        let leftover = "\(directory)/.\(uuid.xendString).sxp.tmp-1-2"
        let descriptor = open(leftover, O_WRONLY | O_CREAT, 0o600)
        close(descriptor)
        let loaded = store.load()
        #expect(loaded.domains.count == 1)
        #expect(loaded.domains.first?.1.name.rawValue == "after")
        #expect(access(leftover, F_OK) != 0, "the temporary file is removed on loading")
        #expect(try AtomicFile.entries(of: directory) == ["\(uuid.xendString).sxp"])
    }

    @Test("truncated, corrupted and misnamed files are moved aside with a reason, the rest loads")
    func damagedFiles() throws {
        let directory = try temporaryDirectory()
        defer { removeTree(String(directory.dropLast("/domains".count))) }
        let store = try ManagedDomainStore(directory: directory, durable: false)
        let good = UUID()
        try store.save(try config("good"), uuid: good)
        let truncated = UUID()
        try store.save(try config("truncated"), uuid: truncated)
        let path = "\(directory)/\(truncated.xendString).sxp"
        let bytes = try AtomicFile.readAll(path)
        try AtomicFile.write([], to: path, durable: false)  // replaced below by a raw, cut copy
        let raw = open(path, O_WRONLY | O_TRUNC)
        try AtomicFile.writeAll(Array(bytes.prefix(bytes.count - 5)), to: raw, path: path)
        close(raw)
        let misnamed = UUID()
        try store.save(try config("misnamed"), uuid: misnamed)
        rename("\(directory)/\(misnamed.xendString).sxp", "\(directory)/\(UUID().xendString).sxp")

        let loaded = store.load()
        #expect(loaded.domains.map(\.0) == [good])
        #expect(loaded.problems.count == 2)
        #expect(loaded.problems.contains { $0.contains("truncated") && $0.contains(".corrupt") })
        #expect(loaded.problems.contains { $0.contains("file name and uuid disagree") })
        #expect(access(path + ".corrupt", F_OK) == 0)
        #expect(store.load().problems.isEmpty, "set-aside files are not read again")
    }

    @Test("inactive records show the stored config with xm's default memory and no domain id")
    func inactiveRecord() throws {
        var config = try config("idle")
        config.memory = nil
        let uuid = UUID()
        let record = DomainRecord.inactive(config, uuid: uuid)
        #expect(record.uuid == uuid)
        #expect(record.domainID == nil)
        #expect(record.memory == DomainRecord.defaultMemory)
        #expect(record.effectiveStatus == .halted)
    }
}
