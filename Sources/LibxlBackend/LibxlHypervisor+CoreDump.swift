import Hypervisor
public import XendModel
import Xenlight

/// `op=dump`: `libxl_domain_core_dump`, then what the flags ask.
extension LibxlHypervisor {
    /// Writes an ELF core file of the domain to `path`. Without `live` the guest is paused meanwhile, so the
    /// image is consistent; afterwards `crash` destroys it, `reset` rebuilds it, otherwise it carries on.
    public func dumpCore(
        _ domain: DomainID, to path: String, live: Bool, crash: Bool, reset: Bool
    ) throws(XendError) {
        let id = try liveID(domain)
        try refuseControlDomain(id, "dump core for")
        let info = try liveInfo(domain)
        guard !info.dying else { throw .domainNotRunning }
        let pausesGuest = !live && !info.paused
        if pausesGuest { try libxl("libxl_domain_pause") { () throws(XenlightError) in try context.pause(id) } }
        do {
            try context.dumpCore(of: id, to: path)
        } catch {
            if pausesGuest { try? context.unpause(id) }
            throw XendError(.operationFailed, "Failed to dump core to \(path): \(error)")
        }
        logger.info("domain \(domain.rawValue) core dumped to \(path)")
        if crash {
            try libxl("libxl_domain_destroy") { () throws(XenlightError) in try context.destroy(id) }
        } else if reset {
            try self.reset(domain)
        } else if pausesGuest {
            try libxl("libxl_domain_unpause") { () throws(XenlightError) in try context.unpause(id) }
        }
    }
}
