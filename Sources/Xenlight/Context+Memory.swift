/// Domain memory (docs/xenlight-coverage.md, domain memory).
extension Context {
    /// Sets the most memory the domain may have (`libxl_domain_setmaxmem`).
    public func setMaxMemory(_ memory: Kibibytes, for domain: Domid) throws(XenlightError) {
        try check(Calls.domainSetMaxMem(handle, domain.rawValue, memory.rawValue), "libxl_domain_setmaxmem")
    }

    /// Sets the balloon target (`libxl_set_memory_target`, absolute).
    /// - Parameter enforce: also lower the domain's maximum to the target, as `xl mem-set` does.
    public func setMemoryTarget(_ memory: Kibibytes, for domain: Domid, enforce: Bool = true) throws(XenlightError) {
        guard memory.rawValue <= UInt64(Int64.max) else {
            throw XenlightError.invalid.in("libxl_set_memory_target")
        }
        try check(
            Calls.setMemoryTarget(handle, domain.rawValue, Int64(memory.rawValue), enforce),
            "libxl_set_memory_target")
    }

    /// The balloon target (`libxl_get_memory_target`).
    public func memoryTarget(of domain: Domid) throws(XenlightError) -> Kibibytes {
        var kibibytes: UInt64 = 0
        try check(Calls.getMemoryTarget(handle, domain.rawValue, &kibibytes), "libxl_get_memory_target")
        return Kibibytes(kibibytes)
    }
}

extension Context {
    /// The memory a domain built from `config` needs, overheads included (`libxl_domain_need_memory`);
    /// how much to balloon out of dom0 before `createDomain(_:)`.
    public func memoryNeeded(for config: DomainConfig) throws(XenlightError) -> Kibibytes {
        var kibibytes: UInt64 = 0
        try config.withC { pointer throws(XenlightError) in
            try check(Calls.domainNeedMemory(handle, pointer, &kibibytes), "libxl_domain_need_memory")
        }
        return Kibibytes(kibibytes)
    }

    /// Waits until `memory` is free, while `domain` balloons down (`libxl_wait_for_free_memory`).
    /// - Throws: `XenlightError` with `ERROR_NOMEM` when the time runs out first.
    public func waitForFreeMemory(_ memory: Kibibytes, while domain: Domid, seconds: Int32) throws(XenlightError) {
        try check(
            Calls.waitForFreeMemory(handle, domain.rawValue, memory.rawValue, seconds), "libxl_wait_for_free_memory")
    }

    /// Waits until the domain reaches its balloon target (`libxl_wait_for_memory_target`).
    public func waitForMemoryTarget(of domain: Domid, seconds: Int32) throws(XenlightError) {
        try check(Calls.waitForMemoryTarget(handle, domain.rawValue, seconds), "libxl_wait_for_memory_target")
    }
}
