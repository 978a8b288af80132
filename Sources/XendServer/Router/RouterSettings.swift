import Synchronization
import XendHTTP

/// What the router needs besides the backend: where guest images may be written and read, how
/// migration reaches a destination, and which port `Location` headers name.
public struct RouterSettings: Sendable {
    /// Save, restore and dump paths must resolve inside this directory (`--save-dir`).
    public var saveDirectory: String = "/var/lib/xend/save"
    /// The destination port op=migrate uses when the request says `port=0` (`xend-relocation-port`).
    public var relocationPort: Int = 8002
    /// The ports `Location` headers name.
    public var locationPorts = LocationPorts()

    /// The defaults: `/var/lib/xend/save` and relocation port 8002.
    public init() {}
}

/// The ports the original put in `Location` headers: its TCP port for TCP requests and, a leftover
/// default of the original, 8080 for requests on the Unix socket.
///
/// The TCP port is set once the listener is bound, because an ephemeral port (0) is only known then.
public final class LocationPorts: Sendable {
    /// The port named in `Location` for requests that came over the Unix socket.
    public static let unixSocketPort = 8080

    private let tcp = Atomic<Int>(8000)

    /// Ports naming TCP port `tcpPort` (8000 unless told otherwise).
    public init(tcpPort: Int = 8000) {
        tcp.store(tcpPort, ordering: .relaxed)
    }

    /// The port TCP requests are told about.
    public var tcpPort: Int {
        get { tcp.load(ordering: .relaxed) }
    }

    /// Records the port the TCP listener really bound.
    public func setTCPPort(_ port: Int) {
        tcp.store(port, ordering: .relaxed)
    }

    /// The port for a request that arrived on `transport`.
    func port(for transport: HTTPTransport) -> Int {
        transport == .unix ? Self.unixSocketPort : tcpPort
    }
}

extension HTTPRequest {
    /// The original's `prePathURL`: `http://<Host hostname>:<server port><path as sent>`.
    func prePathURL(ports: LocationPorts) -> String {
        "http://\(Self.hostname(fromHost: host)):\(ports.port(for: transport))\(rawPath)"
    }

    /// The host part of a `Host` header (`localhost:8000` → `localhost`, `[::1]:8000` → `[::1]`);
    /// `localhost` when the header is missing or empty.
    static func hostname(fromHost host: String?) -> String {
        guard let host, !host.isEmpty else { return "localhost" }
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") { return String(host[...close]) }
        return String(host.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0])
    }
}
