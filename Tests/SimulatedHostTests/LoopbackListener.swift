import Glibc
import Testing

/// A TCP socket listening on a free loopback port, for the test peers of the migration conversation.
enum LoopbackListener {
    /// The listening descriptor and the port the kernel chose.
    static func open() throws -> (descriptor: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        try #require(ready, "cannot listen on loopback")
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}
