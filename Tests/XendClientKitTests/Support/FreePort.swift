#if canImport(Glibc)
    import Glibc
#endif

/// A loopback TCP port that refuses connections, for tests of refused connections. (Daemons under test
/// bind port 0 and name their port instead.)
enum FreePort {
    /// Runs `body` with a 127.0.0.1 port that is bound but not listening for as long as `body` runs: a
    /// connection to it is refused, and no test running in parallel can be handed the same port (a port
    /// picked and released at once could be bound again before the refusal is checked).
    static func withRefusingPort<T>(_ body: (Int) async throws -> T) async throws -> T {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw PortError() }
        defer { close(descriptor) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw PortError() }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw PortError() }
        return try await body(Int(UInt16(bigEndian: address.sin_port)))
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    struct PortError: Error {}
}
