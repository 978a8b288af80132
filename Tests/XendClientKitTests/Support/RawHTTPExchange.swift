import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Sends one request's exact bytes to a live daemon over a plain socket and reads one response, for
/// tests where the headers on the wire are the point (no HTTP library adds or rewrites any).
enum RawHTTPExchange {
    struct Response {
        let status: Int
        let head: String
        let body: String
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Writes `request` and reads the response (its `Content-Length` body, or up to the close).
    static func send(_ request: String, to daemon: XendDaemon, over transport: Transport) throws -> Response {
        let fd = try connect(daemon, transport)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(request.utf8)
        guard bytes.withUnsafeBytes({ Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count
        else { throw Failure(description: "short write") }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let response = parse(received) { return response }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer[0..<count]
        }
        guard let response = parse(received, closed: true) else {
            throw Failure(description: "no complete response: \(String(decoding: received, as: UTF8.self))")
        }
        return response
    }

    private static func parse(_ bytes: [UInt8], closed: Bool = false) -> Response? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        let head = String(text[..<end.lowerBound])
        let body = String(text[end.upperBound...])
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }
        if let length, body.utf8.count >= length { return Response(status: status, head: head, body: body) }
        return closed ? Response(status: status, head: head, body: body) : nil
    }

    private static func connect(_ daemon: XendDaemon, _ transport: Transport) throws -> Int32 {
        switch transport {
        case .unix:
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let path = Array(daemon.socketPath.utf8)
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard result == 0 else {
                close(fd)
                throw Failure(description: "connect \(daemon.socketPath): errno \(errno)")
            }
            return fd
        case .tcp:
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(daemon.tcpPort).bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard result == 0 else {
                close(fd)
                throw Failure(description: "connect 127.0.0.1:\(daemon.tcpPort): errno \(errno)")
            }
            return fd
        }
    }
}
