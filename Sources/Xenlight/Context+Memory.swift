import XendModel

/// Domain memory (libxl-coverage.md step 5).
extension Context {
    /// Sets the most memory the domain may have (`libxl_domain_setmaxmem`).
    public func setMaxMemory(_ memory: Memory, for domain: DomainID) throws(XenlightError) {
        try check(Calls.domainSetMaxMem(handle, domain.rawValue, memory.inKibibytes), "libxl_domain_setmaxmem")
    }

    /// Sets the balloon target (`libxl_set_memory_target`, absolute).
    /// - Parameter enforce: also lower the domain's maximum to the target, as `xl mem-set` does.
    public func setMemoryTarget(_ memory: Memory, for domain: DomainID, enforce: Bool = true) throws(XenlightError) {
        guard memory.inKibibytes <= UInt64(Int64.max) else {
            throw XenlightError.invalid.in("libxl_set_memory_target")
        }
        try check(
            Calls.setMemoryTarget(handle, domain.rawValue, Int64(memory.inKibibytes), enforce),
            "libxl_set_memory_target")
    }

    /// The balloon target (`libxl_get_memory_target`).
    public func memoryTarget(of domain: DomainID) throws(XenlightError) -> Memory {
        var kibibytes: UInt64 = 0
        try check(Calls.getMemoryTarget(handle, domain.rawValue, &kibibytes), "libxl_get_memory_target")
        return .kibibytes(kibibytes)
    }
}

extension Context {
    /// The memory a domain built from `config` needs, overheads included (`libxl_domain_need_memory`);
    /// how much to balloon out of dom0 before `createDomain(_:)`.
    public func memoryNeeded(for config: DomainConfig) throws(XenlightError) -> Memory {
        var kibibytes: UInt64 = 0
        try config.withC { pointer throws(XenlightError) in
            try check(Calls.domainNeedMemory(handle, pointer, &kibibytes), "libxl_domain_need_memory")
        }
        return .kibibytes(kibibytes)
    }

    /// Waits until `memory` is free, while `domain` balloons down (`libxl_wait_for_free_memory`).
    /// - Throws: `XenlightError` with `ERROR_NOMEM` when the time runs out first.
    public func waitForFreeMemory(_ memory: Memory, while domain: DomainID, seconds: Int32) throws(XenlightError) {
        try check(
            Calls.waitForFreeMemory(handle, domain.rawValue, memory.inKibibytes, seconds), "libxl_wait_for_free_memory")
    }

    /// Waits until the domain reaches its balloon target (`libxl_wait_for_memory_target`).
    public func waitForMemoryTarget(of domain: DomainID, seconds: Int32) throws(XenlightError) {
        try check(Calls.waitForMemoryTarget(handle, domain.rawValue, seconds), "libxl_wait_for_memory_target")
    }
}
