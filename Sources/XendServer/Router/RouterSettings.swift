import XendHTTP

/// What the router needs besides the backend: where guest images may be written and read, how
/// migration reaches a destination, and which port `Location` headers name. A plain value: the router
/// keeps its own copy, and the one thing that changes later (the TCP port really bound) is told to the
/// router itself, ``XendRouter/tcpListenerBound(port:)``.
public struct RouterSettings: Sendable {
    /// Save, restore and dump paths must resolve inside this directory (`--save-dir`).
    public var saveDirectory: String = "/var/lib/xend/save"
    /// The destination port op=migrate uses when the request says `port=0` (`xend-relocation-port`).
    public var relocationPort: Int = 8002
    /// The port `Location` headers name for TCP requests until the listener is bound (`xend-port`).
    public var tcpPort: Int = 8000

    /// The defaults: `/var/lib/xend/save`, relocation port 8002, TCP port 8000.
    public init() {}

    /// The port the original named in `Location` headers of requests that came over the Unix socket, a
    /// leftover default of its own.
    public static let unixSocketLocationPort = 8080
}

extension HTTPRequest {
    /// The original's `prePathURL`: `http://<Host hostname>:<server port><path as sent>`, where the server
    /// port is `tcpPort` for TCP requests and ``RouterSettings/unixSocketLocationPort`` on the Unix socket.
    func prePathURL(tcpPort: Int) -> String {
        let port = transport == .unix ? RouterSettings.unixSocketLocationPort : tcpPort
        return "http://\(Self.hostname(fromHost: host)):\(port)\(rawPath)"
    }

    /// The host part of a `Host` header (`localhost:8000` → `localhost`, `[::1]:8000` → `[::1]`);
    /// `localhost` when the header is missing or empty.
    static func hostname(fromHost host: String?) -> String {
        guard let host, !host.isEmpty else { return "localhost" }
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") { return String(host[...close]) }
        return String(host.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0])
    }
}
