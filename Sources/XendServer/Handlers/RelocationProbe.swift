#if canImport(Glibc)
    import Glibc
#endif

/// Connects to a migration destination the way the original's op=migrate began, with a timeout the
/// original lacked, and closes the connection again.
enum RelocationProbe {
    /// `nil` when `host`:`port` accepted a TCP connection within `timeoutSeconds`; otherwise the reason,
    /// worded as Python's socket errors were (`Connection refused`, `Name or service not known`, `timed out`).
    static func connect(host: String, port: Int, timeoutSeconds: Double) -> String? {
        guard (1...65535).contains(port) else { return "Invalid argument" }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>? = nil
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else { return String(cString: gai_strerror(status)) }
        defer { freeaddrinfo(list) }
        var lastFailure = "Connection refused"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            if let failure = attempt(address.pointee, timeoutSeconds: timeoutSeconds) {
                lastFailure = failure
            } else {
                return nil
            }
            entry = address.pointee.ai_next
        }
        return lastFailure
    }

    private static func attempt(_ address: addrinfo, timeoutSeconds: Double) -> String? {
        let fd = socket(
            address.ai_family, address.ai_socktype | Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        if Glibc.connect(fd, address.ai_addr, address.ai_addrlen) == 0 { return nil }
        guard errno == EINPROGRESS else { return String(cString: strerror(errno)) }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&poller, 1, Int32(max(timeoutSeconds, 0) * 1000))
        guard ready > 0 else { return ready == 0 ? "timed out" : String(cString: strerror(errno)) }
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) == 0 else { return String(cString: strerror(errno)) }
        return code == 0 ? nil : String(cString: strerror(code))
    }
}
