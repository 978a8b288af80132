import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback TCP server that answers every connection with fixed bytes, or never answers: for the
/// client's handling of replies no correct daemon sends (bad bodies, silence).
final class CannedServer: Sendable {
    let port: Int
    private let descriptor: Int32
    private let seen = Seen()

    /// Connections accepted so far.
    var connectionCount: Int { seen.accepted.withLock { $0 } }
    /// The requests read so far (in keep-alive mode), as text.
    var receivedRequests: [String] { seen.requests.withLock { $0 } }

    /// What the server thread saw, shared with the test.
    private final class Seen: Sendable {
        let accepted = Mutex(0)
        let requests = Mutex<[String]>([])
    }

    /// Listens on 127.0.0.1; `reply` is written after the request headers arrive, `nil` means stay silent.
    /// With `keepsAlive` a connection answers request after request until the client closes it.
    init(reply: String?, keepsAlive: Bool = false) throws {
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
        Thread.detachNewThread { [seen] in
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else {
                    // Shut down by stop(). The listener is closed here, not there: a descriptor closed under
                    // a thread about to call accept could be reused by the next test's server, whose
                    // connections this thread would then take and count.
                    close(listener)
                    return
                }
                seen.accepted.withLock { $0 += 1 }
                guard let bytes else { continue }  // silent: hold the connection open
                if keepsAlive {
                    Thread.detachNewThread { Self.serve(connection, bytes, seen) }
                    continue
                }
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = read(connection, &buffer, buffer.count)
                _ = bytes.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
                close(connection)
            }
        }
    }

    /// Answers every request on one connection with `bytes` until the peer closes it (one read is one
    /// request: the client's requests are small and sent one at a time).
    private static func serve(_ connection: Int32, _ bytes: [UInt8], _ seen: Seen) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while case let count = read(connection, &buffer, buffer.count), count > 0 {
            seen.requests.withLock { $0.append(String(decoding: buffer[..<count], as: UTF8.self)) }
            _ = bytes.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
        }
        close(connection)
    }

    /// Stops accepting; the accept loop ends and closes the listener.
    func stop() {
        shutdown(descriptor, Int32(SHUT_RDWR))
    }
}
