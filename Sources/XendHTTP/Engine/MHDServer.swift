// The HTTP engine: libmicrohttpd daemons serving the xend sockets. All of MHD stays in this folder.
//
// Retain/release pairs (every Unmanaged in the engine; docs/architecture.md#where-c-is-allowed):
//
// | object           | retained where                                   | released where                                   |
// |------------------|--------------------------------------------------|--------------------------------------------------|
// | MHDListener      | MHDListener.start: passRetained as the daemon's  | MHDListener.stopDaemon, right after              |
// |                  | handler/completed/uri-log/logger `cls`           | MHD_stop_daemon returns (no callback can follow) |
// | MHDRequestState  | xendMHDURILog: passRetained, returned to MHD,    | xendMHDRequestCompleted (MHD calls it once per   |
// |                  | which stores it in the request's `*con_cls`      | request whose URI-log callback ran), `*con_cls`  |
// |                  | (xendMHDAccessHandler retains one itself if MHD  | then set to nil                                  |
// |                  | ever calls it with `*con_cls` still nil)         |                                                  |
//
// An MHD response is created in MHDListener+Requests.swift (`build`) and destroyed when its
// `ReusableResponses.Built` goes (ReusableResponses.swift): right after queueing, or when a newer
// response replaces it in the listener's cache; MHD keeps its own count for connections still sending it.
//
// Everything else crosses into C as a borrowed pointer valid only during the call
// (`withUnsafe…`), or is copied by MHD (RESPMEM_MUST_COPY bodies, header strings, TLS PEM text).

internal import CMicroHTTPD
internal import CXendShims
import Logging
import Synchronization
import ThreadShards

#if canImport(Glibc)
    import Glibc
#endif

/// Serves HTTP on the configured sockets with libmicrohttpd, one daemon per socket, all answering
/// through one `HTTPResponder` on MHD's worker threads.
///
/// Starting happens in `init`; `stop()` stops accepting, lets requests in flight finish (up to the
/// grace period), then closes every connection. The engine itself answers a few things before the
/// responder sees a request: 413 for bodies over the cap, 501 for methods other than GET/HEAD/POST,
/// 401/403 from the access policy (TCP peers and tokens; browsers' `Origin`, `Sec-Fetch-Site`, `Host`),
/// 400 for a request target that is not UTF-8, 500 when a response cannot be sent as built.
///
/// `Sendable` without exceptions: the one mutable thing, the running listeners (`nil` once stopped), is
/// behind a mutex.
public final class MHDServer: Sendable {
    /// A socket the server listens on.
    public struct BoundListener: Sendable, Hashable {
        /// Unix or TCP.
        public let transport: HTTPTransport
        /// The local TCP port (the real one when port 0 was asked for); `nil` for Unix sockets.
        public let port: Int?
        /// `unix:/path` or `tcp:host:port`, as logged.
        public let name: String
    }

    private let core: MHDServerCore
    private let gracePeriodSeconds: Int
    private let state: Mutex<[MHDListener]?>

    /// The sockets being served, in configuration order.
    public let listeners: [BoundListener]

    /// Binds every configured socket and starts one MHD daemon per socket.
    /// - Throws: `HTTPEngineError` when a socket cannot be set up, TLS files cannot be read,
    ///   a hosts-allow pattern is invalid, or MHD refuses to start; nothing is left running then.
    public init(configuration: HTTPServerConfiguration, responder: any HTTPResponder, logger: Logger)
        throws(HTTPEngineError)
    {
        guard configuration.maximumBodySize >= 0, configuration.connectionTimeoutSeconds >= 0,
            configuration.threadPoolSize >= 1, configuration.connectionLimit >= 0,
            configuration.perIPConnectionLimit >= 0, configuration.connectionMemoryBytes >= 0
        else { throw .invalidConfiguration("HTTP limits must not be negative and need at least one thread") }
        guard !configuration.listeners.isEmpty else { throw .invalidConfiguration("no listeners configured") }
        let listenAddresses = configuration.listeners.compactMap { listener -> String? in
            if case .tcp(let host, _) = listener { return host }
            return nil
        }
        let browser = BrowserPolicy(
            allowedOrigins: configuration.allowedOrigins, allowedHosts: configuration.allowedHosts,
            ownHosts: LocalHostNames.discover(listenAddresses: listenAddresses), tls: configuration.tls != nil)
        let policy = try AccessPolicy(
            bearerToken: configuration.bearerToken, hostsAllow: configuration.hostsAllow, browser: browser,
            sessions: configuration.browserSessions, publicPaths: configuration.publicPaths)
        let tls = try configuration.tls.map { (tls) throws(HTTPEngineError) in try TLSCredentials(tls) }
        core = MHDServerCore(
            responder: responder, logger: logger, policy: policy, maximumBodySize: configuration.maximumBodySize)
        gracePeriodSeconds = configuration.shutdownGracePeriodSeconds
        var started: [MHDListener] = []
        do throws(HTTPEngineError) {
            for listener in configuration.listeners {
                let socket = try Self.open(listener)
                let daemon = MHDListener(core: core, socket: socket)
                do throws(HTTPEngineError) {
                    try daemon.start(configuration: configuration, tls: socket.transport == .tcp ? tls : nil)
                } catch {
                    close(socket.fileDescriptor)
                    if let path = socket.createdPath { unlink(path) }
                    throw error
                }
                started.append(daemon)
                logger.info("listening on \(socket.name)")
            }
        } catch {
            for daemon in started { daemon.stopDaemon() }
            throw error
        }
        listeners = started.map {
            BoundListener(transport: $0.socket.transport, port: $0.socket.port, name: $0.socket.name)
        }
        state = Mutex(started)
    }

