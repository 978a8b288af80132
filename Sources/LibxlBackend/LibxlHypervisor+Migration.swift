public import XendModel

/// `op=migrate`: not carried out by the libxl backend (HTTP 501). docs/libxl-backend.md ("Migration")
/// says what it takes: a relocation listener in the daemon that reads our save header and hands the
/// socket to `libxl_domain_create_restore`, and this side suspending live into the connected socket.
extension LibxlHypervisor {
    public func migrate(_ domain: XendModel.DomainID, to host: String, port: Int, live: Bool) throws(XendError) {
        _ = try liveID(domain)
        throw .notSupportedByLibxl("migrate (the daemon has no relocation server to receive a domain)")
    }
}
