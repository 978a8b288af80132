#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How the HTTP engine listens and what it allows. Defaults are the daemon's: the Unix socket at
/// `/var/lib/xend/xend-socket` plus TCP on loopback port 8000, 30 s idle timeout, 1 MiB body cap.
public struct HTTPServerConfiguration: Sendable {
    /// One socket to serve. Each gets its own libmicrohttpd daemon; all share one responder.
    public enum Listener: Sendable, Hashable {
        /// A Unix stream socket at `path` (parent directories created 0700, a stale socket replaced).
        /// The socket file is mode 0600, or 0660 owned by `group` when a group is given (`--socket-group`).
        case unix(path: String, group: String? = nil)
        /// TCP on `host` (an IPv4 or IPv6 literal or name) and `port`; port 0 picks a free port.
        case tcp(host: String, port: Int)
        /// An already-listening socket, such as one passed by systemd (`LISTEN_FDS`). Unix or TCP is
        /// read from the socket itself. The engine takes the descriptor over and closes it on stop.
        case inherited(fileDescriptor: Int32)
    }

    /// Key and certificate for TLS on TCP listeners (libmicrohttpd with GnuTLS), as PEM text: the daemon's
    /// configuration reads the files (`--tls-key`, `--tls-cert`), the engine only serves them.
    public struct TLS: Sendable, Hashable {
        /// The private key, PEM text.
        public var privateKey: String
        /// The certificate chain, PEM text.
        public var certificate: String

        /// TLS from PEM text; the engine refuses text that is not PEM when it starts.
        public init(privateKey: String, certificate: String) {
            self.privateKey = privateKey
            self.certificate = certificate
        }
    }

    /// The sockets to serve.
    public var listeners: [Listener] = [.unix(path: "/var/lib/xend/xend-socket"), .tcp(host: "127.0.0.1", port: 8000)]
    /// Worker threads per listener.
    public var threadPoolSize: Int = HTTPServerConfiguration.defaultThreadPoolSize
    /// Connections open at once, per listener.
    public var connectionLimit: Int = 1024
    /// Connections open at once from one IP address (TCP only); 0 means no limit.
    public var perIPConnectionLimit: Int = 64
    /// Idle time after which a connection is dropped, also in the middle of a request.
    public var connectionTimeoutSeconds: Int = 30
    /// Memory each connection gets for its request line, headers and response headers: 16 KiB.
    /// Headers that do not fit get libmicrohttpd's 431 (a request line, 414); bodies are read in
    /// pieces and are limited by ``maximumBodySize`` instead. libmicrohttpd clears this memory after
    /// every request, so its size is CPU per request: its default, 32 KiB, cost the daemon 0.7 µs more
    /// per kept-alive request (docs/performance.md, "A connection's memory").
    public var connectionMemoryBytes: Int = 16 * 1024
    /// Largest request body accepted; a larger one gets 413 and the connection is closed.
    /// The original daemon's limit was 10 000 bytes.
    public var maximumBodySize: Int = 1 << 20
    /// How long `stop()` waits for requests in flight before closing their connections.
    public var shutdownGracePeriodSeconds: Int = 30
    /// TLS for TCP listeners; `nil` serves plain HTTP.
    public var tls: TLS? = nil
    /// When set, TCP requests must carry `Authorization: Bearer <token>` (401 otherwise).
    public var bearerToken: String? = nil
    /// `xend-hosts-allow`: regular expressions matched from the start of a TCP peer's IP address
    /// (Python's `re.match`); empty allows every peer. A refused peer gets 403.
    public var hostsAllow: [String] = []
    /// `xend-allowed-origins`: origins (`https://xen.example.org`) besides the daemon's own whose pages
    /// may send requests; any other `Origin`, or `Sec-Fetch-Site: cross-site`/`same-site`, gets 403.
    public var allowedOrigins: [String] = []
    /// `xend-allowed-hosts`: names a TCP `Host` header may carry besides the machine's own (a reverse
    /// proxy's public name); any other gets 403, which stops DNS rebinding.
    public var allowedHosts: [String] = []
    /// The web console's sessions: a request carrying a live session cookie needs no bearer token.
    public var browserSessions: BrowserSessions? = nil
    /// Paths whose `GET` and `HEAD` need no bearer token (the console's login page and its assets).
    public var publicPaths: Set<String> = []

    /// Creates the default configuration.
    public init() {}

    /// Twice the online CPU count, or 4 when the count is unknown.
    public static var defaultThreadPoolSize: Int {
        let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return cores > 0 ? 2 * cores : 4
    }
}
