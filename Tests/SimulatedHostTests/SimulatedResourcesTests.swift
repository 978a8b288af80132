import Hypervisor
import Testing
import XendModel

@Suite("Simulated host: memory, vcpus and scheduling")
struct SimulatedResourcesTests {
    @Test("the memory target moves memory between the host and the domain; too much is refused")
    func memoryTarget() throws {
        let test = try TestHost()
        let id = try test.running("a", memory: 256, extra: "(maxmem 4000)")
        try test.host.setMemoryTarget(.mebibytes(512), for: id)
        #expect(try test.record("a").memory == .mebibytes(512))
        #expect(try test.host.nodeRecord().freeMemory == .mebibytes(4096 - 1024 - 512))
        #expect(
            throws: XendError.message(
                "Not enough free memory and enable-dom0-ballooning is False, so I cannot release any more.  "
                    + "I need 2650112 KiB but only have 2621440.")
        ) {
            try test.host.setMemoryTarget(.mebibytes(3100), for: id)
        }
        #expect(try test.record("a").memory == .mebibytes(512))
        try test.host.setMemoryTarget(.mebibytes(128), for: id)
        #expect(try test.memoryAddsUp())
        #expect(throws: XendError.message("Invalid memory size")) { try test.host.setMemoryTarget(.zero, for: id) }
    }

    @Test("the target cannot exceed the maximum; lowering the maximum lowers the target")
    func maximum() throws {
        let test = try TestHost()
        let id = try test.running("a", memory: 512)
        #expect(throws: XendError.message("Memory target 1024 MiB is above the maximum 512 MiB")) {
            try test.host.setMemoryTarget(.mebibytes(1024), for: id)
        }
        try test.host.setMaximumMemory(.mebibytes(1024), for: id)
        try test.host.setMemoryTarget(.mebibytes(1024), for: id)
        try test.host.setMaximumMemory(.mebibytes(300), for: id)
        let record = try test.record("a")
        #expect(record.maxmem == .mebibytes(300) && record.memory == .mebibytes(300))
        #expect(try test.memoryAddsUp())
        #expect(throws: XendError.message("Maximum memory 9000 MiB exceeds the host's 4096 MiB")) {
            try test.host.setMaximumMemory(.mebibytes(9000), for: id)
        }
    }

    @Test("Domain-0 can balloon")
    func domain0Balloon() throws {
        let test = try TestHost()
        try test.host.setMemoryTarget(.mebibytes(512), for: 0)
        #expect(try test.host.nodeRecord().freeMemory == .mebibytes(4096 - 512))
    }

    @Test("vcpus go online and offline up to the maximum")
    func vcpus() throws {
        let test = try TestHost()
        let id = try test.running("a", extra: "(vcpus 4)")
        try test.host.setVCPUCount(2, for: id)
        let record = try test.record("a")
        #expect(record.vcpus == 4 && record.onlineVCPUs == 2 && record.vcpuAvail == 0b11)
        #expect(throws: XendError.message("Cannot set vcpus greater than max vcpus on running domain")) {
            try test.host.setVCPUCount(5, for: id)
        }
        #expect(throws: XendError.message("Invalid VCPU count: 0")) { try test.host.setVCPUCount(0, for: id) }
        let info = try test.host.vcpuInfo(id)
        #expect(info.vcpuCount == 4 && info.vcpus.map(\.isOnline) == [true, true, false, false])
        #expect(info.vcpus[2].cpuTime == .zero && info.vcpus[3].cpu >= 0)
    }

    @Test("pinning one vcpu or all; bad cpus and vcpus are refused")
    func pinning() throws {
        let test = try TestHost()
        let id = try test.running("a", extra: "(vcpus 2)")
        try test.host.pinVCPU(1, to: [2, 3], for: id)
        #expect(try test.record("a").cpus == [[], [2, 3]])
        #expect(try test.host.vcpuInfo(id).vcpus[1].cpumap == [2, 3])
        #expect(try test.host.vcpuInfo(id).vcpus[0].cpumap == Array(0..<8))
        try test.host.pinVCPU(nil, to: [5], for: id)
        #expect(try test.record("a").cpus == [[5], [5]])
        #expect(throws: XendError.message("Invalid cpumap: cpu 8 does not exist (the host has 8)")) {
            try test.host.pinVCPU(0, to: [8], for: id)
        }
        #expect(throws: XendError.message("Invalid VCPU 2 (the domain has 2)")) {
            try test.host.pinVCPU(2, to: [1], for: id)
        }
    }

    @Test("vcpu states and cpu time follow the guest")
    func vcpuInfo() throws {
        let test = try TestHost()
        let id = try test.host.createDomain(TestHost.guest("a")).domainID!
        let paused = try test.host.vcpuInfo(id)
        #expect(paused.vcpus.allSatisfy { !$0.isRunning && !$0.isBlocked })
        try test.host.unpause(id)
        test.clock.advance(by: 10)
        let running = try test.host.vcpuInfo(id)
        #expect(running.vcpus.allSatisfy { $0.isRunning != $0.isBlocked })
        #expect(running.vcpus.map(\.cpuTime.value).reduce(0, +) == 10)
        #expect(running.name.rawValue == "a" && running.domainID == id)
    }

    @Test("credit scheduler parameters are kept and checked")
    func scheduler() throws {
        let test = try TestHost()
        let id = try test.running("a", extra: "(vcpus 1)")
        #expect(try test.host.creditSchedulerParameters(id) == .default)
        try test.host.setCreditSchedulerParameters(CreditSchedulerParameters(weight: 512, cap: 50), for: id)
        #expect(try test.host.creditSchedulerParameters(id) == CreditSchedulerParameters(weight: 512, cap: 50))
        let record = try test.record("a")
        #expect(record.cpuWeight == 512 && record.cpuCap == 50)
        #expect(throws: XendError.message("Invalid cap: 150 (at most 100 for 1 vcpus)")) {
            try test.host.setCreditSchedulerParameters(CreditSchedulerParameters(weight: 1, cap: 150), for: id)
        }
    }
}

@Suite("vcpuinfo of inactive domains")
struct InactiveVCPUInfoTests {
    @Test("all offline, cpu -1, cpumap from the config or 0-63")
    func inactive() throws {
        let test = try TestHost()
        let record = try test.host.defineDomain(TestHost.guest("m", extra: "(vcpus 2) (cpus ((1 2) ()))"))
        let info = test.host.inactiveVCPUInfo(for: record)
        #expect(info.domainID == nil && info.vcpuCount == 2 && info.name.rawValue == "m")
        #expect(info.vcpus.map(\.cpu) == [-1, -1] && info.vcpus.allSatisfy { !$0.isOnline && $0.cpuTime == .zero })
        #expect(info.vcpus[0].cpumap == [1, 2] && info.vcpus[1].cpumap == Array(0..<64))
    }
}
