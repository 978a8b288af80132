/// Core dumps (`libxl_domain_core_dump`), which `on_crash = "coredump-destroy"` and
/// `"coredump-restart"` need.
extension Context {
    /// Writes the domain's memory as an ELF core file to `path` (synchronous); the domain is left as it
    /// was (a running guest keeps running, a crashed one stays crashed).
    public func dumpCore(of domain: DomainID, to path: String) throws(XenlightError) {
        try check(Calls.domainCoreDump(handle, domain.rawValue, path), "libxl_domain_core_dump")
    }
}
