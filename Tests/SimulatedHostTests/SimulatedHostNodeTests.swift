import FoundationEssentials
import Glibc
import Hypervisor
import Testing
import XendModel

@Suite("Simulated host: node and Domain-0")
struct SimulatedHostNodeTests {
    @Test("the node record reports the configured shape and says simulated")
    func nodeRecord() throws {
        let test = try TestHost { configuration in
            configuration.host.numaNodes = 2
            configuration.host.coresPerSocket = 2
            configuration.host.threadsPerCore = 1
            configuration.host.cpuMHz = 3000
        }
        let node = try test.host.nodeRecord()
        #expect(node.nrCPUs == 4 && node.nrNodes == 2 && node.coresPerSocket == 2 && node.threadsPerCore == 1)
        #expect(node.cpuMHz == 3000)
        #expect(node.totalMemory == .mebibytes(4096) && node.freeMemory == .mebibytes(3072))
        #expect(node.xenMajor == 4 && node.xenMinor == 17 && node.xenScheduler == "credit")
        #expect(node.virtCaps?.contains("simulated") == true && node.host.contains("simulated"))
        #expect(node.nodeToCPU == NodeRecord.nodeToCPUText([[0, 1], [2, 3]]))
        #expect(node.xendConfigFormat == 4)
    }

    @Test("the node record is current until a domain takes or gives back memory")
    func currentNodeRecord() throws {
        let test = try TestHost()
        let first = try test.host.nodeRecord()
        #expect(try test.host.nodeRecord(ifChangedFrom: first) == nil)
        var other = first
        other.host = "another"
        #expect(try test.host.nodeRecord(ifChangedFrom: other) == first)
        let guest = try test.running("memory-user", memory: 256)
        let afterCreate = try #require(try test.host.nodeRecord(ifChangedFrom: first))
        #expect(afterCreate.freeMemory == first.freeMemory - .mebibytes(256))
        #expect(try test.host.nodeRecord() == afterCreate)
        #expect(try test.host.nodeRecord(ifChangedFrom: afterCreate) == nil)
        try test.host.setMemoryTarget(.mebibytes(128), for: guest)
        let afterBalloon = try #require(try test.host.nodeRecord(ifChangedFrom: afterCreate))
        #expect(afterBalloon.freeMemory == first.freeMemory - .mebibytes(128))
        #expect(try test.host.nodeRecord().freeMemory == first.freeMemory - .mebibytes(128))
        try test.host.destroy(guest)
        test.clock.advance(by: 60)  // past any dying time
        #expect(try test.host.nodeRecord(ifChangedFrom: first) == nil)
        #expect(try test.host.nodeRecord() == first)
    }

    @Test("Domain-0 is there under its name, id 0 and the zero uuid, running")
    func domain0() throws {
        let test = try TestHost()
        for reference in ["Domain-0", "0", "00000000-0000-0000-0000-000000000000"] {
            let record = try test.record(reference)
            #expect(record.domainID == .controlDomain && record.name.rawValue == "Domain-0" && record.uuid == .zero)
            #expect(record.state?.stateString == "r-----" && record.memory == .mebibytes(1024))
        }
        #expect(try test.host.domainNames(.status(.running)).map(\.rawValue) == ["Domain-0"])
    }

    @Test("Domain-0 refuses what xend refused, with its texts")
    func domain0Refusals() throws {
        let host = try TestHost().host
        let cases: [(String, () throws -> Void)] = [
            ("Cannot pause privileged domain 0", { try host.pause(0) }),
            ("Cannot unpause privileged domain 0", { try host.unpause(0) }),
            ("Cannot destroy privileged domain 0", { try host.destroy(0) }),
            ("Cannot save privileged domain 0", { try host.save(0, to: "/tmp/x") }),
            ("Cannot shutdown privileged domain 0", { try host.shutdown(0, reason: .powerOff) }),
            ("Cannot reset privileged domain 0", { try host.reset(0) }),
            ("Cannot rename privileged domain 0", { try host.rename(0, to: DomainName("x")) }),
            (
                "Cannot dump core for privileged domain 0",
                { try host.dumpCore(0, to: "/tmp/x", live: true, crash: false, reset: false) }
            ),
        ]
        for (message, operation) in cases {
            #expect(throws: XendError.message(message)) { try operation() }
        }
        #expect(try host.domainRecords().count == 1)
    }

