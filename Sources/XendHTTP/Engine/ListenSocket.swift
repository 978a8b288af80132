#if canImport(Glibc)
    import Glibc
#endif

/// A listening socket ready to hand to libmicrohttpd: bound and set up here in Swift, because one
/// code path then serves Unix, TCP and systemd sockets alike (libmicrohttpd takes one listening socket
/// per daemon, so each socket gets its own).
package struct ListenSocket: Sendable {
    /// The descriptor, non-blocking and close-on-exec; MHD owns it while the daemon runs.
    package let fileDescriptor: Int32
    let transport: HTTPTransport
    /// A Unix socket file this process created and must unlink on stop.
    let createdPath: String?
    /// The local port of a TCP socket.
    package let port: Int?
    /// `unix:/path` or `tcp:127.0.0.1:8000`, for logs.
    let name: String

    /// Creates, binds and listens on a Unix socket at `path` (see `HTTPServerConfiguration.Listener.unix`).
    static func unix(path: String, group: String?) throws(HTTPEngineError) -> ListenSocket {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !pathBytes.isEmpty, pathBytes.count < capacity else {
            throw .invalidConfiguration("Unix socket path must be 1 to \(capacity - 1) bytes: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        try createParentDirectories(of: path)
        try removeStaleSocket(at: path, address: address)
        let fd = try newSocket(family: AF_UNIX, subject: path)
        do throws(HTTPEngineError) {
            let length = socklen_t(MemoryLayout<sockaddr_un>.size)
            try check(
                withUnsafePointer(to: &address) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, length) }
                }, "bind", path)
            try setPermissions(path: path, group: group)
            try check(listen(fd, SOMAXCONN), "listen", path)
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
        return ListenSocket(fileDescriptor: fd, transport: .unix, createdPath: path, port: nil, name: "unix:\(path)")
    }

    /// Creates, binds and listens on TCP `host`:`port` (IPv4 or IPv6; port 0 picks a free port).
    package static func tcp(host: String, port: Int) throws(HTTPEngineError) -> ListenSocket {
        guard (0...65535).contains(port) else { throw .invalidConfiguration("TCP port out of range: \(port)") }
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>? = nil
        let status = getaddrinfo(host.isEmpty ? nil : host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .invalidConfiguration("cannot resolve TCP address \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        let subject = "\(host):\(port)"
        let fd = try newSocket(family: first.pointee.ai_family, subject: subject)
        do throws(HTTPEngineError) {
            var one: Int32 = 1
            let size = socklen_t(MemoryLayout<Int32>.size)
            try check(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, size), "setsockopt SO_REUSEADDR", subject)
            if first.pointee.ai_family == AF_INET6 {
                try check(
                    setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, size), "setsockopt IPV6_V6ONLY", subject)
            }
            try check(Glibc.bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen), "bind", subject)
            try check(listen(fd, SOMAXCONN), "listen", subject)
        } catch {
            close(fd)
            throw error
        }
        let bound = localPort(fd) ?? port
        return ListenSocket(
            fileDescriptor: fd, transport: .tcp, createdPath: nil, port: bound, name: "tcp:\(host):\(bound)")
    }

    /// Takes over an already-listening socket; Unix or TCP is read from its address family.
    static func inherited(_ fd: Int32) throws(HTTPEngineError) -> ListenSocket {
        let subject = "inherited descriptor \(fd)"
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        try check(
            withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }, "getsockname", subject)
        var accepting: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        try check(getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &size), "getsockopt SO_ACCEPTCONN", subject)
        guard accepting != 0 else { throw .invalidConfiguration("\(subject) is not a listening socket") }
        try makeNonBlockingAndCloseOnExec(fd, subject: subject)
        switch Int32(storage.ss_family) {
        case AF_UNIX:
            return ListenSocket(fileDescriptor: fd, transport: .unix, createdPath: nil, port: nil, name: "unix:fd\(fd)")
        case AF_INET, AF_INET6:
            let port = localPort(fd)
            return ListenSocket(
                fileDescriptor: fd, transport: .tcp, createdPath: nil, port: port, name: "tcp:fd\(fd):\(port ?? 0)")
        default:
            throw .invalidConfiguration("\(subject) has unsupported address family \(storage.ss_family)")
        }
    }

    /// The local port of a TCP socket, read back with `getsockname`.
    static func localPort(_ fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { return nil }
        let family = Int32(storage.ss_family)
        return withUnsafeBytes(of: &storage) { raw -> Int? in
            switch family {
            case AF_INET: Int(UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port))
            case AF_INET6: Int(UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port))
            default: nil
            }
        }
    }

    private static func newSocket(family: Int32, subject: String) throws(HTTPEngineError) -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(family, type, 0)
        guard fd >= 0 else { throw .system("socket", subject, code: errno) }
        return fd
    }

    private static func makeNonBlockingAndCloseOnExec(_ fd: Int32, subject: String) throws(HTTPEngineError) {
        let flags = fcntl(fd, F_GETFL)
        try check(flags < 0 ? flags : fcntl(fd, F_SETFL, flags | O_NONBLOCK), "fcntl O_NONBLOCK", subject)
        let descriptorFlags = fcntl(fd, F_GETFD)
        try check(
            descriptorFlags < 0 ? descriptorFlags : fcntl(fd, F_SETFD, descriptorFlags | FD_CLOEXEC),
            "fcntl FD_CLOEXEC", subject)
    }

    /// `mkdir -p` of the socket's directory; directories created here get mode 0700.
    private static func createParentDirectories(of path: String) throws(HTTPEngineError) {
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        var current = path.hasPrefix("/") ? "" : "."
        for component in components where !component.isEmpty {
            current += "/" + component
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                throw .system("mkdir", current, code: errno)
            }
        }
    }

    /// Unlinks a socket file nobody listens on; refuses to touch a live socket or a non-socket file.
    private static func removeStaleSocket(at path: String, address: sockaddr_un) throws(HTTPEngineError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard (status.st_mode & S_IFMT) == S_IFSOCK else {
            throw .invalidConfiguration("\(path) exists and is not a socket")
        }
        let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard probe >= 0 else { throw .system("socket", path, code: errno) }
        defer { close(probe) }
        var target = address
        let connected = withUnsafePointer(to: &target) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(probe, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if connected == 0 {
            throw .invalidConfiguration("another server is already listening on \(path)")
        }
        try check(unlink(path), "unlink stale socket", path)
    }

    /// Mode 0600, or 0660 and group `group` so its members can connect.
    private static func setPermissions(path: String, group: String?) throws(HTTPEngineError) {
        guard let group else {
            try check(chmod(path, 0o600), "chmod", path)
            return
        }
        guard let entry = getgrnam(group) else {
            throw .invalidConfiguration("unknown socket group \(group)")
        }
        try check(chown(path, uid_t.max, entry.pointee.gr_gid), "chown", path)
        try check(chmod(path, 0o660), "chmod", path)
    }

    private static func check(_ result: Int32, _ function: String, _ subject: String) throws(HTTPEngineError) {
        if result < 0 { throw .system(function, subject, code: errno) }
    }
}
