import Glibc
import XendModel

extension SimulatedHypervisor {
    /// xend's relocation port (`xend-relocation-port`).
    static let defaultRelocationPort = 8002

    /// Migration as xend did it: connect to the destination's relocation server, send `receive\n`, then
    /// the guest's state (here the ``SaveImage`` bytes), and destroy the domain here. With nothing
    /// listening, it fails with xend's `can't connect: <strerror>` and the domain carries on.
    public func migrate(_ id: DomainID, to host: String, port: Int, live: Bool) throws(XendError) {
        try operateOnGuest(id, "migrate") { domain, now throws(XendError) in
            guard domain.state.withLock({ $0.guest.isExecuting }) else { throw .domainNotRunning }
            let socket = try Self.connect(to: host, port: port == 0 ? Self.defaultRelocationPort : port)
            defer { close(socket) }
            let snapshot = domain.state.withLock { state in
                state.guest.stop(.suspend, at: now)
                state.shutdownHandled = true
                return state
            }
            log("Domain \(id) migrating to \(host) (\(live ? "live" : "stopped"))", at: now)
            do throws(AtomicFile.Failure) {
                try AtomicFile.writeAll(
                    Array("receive\n".utf8) + guestImage(of: snapshot).encoded(), to: socket, path: host)
            } catch {
                domain.state.withLock { state in
                    state.guest.resumeFromSuspend(at: clock.now())
                    state.shutdownHandled = false
                }
                throw XendError(.operationFailed, "Migration failed: \(error.reason)")
            }
            clock.sleep(until: now.advanced(by: Double(snapshot.memoryTarget.inBytes) / timing.saveBandwidth))
            remove(domain, at: clock.now())
        }
    }

    /// A connected TCP socket, or xend's `can't connect: <strerror>`.
    private static func connect(to host: String, port: Int) throws(XendError) -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>? = nil
        let status = getaddrinfo(host, String(port), &hints, &results)
        guard status == 0, let first = results else {
            throw .cannotConnect(String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(results) }
        var lastError: Int32 = ECONNREFUSED
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            let socket = Glibc.socket(
                address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            if socket >= 0 {
                var timeout = timeval(tv_sec: 10, tv_usec: 0)
                setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                if Glibc.connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return socket }
                lastError = errno
                close(socket)
            } else {
                lastError = errno
            }
            entry = address.pointee.ai_next
        }
        throw .cannotConnect(AtomicFile.errorText(lastError))
    }
}
