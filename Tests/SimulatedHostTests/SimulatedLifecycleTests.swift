import FoundationEssentials
import Glibc
import Hypervisor
import InMemoryLogging
import Logging
import Testing
import XendModel

@Suite("Simulated host: create, pause, shutdown and lifecycle actions")
struct SimulatedLifecycleTests {
    @Test("create leaves the domain paused and takes its memory; ids count up and are not reused")
    func create() throws {
        let test = try TestHost()
        let first = try test.host.createDomain(TestHost.guest("a", memory: 512))
        #expect(first.domainID == 1 && first.state?.stateString == "--p---" && first.status == .paused)
        #expect(first.memory == .mebibytes(512) && first.vcpus == 2)
        #expect(try test.host.nodeRecord().freeMemory == .mebibytes(4096 - 1024 - 512))
        try test.host.destroy(1)
        let second = try test.host.createDomain(TestHost.guest("b"))
        #expect(second.domainID == 2)
        #expect(try test.memoryAddsUp())
    }

    @Test("a duplicate name or uuid is refused and changes nothing")
    func duplicates() throws {
        let test = try TestHost()
        let uuid = "6e5a2f0c-1d2b-4c3d-8e9f-0a1b2c3d4e5f"
        try test.host.createDomain(TestHost.guest("a", extra: "(uuid \(uuid))"))
        #expect(throws: XendError.message("VM name 'a' already exists as domain 1")) {
            try test.host.createDomain(TestHost.guest("a"))
        }
        #expect(throws: XendError.message("VM with UUID \(uuid) already exists as domain 1")) {
            try test.host.createDomain(TestHost.guest("b", extra: "(uuid \(uuid))"))
        }
        #expect(try test.host.domainRecords().count == 2)
        #expect(try test.memoryAddsUp())
    }

    @Test("memory that does not fit is refused with a clear error and nothing changes")
    func memoryDoesNotFit() throws {
        let test = try TestHost()
        try test.host.createDomain(TestHost.guest("big", memory: 2048))
        let before = try test.host.nodeRecord().freeMemory
        #expect(
            throws: XendError.message(
                "Not enough free memory and enable-dom0-ballooning is False, so I cannot release any more.  "
                    + "I need 2097152 KiB but only have 1048576.")
        ) {
            try test.host.createDomain(TestHost.guest("huge", memory: 2048))
        }
        #expect(try test.host.nodeRecord().freeMemory == before)
        #expect(throws: XendError.self) { try test.host.domain(matching: "huge") }
        #expect(try test.memoryAddsUp())
    }

    @Test(
        "invalid configs are refused",
        arguments: [
            (
                "(vm (name x) (memory 512) (maxmem 256))",
                "Invalid Configuration: maxmem (256 MiB) is smaller than memory (512 MiB)"
            ),
            ("(vm (name x) (memory 0))", "Invalid memory size: 0 MiB"),
            ("(vm (name x) (vcpus 0))", "Invalid Configuration: vcpus must be between 1 and 128, not 0"),
            ("(vm (name x) (cpu_weight 0))", "Invalid weight: 0 (must be 1 to 65535)"),
            ("(vm (name x) (vcpus 1) (cpu_cap 200))", "Invalid cap: 200 (at most 100 for 1 vcpus)"),
            ("(vm (name x) (cpus 99))", "Invalid Configuration: cpu 99 does not exist (the host has 8)"),
            ("(vm (name x) (device (vbd (uname phy:/dev/x))))", "Block device must have virtual details specified"),
            ("(vm (name x) (device (vbd (dev xvda))))", "Block device must have physical details specified"),
            ("(vm (name x) (device (vbd (dev vda) (uname phy:/x))))", "Unable to find number for device (vda)"),
        ])
    func invalidConfigs(config: String, message: String) throws {
        let test = try TestHost()
        #expect(throws: XendError.message(message)) { try test.host.createDomain(TestHost.config(config)) }
        #expect(try test.host.domainRecords().count == 1)
    }

    @Test("pause and unpause follow Xen's rules; cpu time grows only while running")
    func pauseUnpause() throws {
        let test = try TestHost()
        let id = try test.host.createDomain(TestHost.guest("a")).domainID!
        test.clock.advance(by: 10)
        #expect(try test.record("a").cpuTime == Seconds(0))
        try test.host.unpause(id)
        #expect(throws: XendError.message("Domain is not paused")) { try test.host.unpause(id) }
        test.clock.advance(by: 4)
        #expect(try test.record("a").cpuTime == Seconds(4 * 0.5 * 2))
        let state = try #require(test.record("a").state)
        #expect(state == .running || state == .blocked)
        try test.host.pause(id)
        try test.host.pause(id)
        test.clock.advance(by: 100)
        #expect(try test.record("a").cpuTime == Seconds(4))
        #expect(try test.record("a").state?.stateString == "--p---")
        #expect(try test.host.domainNames(.status(.paused)).map(\.rawValue) == ["a"])
    }

    @Test("a shutdown request is obeyed after the delay, and on_poweroff destroy removes the domain")
    func shutdownPoweroff() throws {
        let log = InMemoryLogHandler()
        let test = try TestHost(logger: Logger(label: "test-host") { _ in log })
        let id = try test.running("a")
        try test.host.shutdown(id, reason: .powerOff)
        #expect(try test.record("a").domainID == id)
        test.clock.advance(by: 1.5)
        #expect(throws: XendError.noSuchDomain("a")) { try test.record("a") }
        #expect(try test.memoryAddsUp())
        #expect(
            TestHost.events(in: log) == [
                "created a (id \(id))", "unpaused a (id \(id))", "shutdown(poweroff) a (id \(id))",
                "destroyed a (id \(id))",
            ])
    }

    @Test("a paused guest cannot obey a request until it runs")
    func requestWhilePaused() throws {
        let test = try TestHost()
        let id = try test.host.createDomain(TestHost.guest("a", extra: "(on_poweroff preserve)")).domainID!
        try test.host.shutdown(id, reason: .halt)
        test.clock.advance(by: 30)
        #expect(try test.record("a").state?.stateString == "--p---")
        try test.host.unpause(id)
        test.clock.advance(by: 1)
        let record = try test.record("a")
        #expect(record.state?.stateString == "---s--" && record.status == .halted)
        #expect(try test.host.domainNames(.status(.halted)).map(\.rawValue) == ["a"])
        #expect(throws: XendError.domainNotRunning) { try test.host.shutdown(id, reason: .powerOff) }
        #expect(try test.memoryAddsUp())
    }

    @Test("reboot restarts under a new id with the same name and uuid, running")
    func rebootRestarts() throws {
        let test = try TestHost()
        let id = try test.running("a")
        let uuid = try test.record("a").uuid
        try test.host.shutdown(id, reason: .reboot)
        test.clock.advance(by: 2)
        let record = try test.record("a")
        #expect(record.domainID == 2 && record.uuid == uuid && record.status == .running)
        #expect(throws: XendError.noSuchDomain("1")) { try test.record("1") }
        #expect(try test.memoryAddsUp())
    }

    @Test("crash with on_crash preserve stays crashed and keeps its memory")
    func crashPreserve() throws {
        let test = try TestHost()
        let id = try test.running("a", extra: "(on_crash preserve)")
        try test.host.shutdown(id, reason: .crash)
        test.clock.advance(by: 2)
        let record = try test.record("a")
        #expect(record.state?.stateString == "----c-" && record.status == .crashed)
        #expect(try test.host.domainNames(.status(.crashed)).map(\.rawValue) == ["a"])
        try test.host.pause(id)
        try test.host.destroy(id)
        #expect(try test.memoryAddsUp())
    }

    @Test("SysRq c crashes a Linux guest; on_crash restart builds it again")
    func sysrqCrash() throws {
        let test = try TestHost()
        let id = try test.running("a")
        try test.host.sendSysrq(id, key: 115)
        test.clock.advance(by: 5)
        #expect(try test.record("a").domainID == id)
        try test.host.sendSysrq(id, key: 99)
        test.clock.advance(by: 0.1)
        #expect(try test.record("a").domainID == 2)
        #expect(throws: XendError.message("Invalid sysrq key: 300")) { try test.host.sendSysrq(2, key: 300) }
    }

    @Test("rename-restart keeps the dead domain as Domain-<uuid> and restarts the original")
    func renameRestart() throws {
        let test = try TestHost()
        let id = try test.running("a", extra: "(on_reboot rename-restart)")
        let uuid = try test.record("a").uuid
        try test.host.shutdown(id, reason: .reboot)
        test.clock.advance(by: 2)
        let kept = try test.record("1")
        #expect(kept.name.rawValue == "Domain-\(kept.uuid.xendString)" && kept.uuid != uuid)
        #expect(kept.state?.stateString == "---s--")
        let restarted = try test.record("a")
        #expect(restarted.domainID == 2 && restarted.uuid == uuid)
        #expect(try test.host.nodeRecord().freeMemory == .mebibytes(4096 - 1024 - 512))
    }

    @Test("coredump-destroy writes a core file into the dump directory, then destroys")
    func coredumpDestroy() throws {
        let directory = try TemporaryDirectory()
        let test = try TestHost { $0.dumpDirectory = directory.path + "/dump" }
        let id = try test.running("a", memory: 64, extra: "(on_crash coredump-destroy)")
        try test.host.shutdown(id, reason: .crash)
        test.clock.advance(by: 2)
        #expect(throws: XendError.self) { try test.record("a") }
        let files = try #require(try? fileNames(in: directory.path + "/dump"))
        #expect(files.count == 1 && files[0].hasSuffix("-a.1.core") && files[0].hasPrefix("2026-0101-"))
    }

    @Test("coredump-restart dumps and restarts")
    func coredumpRestart() throws {
        let directory = try TemporaryDirectory()
        let test = try TestHost { $0.dumpDirectory = directory.path }
        let id = try test.running("a", memory: 64, extra: "(on_crash coredump-restart)")
        try test.host.shutdown(id, reason: .crash)
        test.clock.advance(by: 2)
        #expect(try test.record("a").domainID == 2)
        #expect(try fileNames(in: directory.path).count == 1)
    }

    @Test("a domain that reboots too soon after starting is not restarted")
    func restartTooFast() throws {
        let test = try TestHost { $0.timing.minimumRestartInterval = 60 }
        let id = try test.running("a")
        try test.host.shutdown(id, reason: .reboot)
        test.clock.advance(by: 2)
        #expect(throws: XendError.self) { try test.record("a") }
        #expect(try test.host.hypervisorConsole().contains("restarting too fast"))
    }

    @Test("suspend leaves the domain suspended for a save")
    func suspend() throws {
        let test = try TestHost()
        let id = try test.running("a")
        try test.host.shutdown(id, reason: .suspend)
        test.clock.advance(by: 2)
        #expect(try test.record("a").status == .suspended)
        #expect(try test.host.domainNames(.status(.suspended)).map(\.rawValue) == ["a"])
        #expect(throws: XendError.invalidReason("watchdog")) { try test.host.shutdown(id, reason: .watchdog) }
    }

    @Test("destroy with a dying period shows -----d, then the domain is gone")
    func dying() throws {
        let test = try TestHost { $0.timing.dying = 0.5 }
        let id = try test.running("a")
        try test.host.destroy(id)
        #expect(try test.record("a").state?.stateString == "-----d")
        #expect(throws: XendError.domainNotRunning) { try test.host.unpause(id) }
        test.clock.advance(by: 1)
        #expect(throws: XendError.self) { try test.record("a") }
        #expect(try test.memoryAddsUp())
    }

    @Test("reset rebuilds the domain under a new id")
    func reset() throws {
        let test = try TestHost()
        let id = try test.running("a")
        try test.host.reset(id)
        #expect(try test.record("a").domainID == 2 && test.record("a").status == .running)
        #expect(try test.memoryAddsUp())
    }

    @Test("rename changes the name; a taken name is refused")
    func rename() throws {
        let test = try TestHost()
        let id = try test.running("a")
        try test.running("b")
        try test.host.rename(id, to: DomainName("c"))
        #expect(try test.record("c").domainID == id)
        #expect(throws: XendError.message("VM name 'b' already exists as domain 2")) {
            try test.host.rename(id, to: DomainName("b"))
        }
        #expect(throws: XendError.noSuchDomain("a")) { try test.record("a") }
    }

    @Test("lookup order: live name, managed name, id, live uuid, managed uuid")
    func lookupOrder() throws {
        let test = try TestHost()
        try test.running("2")
        let managed = try test.host.defineDomain(TestHost.guest("m"))
        let record = try test.record("2")
        #expect(record.name.rawValue == "2" && record.domainID == 1)
        #expect(try test.record("1").name.rawValue == "2")
        #expect(try test.record("m").domainID == nil)
        #expect(try test.record(managed.uuid.xendString).name.rawValue == "m")
        #expect(try test.record(record.uuid.xendString.uppercased()).domainID == 1)
    }

    @Test("name lists by state: running, paused, halted, all")
    func names() throws {
        let test = try TestHost()
        try test.running("r")
        try test.host.createDomain(TestHost.guest("p"))
        try test.host.defineDomain(TestHost.guest("m"))
        #expect(try test.host.domainNames(.status(.running)).map(\.rawValue) == ["Domain-0", "r"])
        #expect(try test.host.domainNames(.status(.paused)).map(\.rawValue) == ["p"])
        #expect(try test.host.domainNames(.status(.halted)).map(\.rawValue) == ["m"])
        #expect(try test.host.domainNames(.all).map(\.rawValue) == ["Domain-0", "m", "p", "r"])
    }
}

/// The entries of a directory.
func fileNames(in directory: String) throws -> [String] {
    var names: [String] = []
    guard let handle = opendir(directory) else { throw XendError.message("cannot open \(directory)") }
    defer { closedir(handle) }
    while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}
