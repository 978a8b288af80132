import Hypervisor
public import XendModel
import Xenlight

/// `op=reset`: destroy, then build again from the config.
extension LibxlHypervisor {
    /// Hard reset: the domain is destroyed and built again, under a new domain id, from its stored xend
    /// config (devices hot-plugged since included) or, for a domain another tool made, from libxl's
    /// view of it; then it runs.
    public func reset(_ domain: DomainID) throws(XendError) {
        let id = try liveID(domain)
        try refuseControlDomain(id, "reset")
        let info = try liveInfo(domain)
        guard !info.dying, !info.shutdown else { throw .domainNotRunning }
        let config = storedConfig(of: id)
        let libxlConfig: DomainConfig
        if let config {
            libxlConfig = try DomainConfig(xend: config)
        } else {
            libxlConfig = try libxl("libxl_retrieve_domain_configuration") { () throws(XenlightError) in
                try context.configuration(of: id)
            }
        }
        try libxl("libxl_domain_destroy") { () throws(XenlightError) in try context.destroy(id) }
        let newID: Domid
        do {
            newID = try context.createDomain(libxlConfig)
        } catch {
            throw .errorCreatingDomain("reset of domain \(domain.rawValue): libxl_domain_create_new failed: \(error)")
        }
        // Only domains this daemon made are followed; another tool's domain stays that tool's business.
        if let config { try adopt(newID, config) }
        do throws(XendError) {
            try libxl("libxl_domain_unpause") { () throws(XenlightError) in try context.unpause(newID) }
            announce(newID, .unpaused)
        } catch {
            watcher.unwatch(newID)
            try? context.destroy(newID)
            throw error
        }
        logger.info("domain \(domain.rawValue) reset; it runs again as domain \(newID.rawValue)")
    }
}
