import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// sd_notify(3) without libsystemd: one datagram to the Unix socket named by `NOTIFY_SOCKET`
/// (a leading `@` names an abstract socket). Does nothing when the variable is unset.
enum SystemdNotifier {
    static func notify(_ state: String, logger: Logger) {
        guard let value = getenv("NOTIFY_SOCKET") else { return }
        let path = Array(String(cString: value).utf8)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !path.isEmpty, path.count < capacity else {
            logger.warning("NOTIFY_SOCKET is not a usable socket path")
            return
        }
        var bytes = path
        if bytes[0] == UInt8(ascii: "@") { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (bytes[0] == 0 ? 0 : 1))
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            logger.warning("cannot notify systemd: \(String(cString: strerror(errno)))")
            return
        }
        defer { close(fd) }
        let message = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                message.withUnsafeBytes {
                    sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), socketAddress, length)
                }
            }
        }
        if sent < 0 { logger.warning("cannot notify systemd: \(String(cString: strerror(errno)))") }
    }
}
