extension XendClient {
    /// Where the daemon listens: its Unix socket or a TCP address.
    public enum Endpoint: Hashable, Sendable, CustomStringConvertible {
        /// The Unix stream socket at `path` (`xend-unix-path`, by default `/var/lib/xend/xend-socket`).
        case unixSocket(path: String)
        /// A TCP listener (`xend-port`, by default 8000).
        case tcp(host: String, port: Int)

        /// The socket xend creates by default.
        public static let defaultUnixSocket = Endpoint.unixSocket(path: "/var/lib/xend/xend-socket")
        /// The TCP address xend listens on by default.
        public static let defaultTCP = Endpoint.tcp(host: "localhost", port: 8000)

        /// Reads the `--connect` forms `unix:PATH` and `tcp:HOST:PORT` (`tcp:[::1]:8000` for IPv6).
        /// - Returns: `nil` when the text has neither form or the port is not 1–65535.
        public init?(parsing text: String) {
            if text.hasPrefix("unix:") {
                let path = String(text.dropFirst(5))
                guard !path.isEmpty else { return nil }
                self = .unixSocket(path: path)
                return
            }
            guard text.hasPrefix("tcp:") else { return nil }
            let address = text.dropFirst(4)
            guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
                (1...65535).contains(port)
            else { return nil }
            var host = String(address[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { return nil }
            self = .tcp(host: host, port: port)
        }

        /// The `--connect` form of this endpoint (`unix:/run/xend.sock`, `tcp:localhost:8000`).
        public var description: String {
            switch self {
            case .unixSocket(let path): "unix:\(path)"
            case .tcp(let host, let port): host.contains(":") ? "tcp:[\(host)]:\(port)" : "tcp:\(host):\(port)"
            }
        }
    }
}
