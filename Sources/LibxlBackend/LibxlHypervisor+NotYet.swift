public import FoundationEssentials
import Hypervisor
public import XendModel

/// Operations the libxl backend does not carry out yet: each fails with a clear error rather than pretend.
/// docs/libxl-backend.md lists them and the libxl calls that will do them.
extension LibxlHypervisor {
    public func defineDomain(_ config: XendModel.DomainConfig) throws(XendError) -> DomainRecord {
        throw .notSupportedByLibxl("managed domains (new)")
    }

    public func startDomain(_ uuid: UUID) throws(XendError) -> DomainRecord {
        throw .notSupportedByLibxl("managed domains (start)")
    }

    public func deleteDomain(_ uuid: UUID) throws(XendError) {
        throw .notSupportedByLibxl("managed domains (delete)")
    }

    /// No managed domains yet: the list is empty, which is the truth for this backend.
    public func definedDomains() throws(XendError) -> [DomainRecord] { [] }
}
