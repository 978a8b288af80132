/// Library and host information (docs/xenlight-coverage.md#functions).
extension Context {
    /// The hypervisor's version details (`libxl_get_version_info`).
    public func versionInfo() throws(XenlightError) -> VersionInfo {
        guard let info = Calls.getVersionInfo(handle) else {
            throw XenlightError.fail.in("libxl_get_version_info")
        }
        return info
    }

    /// The most CPUs the host can have (`libxl_get_max_cpus`).
    public func maxCPUs() throws(XenlightError) -> Int {
        let count = Calls.getMaxCPUs(handle)
        try check(count, "libxl_get_max_cpus")
        return Int(count)
    }

    /// The CPUs online now (`libxl_get_online_cpus`).
    public func onlineCPUs() throws(XenlightError) -> Int {
        let count = Calls.getOnlineCPUs(handle)
        try check(count, "libxl_get_online_cpus")
        return Int(count)
    }

    /// The most NUMA nodes the host can have (`libxl_get_max_nodes`).
    public func maxNodes() throws(XenlightError) -> Int {
        let count = Calls.getMaxNodes(handle)
        try check(count, "libxl_get_max_nodes")
        return Int(count)
    }

    /// Memory not yet given to any domain (`libxl_get_free_memory`).
    public func freeMemory() throws(XenlightError) -> Kibibytes {
        var kibibytes: UInt64 = 0
        try check(Calls.getFreeMemory(handle, &kibibytes), "libxl_get_free_memory")
        return Kibibytes(kibibytes)
    }

    /// CPU, memory and capability figures for the host (`libxl_get_physinfo`).
    public func physicalInfo() throws(XenlightError) -> PhysInfo {
        try PhysInfo.withInitializedC { info throws(XenlightError) in
            try check(Calls.getPhysinfo(handle, info), "libxl_get_physinfo")
            return PhysInfo(fromC: info.pointee)
        }
    }
}
