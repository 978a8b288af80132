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
