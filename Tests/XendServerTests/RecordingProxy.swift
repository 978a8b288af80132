import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP relay on 127.0.0.1 between one client and `127.0.0.1:targetPort` that keeps the first
/// ``keptBytes`` it forwards, both ways: what someone on the wire would see of a migration's start (the
/// conversation and the save image; the guest's memory after it runs to hundreds of MiB).
final class RecordingProxy: Sendable {
    let port: Int
    private let listener: Int32
    private let bytes = Mutex<[UInt8]>([])
    private let done = DispatchSemaphore(value: 0)
    /// How much of the traffic ``captured()`` returns.
    static let keptBytes = 4 << 20

    init(targetPort: Int) {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        listen(listener, 1)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        DispatchQueue.global().async { [self] in
            let client = accept(listener, nil, nil)
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var target = Self.loopback(port: targetPort)
            _ = withUnsafeMutablePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            let group = DispatchGroup()
            for (from, to) in [(client, server), (server, client)] {
                DispatchQueue.global().async(group: group) { [self] in pump(from, to) }
            }
            group.wait()
            close(client)
            close(server)
            done.signal()
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }

    private func pump(_ from: Int32, _ to: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(from, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            bytes.withLock { kept in
                if kept.count < Self.keptBytes { kept += buffer[0..<min(count, Self.keptBytes - kept.count)] }
            }
            var offset = 0
            while offset < count {
                let sent = buffer.withUnsafeBytes {
                    send(to, $0.baseAddress! + offset, count - offset, Int32(MSG_NOSIGNAL))
                }
                guard sent > 0 else { return }
                offset += sent
            }
        }
        shutdown(to, Int32(SHUT_WR))
    }

    /// Everything forwarded, once both directions have ended.
    func captured() -> [UInt8] {
        done.wait()
        close(listener)
        return bytes.withLock { $0 }
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes.
    func contains(bytes needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if self[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