    @Test("unknown domains give xend's Fault 3 text, as not-found")
    func unknownDomain() throws {
        let host = try TestHost().host
        #expect(throws: XendError.noSuchDomain("nosuch")) { try host.domain(matching: "nosuch") }
        #expect(throws: XendError.noSuchDomain("7")) { try host.pause(7) }
        #expect(throws: XendError.noSuchDomain("7")) { try host.setMemoryTarget(.mebibytes(1), for: 7) }
        #expect(XendError.noSuchDomain("7").kind == .notFound)
    }

    @Test("the console ring records events and can be cleared")
    func console() throws {
        let test = try TestHost()
        try test.running("web")
        let text = try test.host.hypervisorConsole()
        #expect(
            text.contains("(XEN) [") && text.contains("Xen version 4.17") && text.contains("Domain 1 (web) created"))
        try test.host.clearHypervisorConsole()
        #expect(try test.host.hypervisorConsole() == "")
    }
}

@Suite("Simulated host: every domain operation on an unknown domain")
struct SimulatedUnknownDomainTests {
    @Test("each one answers not-found with xend's Fault 3 text")
    func everyOperation() throws {
        let host = try TestHost().host
        let vif = DeviceConfig.vif(NetworkInterface())
        let missing = UUID()
        let operations: [(String, () throws(XendError) -> Void)] = [
            ("pause", { () throws(XendError) in try host.pause(42) }),
            ("unpause", { () throws(XendError) in try host.unpause(42) }),
            ("shutdown", { () throws(XendError) in try host.shutdown(42, reason: .reboot) }),
            ("destroy", { () throws(XendError) in try host.destroy(42) }),
            ("reset", { () throws(XendError) in try host.reset(42) }),
            ("rename", { () throws(XendError) in try host.rename(42, to: DomainName("x")) }),
            ("sysrq", { () throws(XendError) in try host.sendSysrq(42, key: 115) }),
            ("save", { () throws(XendError) in try host.save(42, to: "/tmp/never") }),
            ("migrate", { () throws(XendError) in try host.migrate(42, to: "127.0.0.1", port: 1, live: true) }),
            (
                "dump",
                { () throws(XendError) in
                    try host.dumpCore(42, to: "/tmp/never", live: true, crash: false, reset: false)
                }
            ),
            ("mem_target_set", { () throws(XendError) in try host.setMemoryTarget(.mebibytes(64), for: 42) }),
            ("maxmem_set", { () throws(XendError) in try host.setMaximumMemory(.mebibytes(64), for: 42) }),
            ("set_vcpus", { () throws(XendError) in try host.setVCPUCount(1, for: 42) }),
            ("pincpu", { () throws(XendError) in try host.pinVCPU(nil, to: [0], for: 42) }),
            ("vcpuinfo", { () throws(XendError) in _ = try host.vcpuInfo(42) }),
            ("sched_credit_get", { () throws(XendError) in _ = try host.creditSchedulerParameters(42) }),
            ("sched_credit_set", { () throws(XendError) in try host.setCreditSchedulerParameters(.default, for: 42) }),
            ("device_create", { () throws(XendError) in _ = try host.createDevice(vif, for: 42) }),
            ("device_destroy", { () throws(XendError) in try host.destroyDevice(.vif, "0", force: true, for: 42) }),
            ("device_configure", { () throws(XendError) in try host.configureDevice(vif, "0", for: 42) }),
            ("devices", { () throws(XendError) in _ = try host.devices(.vif, of: 42) }),
            ("wait_for_devices", { () throws(XendError) in try host.waitForDevices(42, timeout: 1) }),
        ]
        for (name, operation) in operations {
            do throws(XendError) {
                try operation()
                Issue.record("\(name) succeeded on an unknown domain")
            } catch {
                #expect(error == .noSuchDomain("42"), "\(name)")
                #expect(error.kind == .notFound, "\(name)")
            }
        }
        #expect(throws: XendError.noSuchDomain(missing.xendString)) { try host.startDomain(missing) }
        #expect(throws: XendError.noSuchDomain(missing.xendString)) { try host.deleteDomain(missing) }
    }
}
