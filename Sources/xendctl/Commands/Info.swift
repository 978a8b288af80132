import ArgumentParser
import XendClientKit
import XendModel

/// `xendctl info`: the host, as `xl info` shows it.
struct Info: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Show the host: CPUs, memory and hypervisor version.")

    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl

    func run(with xend: XendClient) async throws {
        let record = try await xend.nodeRecord()
        if global.json {
            try JSONOutput.print(record)
            return
        }
        let node = NodeInfo(record: record)
        let lines: [(String, String)] = [
            ("host", node.host),
            ("release", node.release),
            ("machine", node.machine),
            ("nr_cpus", String(node.cpuCount)),
            ("nr_nodes", String(node.nodeCount)),
            ("cores_per_socket", String(node.coresPerSocket)),
            ("threads_per_core", String(node.threadsPerCore)),
            ("cpu_mhz", String(node.cpuMHz)),
            ("total_memory", String(node.totalMemory >> 20)),
            ("free_memory", String(node.freeMemory >> 20)),
            ("xen_major", String(node.xenMajor)),
            ("xen_minor", String(node.xenMinor)),
            ("xen_extra", node.xenExtra),
            ("xen_caps", node.xenCaps),
            ("xen_scheduler", node.scheduler ?? "-"),
            ("xend_config_format", String(node.configFormat)),
        ]
        for (key, value) in lines {
            print(key.leftAligned(23) + ": " + value)
        }
    }
}
