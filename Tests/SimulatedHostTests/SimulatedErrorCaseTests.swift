import FoundationEssentials
import InMemoryLogging
import Logging
import SExpression
import Testing
import XendModel

@testable import Hypervisor
@testable import SimulatedHost

@Suite("Simulated host: operations in the wrong state, and events")
struct SimulatedErrorCaseTests {
    @Test("a shut-down (preserved) domain refuses what needs a running guest")
    func shutDownDomain() throws {
        let test = try TestHost()
        let id = try test.running("a", extra: "(on_poweroff preserve) (device (vif))")
        try test.host.shutdown(id, reason: .powerOff)
        test.clock.advance(by: 2)
        #expect(throws: XendError.domainNotRunning) { try test.host.reset(id) }
        #expect(throws: XendError.domainNotRunning) { try test.host.sendSysrq(id, key: 115) }
        #expect(throws: XendError.domainNotRunning) { try test.host.setMemoryTarget(.mebibytes(64), for: id) }
        #expect(throws: XendError.domainNotRunning) { try test.host.pause(id) }
        #expect(throws: XendError.domainNotRunning) {
            try test.host.createDevice(DeviceConfig(SExpression.parse("(vif)")), for: id)
        }
        #expect(throws: XendError.domainNotRunning) { try test.host.save(id, to: "/tmp/never-written") }
        try test.host.destroyDevice(.vif, "0", force: false, for: id)
        #expect(try test.host.devices(.vif, of: id).isEmpty)
        try test.host.destroy(id)
        #expect(try test.memoryAddsUp())
    }

    @Test("starting a managed domain whose memory does not fit changes nothing")
    func startDoesNotFit() throws {
        let test = try TestHost()
        let managed = try test.host.defineDomain(TestHost.guest("m", memory: 2048))
        try test.running("filler", memory: 2048)
        #expect(throws: XendError.self) { try test.host.startDomain(managed.uuid) }
        #expect(try test.record("m").domainID == nil)
        #expect(try test.memoryAddsUp())
    }

    @Test("a config the host cannot run is refused by define too")
    func defineChecks() throws {
        let test = try TestHost()
        #expect(throws: XendError.message("Invalid Configuration: maxmem (9000 MiB) exceeds the host's 4096 MiB")) {
            try test.host.defineDomain(TestHost.guest("m", extra: "(maxmem 9000)"))
        }
        #expect(try test.host.domainRecords().allSatisfy { $0.name.rawValue != "m" })
    }

    @Test("device_configure of PCI attaches with (state Initialising) and detaches with (state Closing)")
    func pciConfigure() throws {
        let test = try TestHost()
        let id = try test.running(
            "a", extra: "(device (vif)) (device (pci (dev (domain 0x0000) (bus 0x00) (slot 0x1b) (func 0x0))))")
        func functions() throws -> [PCIAddress] {
            try test.record("a").devices.compactMap { device -> PCIDevices? in
                if case .pci(let pci) = device { return pci }
                return nil
            }.flatMap(\.functions)
        }
        let added = try DeviceConfig(
            SExpression.parse("(pci (dev (domain 0x0000) (bus 0x00) (slot 0x1c) (func 0x1)) (state Initialising))"))
        try test.host.configureDevice(added, "0", for: id)
        #expect(try functions().map(\.slot) == [0x1b, 0x1c])
        let removed = try DeviceConfig(
            SExpression.parse("(pci (dev (domain 0x0000) (bus 0x00) (slot 0x1b) (func 0x0)) (state Closing))"))
        try test.host.configureDevice(removed, "0", for: id)
        #expect(try functions().map(\.slot) == [0x1c])
        #expect(throws: XendError.message("Device 0000:00:1b.0 is not connected")) {
            try test.host.configureDevice(removed, "0", for: id)
        }
        #expect(throws: XendError.message("device_configure does not support vif devices")) {
            try test.host.configureDevice(DeviceConfig(SExpression.parse("(vif)")), "0", for: id)
        }
    }

    @Test("managed-domain events are logged: defined, undefined; renames are announced")
    func events() throws {
        let log = InMemoryLogHandler()
        let test = try TestHost(logger: Logger(label: "test-host") { _ in log })
        let managed = try test.host.defineDomain(TestHost.guest("m"))
        let id = try test.running("a")
        try test.host.rename(id, to: DomainName("b"))
        try test.host.deleteDomain(managed.uuid)
        #expect(
            TestHost.events(in: log) == [
                "defined m (id none)", "created a (id \(id))", "unpaused a (id \(id))", "renamed(from a) b (id \(id))",
                "undefined m (id none)",
            ])
    }

    @Test("domain ids wrap at DOMID_FIRST_RESERVED without touching live ones")
    func idsWrap() throws {
        let directory = try TemporaryDirectory()
        let keeper: DomainID
        do {
            let test = try TestHost(stateDirectory: directory.path)
            keeper = try test.running("keeper", memory: 16)
        }
        // A host whose counter stands just below the reserved range (as after 32,750 domains).
        try AtomicFile.write(Array("last_domid 32750\n".utf8), to: directory.path + "/host")
        let test = try TestHost(stateDirectory: directory.path)
        let top = try test.host.createDomain(TestHost.guest("top", memory: 16)).domainID!
        let wrapped = try test.host.createDomain(TestHost.guest("wrapped", memory: 16)).domainID!
        #expect(top == 0x7FEF)
        #expect(wrapped == 2)
        #expect(try test.record("keeper").domainID == keeper && keeper == 1)
    }
}

