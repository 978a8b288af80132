#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A connected stream socket to the daemon, for ``SocketTransport``. The descriptor stays in blocking mode
/// for `connect` (which the send timeout bounds); reads and writes never block (`MSG_DONTWAIT`) and wait in
/// `poll` until a deadline, so a daemon that stops answering cannot hold the caller forever.
struct SocketConnection: Sendable {
    let descriptor: Int32

    /// Why a read or write failed.
    enum Failure: Error, Equatable {
        /// The deadline passed first.
        case timedOut
        /// The system call failed with this errno.
        case system(Int32)
    }

    /// Connects to `endpoint`, trying each address of a TCP host in turn.
    /// - Throws: ``ConnectionFailure`` with the reason (the `strerror` text of the last address's failure).
    static func connect(to endpoint: XendClient.Endpoint, timeout: Duration) throws(ConnectionFailure)
        -> SocketConnection
    {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        switch endpoint {
        case .unixSocket(let path):
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            let capacity = MemoryLayout.size(ofValue: address.sun_path)
            guard bytes.count < capacity, !bytes.contains(0) else {
                throw ConnectionFailure(reason: "bad address: the socket path is not a path of under \(capacity) bytes")
            }
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    open(family: AF_UNIX, address: $0, length: socklen_t(MemoryLayout<sockaddr_un>.size), deadline)
                }
            }
            switch result {
            case .success(let descriptor): return SocketConnection(descriptor: descriptor)
            case .failure(let code): throw ConnectionFailure(reason: String(cString: strerror(code.value)))
            }
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = streamType
            hints.ai_flags = AI_NUMERICSERV
            var list: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, String(port), &hints, &list)
            guard status == 0, let list else {
                throw ConnectionFailure(reason: "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
            }
            defer { freeaddrinfo(list) }
            var code = ECONNREFUSED
            for entry in sequence(first: list, next: { $0.pointee.ai_next }) {
                guard let address = entry.pointee.ai_addr else { continue }
                switch open(
                    family: entry.pointee.ai_family, address: address, length: entry.pointee.ai_addrlen, deadline)
                {
                case .success(let descriptor): return SocketConnection(descriptor: descriptor)
                case .failure(let failure): code = failure.value
                }
            }
            throw ConnectionFailure(reason: String(cString: strerror(code)))
        }
    }

    /// An errno value as an `Error`, for the `Result` of ``open(family:address:length:_:)``.
    private struct Errno: Error {
        var value: Int32
    }

    /// Opens a socket and connects it; returns the descriptor, or the errno of the failure.
    private static func open(
        family: Int32, address: UnsafePointer<sockaddr>, length: socklen_t, _ deadline: ContinuousClock.Instant
    ) -> Result<Int32, Errno> {
        let remaining = deadline - .now
        guard remaining > .zero else { return .failure(Errno(value: ETIMEDOUT)) }
        #if canImport(Glibc)
            // Close-on-exec: the caller's child processes must not inherit the daemon connection.
            let descriptor = socket(family, streamType | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
            let descriptor = socket(family, streamType, 0)
        #endif
        guard descriptor >= 0 else { return .failure(Errno(value: errno)) }
        #if canImport(Darwin)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            var noSignal: Int32 = 1
            _ = setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &noSignal, socklen_t(MemoryLayout<Int32>.size))
        #endif
        // A blocking connect gives up after the send timeout (Unix sockets and TCP alike).
        var limit = timeval(
            tv_sec: .init(remaining.components.seconds),
            tv_usec: .init(max(remaining.components.attoseconds / 1_000_000_000_000, 1)))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        if systemConnect(descriptor, address, length) != 0 {
            var code = errno
            if code == EINTR {
                // The connection goes on in the background: wait for it, then read its outcome.
                let connection = SocketConnection(descriptor: descriptor)
                code = ETIMEDOUT
                if (try? connection.wait(for: Int16(POLLOUT), until: deadline)) != nil {
                    var result: Int32 = 0
                    var size = socklen_t(MemoryLayout<Int32>.size)
                    if getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &result, &size) == 0 { code = result }
                }
            }
            if code != 0 {
                _ = systemClose(descriptor)
                // A connect cut short by the send timeout says EINPROGRESS (TCP) or EAGAIN (Unix socket).
                return .failure(Errno(value: code == EINPROGRESS || code == EAGAIN ? ETIMEDOUT : code))
            }
        }
        if family == AF_INET || family == AF_INET6 {
            // Requests go out in one write and wait for their reply: nothing to gain from coalescing.
            var one: Int32 = 1
            _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        return .success(descriptor)
    }

    /// Writes all of `bytes`.
    func send(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer in
                systemSend(descriptor, buffer.baseAddress! + offset, buffer.count - offset, Self.sendFlags)
            }
            if sent >= 0 {
                offset += sent
                continue
            }
            let code = errno
            if code == EINTR { continue }
            guard code == EAGAIN || code == EWOULDBLOCK else { throw .system(code) }
            try wait(for: Int16(POLLOUT), until: deadline)
        }
    }

    /// Waits for bytes and appends them to `buffer`.
    /// - Returns: How many bytes were appended; 0 when the peer closed the connection.
    func receive(into buffer: inout [UInt8], until deadline: ContinuousClock.Instant) throws(Failure) -> Int {
        while true {
            try wait(for: Int16(POLLIN), until: deadline)
            let received = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16384) { scratch in
                let count = recv(descriptor, scratch.baseAddress, scratch.count, Int32(MSG_DONTWAIT))
                if count > 0 { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<count])) }
                return count
            }
            if received >= 0 { return received }
            let code = errno
            guard code == EINTR || code == EAGAIN || code == EWOULDBLOCK else { throw .system(code) }
        }
    }

    /// Closes the descriptor.
    func close() {
        _ = systemClose(descriptor)
    }

    /// Waits in `poll` until the descriptor is ready for `events` (or has an error or hang-up, which the
    /// next read or write reports).
    private func wait(for events: Int16, until deadline: ContinuousClock.Instant) throws(Failure) {
        while true {
            let remaining = deadline - .now
            guard remaining > .zero else { throw .timedOut }
            let (seconds, attoseconds) = remaining.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0, errno != EINTR { throw .system(errno) }
        }
    }

    #if canImport(Glibc)
        private static let streamType = Int32(SOCK_STREAM.rawValue)
        /// No SIGPIPE when the daemon has closed the connection: the caller's process must not die of it.
        private static let sendFlags = Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)
    #else
        private static let streamType = SOCK_STREAM
        private static let sendFlags = MSG_DONTWAIT
    #endif
}

#if canImport(Glibc)
    private let systemConnect = Glibc.connect
    private let systemSend = Glibc.send
    private let systemClose = Glibc.close
#else
    private let systemConnect = Darwin.connect
    private let systemSend = Darwin.send
    private let systemClose = Darwin.close
#endif
