import FoundationEssentials
import Hypervisor
public import XendModel
import Xenlight

#if canImport(Glibc)
    import Glibc
#endif

/// `GET /xend/node/dmesg` and `POST /xend/node/dmesg op=clear`.
extension LibxlHypervisor {
    /// Xen's console ring, as `xl dmesg` reads it.
    public func hypervisorConsole() throws(XendError) -> String {
        try libxl("libxl_xen_console_read") { () throws(XenlightError) in try context.hypervisorConsole() }
    }

    /// Empties Xen's console ring: libxl's reader with `clear` (`xl dmesg -c`) has Xen clear it as it is read.
    public func clearHypervisorConsole() throws(XendError) {
        _ = try libxl("libxl_xen_console_read") { () throws(XenlightError) in
            try context.hypervisorConsole(clear: true)
        }
        logger.info("hypervisor console cleared")
    }

}
