import FoundationEssentials
import Hypervisor
import XendModel
import Xenlight

/// Questions to libxl whose "no" is an answer, not a failure: which domain holds a name, what a domain's
/// info is now. A real failure is logged and then read as "no", as xend did.
extension LibxlHypervisor {
    /// The live domain called `name`, if any. libxl answers `ERROR_INVAL` for a name no domain has.
    func holder(of name: DomainName) -> Domid? {
        do {
            return try context.domainID(named: name.rawValue)
        } catch .invalid {
            return nil
        } catch {
            logger.warning("cannot tell which domain is called \(name.rawValue), taking it as free: \(error)")
            return nil
        }
    }

    /// Refuses `name` (xend's `VM name '<name>' already exists`) when a live domain holds it, unless
    /// `mayHold` accepts that domain (the one being redefined, or the sender of a migration to this host).
    /// Returns the holder it accepted.
    @discardableResult
    func refuseTakenName(_ name: DomainName, unlessHeldBy mayHold: (Domid) -> Bool = { _ in false })
        throws(XendError) -> Domid?
    {
        guard let holder = holder(of: name) else { return nil }
        guard mayHold(holder) else { throw .nameExists(name.rawValue) }
        return holder
    }

    /// The domain's info now, or `nil` when it is gone (`ERROR_DOMAIN_NOTFOUND`, or libxl's `ERROR_INVAL`
    /// for an id no domain has); other failures are logged first.
    func currentInfo(_ id: Domid) -> DomInfo? {
        do {
            return try context.domainInfo(id)
        } catch .domainNotFound, .invalid {
            return nil
        } catch {
            logger.warning("cannot read the info of domain \(id.rawValue), taking it as gone: \(error)")
            return nil
        }
    }
}
