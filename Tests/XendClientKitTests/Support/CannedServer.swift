import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback TCP server that answers every connection with fixed bytes, or never answers: for the
/// client's handling of replies no correct daemon sends (bad bodies, silence).
final class CannedServer: Sendable {
    let port: Int
    private let descriptor: Int32

    /// Listens on 127.0.0.1; `reply` is written after the request headers arrive, `nil` means stay silent.
    init(reply: String?) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw FreePort.PortError() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 8) == 0
                    && getsockname(listener, $0, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw FreePort.PortError()
        }
        descriptor = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        let bytes = reply.map { Array($0.utf8) }
        Thread.detachNewThread {
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }  // closed by stop()
                guard let bytes else { continue }  // silent: hold the connection open
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = read(connection, &buffer, buffer.count)
                _ = bytes.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
                close(connection)
            }
        }
    }

    /// Stops accepting; the accept loop ends.
    func stop() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
    }
}
