/// Secondary host information (docs/xenlight-coverage.md#functions).
extension Context {
    /// The guests (dom0 excluded) with their UUIDs (`libxl_list_vm`).
    public func virtualMachines() throws(XenlightError) -> [VmInfo] {
        var count: CInt = 0
        guard let list = Calls.listVM(handle, &count) else { throw XenlightError.fail.in("libxl_list_vm") }
        defer { Calls.vminfoListFree(list, count) }
        return cArray(list, count: count) { VmInfo(fromC: $0) }
    }

    /// The CPU pools (`libxl_list_cpupool`).
    public func cpuPools() throws(XenlightError) -> [CpupoolInfo] {
        var count: CInt = 0
        guard let list = Calls.listCPUPool(handle, &count) else { throw XenlightError.fail.in("libxl_list_cpupool") }
        defer { Calls.cpupoolinfoListFree(list, count) }
        return cArray(list, count: count) { CpupoolInfo(fromC: $0) }
    }

    /// Core, socket and node of every CPU (`libxl_get_cpu_topology`).
    public func cpuTopology() throws(XenlightError) -> [CPUTopology] {
        var count: CInt = 0
        guard let list = Calls.getCPUTopology(handle, &count) else {
            throw XenlightError.fail.in("libxl_get_cpu_topology")
        }
        defer { Calls.cputopologyListFree(list, count) }
        return cArray(list, count: count) { CPUTopology(fromC: $0) }
    }

    /// The NUMA node of every PCI device (`libxl_get_pci_topology`).
    public func pciTopology() throws(XenlightError) -> [PCITopology] {
        var count: CInt = 0
        guard let list = Calls.getPCITopology(handle, &count) else {
            throw XenlightError.fail.in("libxl_get_pci_topology")
        }
        defer { Calls.pcitopologyListFree(list, count) }
        return cArray(list, count: count) { PCITopology(fromC: $0) }
    }

    /// Size, free memory and distances of every NUMA node (`libxl_get_numainfo`).
    public func numaInfo() throws(XenlightError) -> [NUMAInfo] {
        var count: CInt = 0
        guard let list = Calls.getNUMAInfo(handle, &count) else { throw XenlightError.fail.in("libxl_get_numainfo") }
        defer { Calls.numainfoListFree(list, count) }
        return cArray(list, count: count) { NUMAInfo(fromC: $0) }
    }

    /// The hypervisor's default scheduler (`libxl_get_scheduler`).
    public func scheduler() throws(XenlightError) -> Scheduler {
        let value = Calls.getScheduler(handle)
        try check(value, "libxl_get_scheduler")
        return Scheduler(rawValue: value)
    }
}
