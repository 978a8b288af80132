import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP listener on 127.0.0.1 whose one accepted connection is handed to `serve` on a thread of its own;
/// ``result()`` waits for what `serve` returned.
final class LoopbackListener<Result: Sendable>: Sendable {
    let port: Int
    private let listener: Int32
    private let outcome = Mutex<Result?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    init(serve: @escaping @Sendable (Int32) -> Result) {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        listen(listener, 4)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        DispatchQueue.global().async { [self] in
            let connection = accept(listener, nil, nil)
            let value = serve(connection)
            outcome.withLock { $0 = value }
            finished.signal()
        }
    }

    /// What `serve` returned, once it has.
    func result() -> Result? {
        finished.wait()
        close(listener)
        return outcome.withLock { $0 }
    }
}
