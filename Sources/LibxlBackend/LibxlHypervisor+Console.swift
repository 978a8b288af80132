import FoundationEssentials
import Hypervisor
public import XendModel
import Xenlight

#if canImport(Glibc)
    import Glibc
#endif

/// `GET /xend/node/dmesg`, `POST /xend/node/dmesg op=clear` and `GET /xend/node/log`.
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

    /// The daemon's own log: the file `--daemon-log` names, where the daemon's service (or the operator)
    /// sends its output, as with the simulated host.
    public func daemonLog() throws(XendError) -> String {
        guard let file = fopen(configuration.daemonLogPath, "r") else {
            throw XendError(
                .operationFailed,
                "can't read daemon log \(configuration.daemonLogPath): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count > 0 { bytes += buffer[..<count] }
            if count < buffer.count { break }
        }
        guard ferror(file) == 0 else {
            throw XendError(.operationFailed, "can't read daemon log \(configuration.daemonLogPath): read error")
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
