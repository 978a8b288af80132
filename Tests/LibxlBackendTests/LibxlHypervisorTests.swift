import Testing
import XendModel
import Xenlight

@testable import LibxlBackend

/// The libxl backend's node record mapping. Opening the backend off a Xen host cannot be tested in this
/// process (the test executable links CXenlightTestSupport, which makes libxl_ctx_alloc succeed), so
/// XendExecutableTests and scripts/curl-smoke.sh check that `xend --backend libxl` fails saying why; on a
/// Xen host Tests/XenHost/tests/daemon-libxl.sh drives the daemon.
@Suite("LibxlHypervisor")
struct LibxlHypervisorTests {
    @Test("node record: pages to memory, topology to node_to_cpu, version fields")
    func nodeRecord() {
        var physical = PhysInfo()
        physical.nrCPUs = 4
        physical.nrNodes = 2
        physical.threadsPerCore = 1
        physical.coresPerSocket = 2
        physical.cpuKhz = 2_400_000
        physical.totalPages = 262_144
        physical.freePages = 65_536
        physical.capHVM = true
        physical.capPV = true
        physical.hwCap = [0xbfeb_fbff, 0x1]
        var version = VersionInfo()
        version.xenVersionMajor = 4
        version.xenVersionMinor = 17
        version.xenVersionExtra = ".3"
        version.pagesize = 4096
        version.capabilities = "xen-3.0-x86_64 hvm-3.0-x86_64"
        var topology: [CPUTopology] = []
        for (socket, node) in [(0, 0), (0, 0), (1, 1), (1, 1)] {
            var place = CPUTopology()
            place.socket = UInt32(socket)
            place.node = UInt32(node)
            topology.append(place)
        }
        let system = SystemName(system: "Linux", host: "dom0", release: "6.1", version: "#1", machine: "x86_64")
        let record = NodeRecord(
            physical: physical, version: version, topology: topology, scheduler: "credit", system: system)
        #expect(record.totalMemory == .mebibytes(1024))
        #expect(record.freeMemory == .mebibytes(256))
        #expect(record.nrCPUs == 4 && record.nrNodes == 2 && record.cpuMHz == 2400)
        #expect(record.nodeToCPU == NodeRecord.nodeToCPUText([[0, 1], [2, 3]]))
        #expect(record.socketsPerNode == 1)
        #expect(record.xenMajor == 4 && record.xenMinor == 17 && record.xenExtra == ".3")
        #expect(record.hwCaps == "bfebfbff:00000001")
        #expect(record.virtCaps == "hvm pv")
        #expect(record.xenScheduler == "credit")
        #expect(record.host == "dom0")
    }

    @Test("the current system's uname is read")
    func systemName() {
        let name = SystemName.current
        #expect(name.system == "Linux")
        #expect(!name.machine.isEmpty)
    }
}