@Suite("Simulated host: restarts across edges")
struct SimulatedRestartEdgeTests {
    @Test("rename-restart without memory for the new domain keeps the old one and says why")
    func renameRestartWithoutMemory() throws {
        let test = try TestHost()
        let id = try test.running("a", memory: 2000, extra: "(on_reboot rename-restart)")
        try test.host.shutdown(id, reason: .reboot)
        test.clock.advance(by: 2)
        let kept = try test.record("1")
        #expect(kept.name.rawValue.hasPrefix("Domain-") && kept.state?.stateString == "---s--")
        #expect(throws: XendError.self) { try test.record("a") }
        #expect(try test.host.hypervisorConsole().contains("Failed to restart domain 1: Not enough free memory"))
        #expect(try test.memoryAddsUp())
    }

    @Test("a reboot requested before a daemon restart is carried out after it")
    func pendingRequestSurvivesRestart() throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock()
        do {
            let test = try TestHost(stateDirectory: directory.path, clock: clock)
            let id = try test.running("a")
            try test.host.shutdown(id, reason: .reboot)
        }
        clock.advance(by: 5)
        let test = try TestHost(stateDirectory: directory.path, clock: clock)
        let record = try test.record("a")
        #expect(record.domainID == 2 && record.status == .running)
        #expect(try fileNames(in: directory.path + "/live") == ["2.dom"])
    }

    @Test("the real clock drives the host too: devices connect after the hotplug delay")
    func systemClock() throws {
        var configuration = SimulatedHypervisor.Configuration()
        configuration.timing.hotplug = 0.02
        let host = try SimulatedHypervisor(configuration: configuration)
        let id = try host.createDomain(
            TestHost.config("(vm (name a) (memory 64) (device (vbd (uname phy:/x) (dev xvda) (mode w))))")
        ).domainID!
        let before = SystemClock().now()
        try host.waitForDevices(id, timeout: 5)
        #expect(SystemClock().now().seconds(since: before) >= 0.0)
        try host.unpause(id)
        let state = try host.devices(.vbd, of: id).first?.entries.first { $0.key == "state" }?.value
        #expect(state == "4")
        let started = try #require(host.domain(matching: "a").startTime?.value)
        #expect(abs(started - SystemClock().now().secondsSinceEpoch) < 60)
    }
}
