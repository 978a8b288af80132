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

    @Test("the daemon log is read from the configured file")
    func daemonLog() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/xend.log"
        try directory.writeRaw(Array("[2026] xend started\n".utf8), to: "xend.log")
        let host = try TestHost { $0.daemonLogPath = path }.host
        #expect(try host.daemonLog() == "[2026] xend started\n")
        let missing = try TestHost { $0.daemonLogPath = directory.path + "/none" }.host
        #expect(throws: XendError.message("can't read daemon log \(directory.path)/none: No such file or directory")) {
            try missing.daemonLog()
        }
    }
}
