import Hypervisor
public import XendModel
import Xenlight

#if canImport(Glibc)
    import Glibc
#endif

extension LibxlHypervisor {
    public func nodeRecord() throws(XendError) -> NodeRecord {
        let physical = try libxl("libxl_get_physinfo") { () throws(XenlightError) in try context.physicalInfo() }
        let version = try libxl("libxl_get_version_info") { () throws(XenlightError) in try context.versionInfo() }
        let topology: [CPUTopology]
        do {
            topology = try context.cpuTopology()
        } catch {
            logger.warning("node record without cpu topology: \(error)")
            topology = []
        }
        let scheduler: String?
        do {
            scheduler = try context.scheduler().libxlString
        } catch {
            logger.warning("node record without the scheduler's name: \(error)")
            scheduler = nil
        }
        return NodeRecord(
            physical: physical, version: version, topology: topology, scheduler: scheduler, system: .current)
    }
}

/// `uname(2)`: the node record's system fields.
struct SystemName: Hashable, Sendable {
    var system, host, release, version, machine: String

    static var current: SystemName {
        var name = utsname()
        guard uname(&name) == 0 else {
            return SystemName(system: "Linux", host: "", release: "", version: "", machine: "")
        }
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        return SystemName(
            system: text(name.sysname), host: text(name.nodename), release: text(name.release),
            version: text(name.version), machine: text(name.machine))
    }
}

extension NodeRecord {
    /// The node record from libxl's physinfo (pages → MiB), version info and cpu topology (`node_to_cpu`).
    init(physical: PhysInfo, version: VersionInfo, topology: [CPUTopology], scheduler: String?, system: SystemName) {
        let pageSize = UInt64(max(version.pagesize, 4096))
        var cpusByNode = Array(repeating: [Int](), count: Int(max(physical.nrNodes, 1)))
        for (cpu, place) in topology.enumerated() where Int(place.node) < cpusByNode.count {
            cpusByNode[Int(place.node)].append(cpu)
        }
        let sockets = topology.isEmpty ? nil : Set(topology.map(\.socket)).count / max(cpusByNode.count, 1)
        var caps: [String] = []
        if physical.capHVM { caps.append("hvm") }
        if physical.capHVMDirectio { caps.append("hvm_directio") }
        if physical.capPV { caps.append("pv") }
        if physical.capHap { caps.append("hap") }
        if physical.capShadow { caps.append("shadow") }
        self.init(
            system: system.system, host: system.host, release: system.release, version: system.version,
            machine: system.machine, nrCPUs: Int(physical.nrCPUs), nrNodes: Int(physical.nrNodes),
            socketsPerNode: sockets, coresPerSocket: Int(physical.coresPerSocket),
            threadsPerCore: Int(physical.threadsPerCore), cpuMHz: Int(physical.cpuKhz / 1000),
            hwCaps: physical.hwCap.prefix(8).map { hex8($0) }.joined(separator: ":"),
            virtCaps: caps.joined(separator: " "),
            totalMemory: .pages(physical.totalPages, pageSize: pageSize),
            freeMemory: .pages(physical.freePages, pageSize: pageSize),
            nodeToCPU: topology.isEmpty ? nil : NodeRecord.nodeToCPUText(cpusByNode),
            xenMajor: Int(version.xenVersionMajor), xenMinor: Int(version.xenVersionMinor),
            xenExtra: version.xenVersionExtra ?? "", xenCaps: version.capabilities ?? "",
            xenScheduler: scheduler, xenPagesize: Int(pageSize),
            platformParams: "virt_start=0x\(String(version.virtStart, radix: 16))",
            xenChangeset: version.changeset ?? "", xenCommandline: version.commandline,
            ccCompiler: version.compiler ?? "", ccCompileBy: version.compileBy ?? "",
            ccCompileDomain: version.compileDomain ?? "", ccCompileDate: version.compileDate ?? "")
    }
}

/// Eight lower-case hex digits, as xend printed `hw_caps` words.
private func hex8(_ word: UInt32) -> String {
    let digits = String(word, radix: 16)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