    deinit {
        stop()
    }

    /// Requests whose headers arrived and whose response has not been fully sent yet.
    public var requestsInFlight: Int { core.inFlight.value }

    /// Per-request states alive right now (0 when idle: every retain had its release).
    var liveRequestStates: Int { core.liveRequestStates.value }

    /// Responses sent again as they were built for an earlier request, over all listeners (see
    /// `ReusableResponses`); for tests.
    var reusedResponses: Int {
        state.withLock { $0 ?? [] }.reduce(0) { $0 + $1.reusable.reused }
    }

    /// Stops serving: no new connections, requests in flight finish (up to the grace period),
    /// then every connection is closed and Unix socket files this server created are removed.
    /// Safe to call more than once and from any thread except a responder's (MHD cannot stop a
    /// daemon from one of its own worker threads).
    public func stop() {
        guard
            let daemons = state.withLock({ current -> [MHDListener]? in
                defer { current = nil }
                return current
            })
        else { return }
        core.draining.store(true, ordering: .releasing)
        for daemon in daemons { daemon.beginDraining() }
        let deadline = ContinuousClock.now + .seconds(gracePeriodSeconds)
        while core.inFlight.value > 0 && ContinuousClock.now < deadline {
            usleep(2_000)
        }
        for daemon in daemons { daemon.stopDaemon() }
        core.logger.info("HTTP engine stopped")
    }

    private static func open(_ listener: HTTPServerConfiguration.Listener) throws(HTTPEngineError) -> ListenSocket {
        switch listener {
        case .unix(let path, let group): try ListenSocket.unix(path: path, group: group)
        case .tcp(let host, let port): try ListenSocket.tcp(host: host, port: port)
        case .inherited(let fd): try ListenSocket.inherited(fd)
        }
    }
}

/// What every daemon of one server shares.
final class MHDServerCore: Sendable {
    let responder: any HTTPResponder
    let logger: Logger
    /// `logger`'s handler when it takes the request line as bytes; fixed with the logger.
    let requestLineHandler: (any RequestLineLogHandler)?
    let policy: AccessPolicy
    let maximumBodySize: Int
    /// Requests whose headers arrived and whose response is not sent yet. Counted per thread: one count
    /// that every worker thread changes twice per request cost more than a request's other engine work
    /// (docs/performance.md, "One slot per thread").
    let inFlight = ShardedCounter()
    /// Set by `stop()`: new requests are refused with 503 while the ones in flight finish.
    let draining = Atomic<Bool>(false)
    /// Per-request states not yet released; tests use it to prove every retain has its release.
    let liveRequestStates = ShardedCounter()

    init(responder: any HTTPResponder, logger: Logger, policy: AccessPolicy, maximumBodySize: Int) {
        self.responder = responder
        self.logger = logger
        requestLineHandler = logger.handler as? any RequestLineLogHandler
        self.policy = policy
        self.maximumBodySize = maximumBodySize
    }
}

/// The PEM key and certificate, checked once at start.
struct TLSCredentials: Sendable {
    let privateKey: String
    let certificate: String

    init(_ tls: HTTPServerConfiguration.TLS) throws(HTTPEngineError) {
        privateKey = try Self.pem(tls.privateKey, "the TLS private key")
        certificate = try Self.pem(tls.certificate, "the TLS certificate")
    }

    private static func pem(_ text: String, _ what: String) throws(HTTPEngineError) -> String {
        guard text.contains("-----BEGIN") else { throw .invalidConfiguration("\(what) is not PEM text") }
        return text
    }
}
