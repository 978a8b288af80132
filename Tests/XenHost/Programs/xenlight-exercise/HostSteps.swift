import Xenlight

/// Read-only calls that are safe on any Xen host: host figures and dom0.
struct HostSteps {
    let context: Context
    let runner: ExerciseRunner

    func run() {
        runner.expect("libxl_get_version_info") {
            let info = try context.versionInfo()
            return info.xenVersionMajor >= 4 ? nil : "Xen major version \(info.xenVersionMajor)"
        }
        runner.expect("libxl_get_max_cpus") { try context.maxCPUs() > 0 ? nil : "no CPUs" }
        runner.expect("libxl_get_online_cpus") { try context.onlineCPUs() > 0 ? nil : "no CPUs online" }
        runner.expect("libxl_get_max_nodes") { try context.maxNodes() > 0 ? nil : "no NUMA nodes" }
        runner.step("libxl_get_free_memory") { try context.freeMemory() }
        runner.expect("libxl_get_physinfo") {
            let info = try context.physicalInfo()
            return info.totalPages > 0 ? nil : "total_pages is 0"
        }
        runner.expect("libxl_list_domain") {
            try context.domains().contains { $0.domid == 0 } ? nil : "dom0 missing from the list"
        }
        runner.expect("libxl_domain_info") {
            try context.domainInfo(.control).domid == 0 ? nil : "wrong domain"
        }
        runner.expect("libxl_domid_to_name") { context.name(of: .control) == "Domain-0" ? nil : "dom0 not named" }
        runner.expect("libxl_name_to_domid") {
            try context.domainID(named: "Domain-0") == .control ? nil : "Domain-0 is not domain 0"
        }
        runner.expect("libxl_list_vcpu") { try context.vcpus(of: .control).isEmpty ? "dom0 has no vcpus" : nil }
        runner.step("libxl_get_memory_target") { try context.memoryTarget(of: .control) }
        runner.step("libxl_domain_sched_params_get") { try context.schedulerParameters(of: .control) }
        runner.step("libxl_device_disk_list") { context.disks(of: .control) }
        runner.step("libxl_device_nic_list") { context.nics(of: .control) }
        runner.step("libxl_list_vm") { try context.virtualMachines() }
        runner.expect("libxl_list_cpupool") { try context.cpuPools().isEmpty ? "no CPU pools" : nil }
        runner.expect("libxl_get_cpu_topology") { try context.cpuTopology().isEmpty ? "no CPUs" : nil }
        runner.step("libxl_get_pci_topology") { try context.pciTopology() }
        runner.expect("libxl_get_numainfo") { try context.numaInfo().isEmpty ? "no NUMA nodes" : nil }
        runner.expect("libxl_get_scheduler") {
            let scheduler = try context.scheduler()
            return scheduler.libxlString == nil ? "unknown scheduler \(scheduler.rawValue)" : nil
        }
        runner.step("libxl_get_freecpus") { try context.freeCPUs() }
        runner.expect("libxl_cpupool_info") {
            let pool = try context.cpuPoolInfo(CPUPool.primaryID)
            return pool.poolName == "Pool-0" && !pool.cpumap.isEmpty
                ? nil : "pool 0 is \(pool.poolName ?? "nil") with CPUs \(pool.cpumap.indices)"
        }
        runner.expect("libxl_send_debug_keys") {
            // 'h' makes Xen list its debug keys on its console, which the ring then shows.
            try context.sendDebugKeys("h")
            return try context.hypervisorConsole().contains("'h' pressed")
                ? nil : "no \"'h' pressed\" in the console ring"
        }
        // Empty unless dom0's pciback holds devices; libxl logs "pciback driver not loaded" when it is absent.
        runner.step("libxl_device_pci_assignable_list") { context.assignablePCIDevices() }
    }
}
