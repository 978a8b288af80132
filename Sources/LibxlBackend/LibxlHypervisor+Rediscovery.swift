import FoundationEssentials
import XendModel
import Xenlight

extension LibxlHypervisor {
    /// Finds this daemon's domains again after a (re)start: every live domain carrying our stored config
    /// is followed for death events once more. Domains made by other tools are listed but not followed.
    func rediscoverDomains() {
        let infos: [DomInfo]
        do {
            infos = try context.domains()
        } catch {
            logger.error("cannot list the domains to find ours again: \(error)")
            return
        }
        for info in infos where info.domid != Domid.control.rawValue {
            let id = Domid(info.domid)
            guard let config = storedConfig(of: id) else { continue }
            let name = context.name(of: id).flatMap(DomainName.init(validating:)) ?? config.name
            do throws(XenlightError) {
                try watcher.watch(
                    id, name: name, uuid: effectiveUUID(of: info, stored: config.uuid), builtAt: nil,
                    handled: isMarkedHandled(id))
                logger.notice("found domain \(name.rawValue) (id \(id.rawValue)) again; following its lifecycle")
            } catch {
                logger.error("cannot follow domain \(name.rawValue) (id \(id.rawValue)): \(error)")
            }
        }
    }

    /// Whether the domain's shutdown was dealt with already (see ``handledKey``).
    func isMarkedHandled(_ id: Domid) -> Bool {
        do {
            return try context.userData(key: Self.handledKey, for: id).map { !$0.isEmpty } ?? false
        } catch {
            logger.warning(
                "cannot tell whether domain \(id.rawValue)'s shutdown was handled; taking it as not: \(error)")
            return false
        }
    }
}
