#if canImport(Glibc)
    import Glibc
#endif

/// Core dumps, the hypervisor console ring, and shutdowns with a reason (`xl dump-core`, `xl dmesg`).
extension Context {
    /// Writes the domain's memory and vcpu state to `path` as an ELF core file (`libxl_domain_core_dump`).
    /// The domain keeps its state: pause it first for a consistent image.
    public func dumpCore(of domain: Domid, to path: String) throws(XenlightError) {
        try check(Calls.domainCoreDump(handle, domain.rawValue, path), "libxl_domain_core_dump")
    }

    /// Sends debug keys to the hypervisor, as `xl debug-keys` does (`libxl_send_debug_keys`): each character
    /// is a Xen console key (`h` lists them); Xen writes the output to its console ring.
    /// - Throws: `XenlightError.invalid` when `keys` is empty or holds anything but printable ASCII.
    public func sendDebugKeys(_ keys: String) throws(XenlightError) {
        guard !keys.isEmpty, keys.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw XenlightError.invalid.in("libxl_send_debug_keys")
        }
        try check(Calls.sendDebugKeys(handle, keys), "libxl_send_debug_keys")
    }

    /// The hypervisor's console ring as `xl dmesg` prints it (`libxl_xen_console_read_start`, `_line`,
    /// `_finish`). With `clear`, Xen empties the ring as it is read (`xl dmesg -c`).
    public func hypervisorConsole(clear: Bool = false) throws(XenlightError) -> String {
        guard let reader = Calls.xenConsoleReadStart(handle, clear: clear) else {
            throw XenlightError.fail.in("libxl_xen_console_read_start")
        }
        defer { Calls.xenConsoleReadFinish(handle, reader) }
        var text = ""
        while true {
            let (rc, chunk) = Calls.xenConsoleReadLine(handle, reader)
            try check(rc, "libxl_xen_console_read_line")
            guard rc == 1, let chunk else { return text }
            text += chunk
        }
    }

    /// Shuts the domain down from outside with Xen's `SHUTDOWN_*` code `reason` (`xc_domain_shutdown`,
    /// `SCHEDOP_remote_shutdown`): the domain stops at once and reports that reason, as if the guest had
    /// shut itself down so. libxl has no call for this; `shutdown(_:)` only asks the guest to power off.
    public func shutdown(_ domain: Domid, reason: Int32) throws(XenlightError) {
        let rc = Calls.remoteShutdown(domain.rawValue, reason)
        guard rc == 0 else {
            throw XenlightError(code: .fail, function: "xc_domain_shutdown (\(String(cString: strerror(-rc))))")
        }
    }
}
