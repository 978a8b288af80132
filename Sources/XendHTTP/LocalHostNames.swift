#if canImport(Glibc)
    import Glibc
#endif

/// The names and addresses this machine answers to, for the `Host` check of ``BrowserPolicy``.
public enum LocalHostNames {
    /// Always the daemon's own: a browser on this host reaches it under these.
    public static let loopback = ["localhost", "127.0.0.1", "::1"]

    /// The listen addresses given (wildcards such as `''`, `0.0.0.0` and `::` left out), the host name
    /// (`gethostname`, and its first label), and the addresses of every network interface, read now.
    public static func discover(listenAddresses: [String]) -> [String] {
        var names = listenAddresses.filter { !["", "0.0.0.0", "::", "*"].contains($0) }
        var buffer = [CChar](repeating: 0, count: 256)
        if gethostname(&buffer, buffer.count - 1) == 0 {
            let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !name.isEmpty {
                names.append(name)
                if let label = name.split(separator: ".").first { names.append(String(label)) }
            }
        }
        return names + interfaceAddresses()
    }

    /// Numeric IPv4 and IPv6 addresses of the interfaces (`getifaddrs`), without a `%zone`.
    static func interfaceAddresses() -> [String] {
        var list: UnsafeMutablePointer<ifaddrs>? = nil
        guard getifaddrs(&list) == 0 else { return [] }
        defer { freeifaddrs(list) }
        var addresses: [String] = []
        var entry = list
        while let current = entry {
            defer { entry = current.pointee.ifa_next }
            guard let address = current.pointee.ifa_addr else { continue }
            let family = Int32(address.pointee.sa_family)
            guard family == AF_INET || family == AF_INET6 else { continue }
            let length = socklen_t(
                family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard getnameinfo(address, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else {
                continue
            }
            let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            addresses.append(String(text.prefix { $0 != "%" }))
        }
        return addresses
    }
}
