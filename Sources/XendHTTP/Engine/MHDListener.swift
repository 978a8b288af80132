internal import CMicroHTTPD
internal import CXendShims
import Synchronization
import ThreadShards

#if canImport(Glibc)
    import Glibc
#endif

/// One libmicrohttpd daemon serving one listening socket. Its retained pointer is the `cls` of
/// every MHD callback (see the table in MHDServer.swift).
///
/// `@unchecked Sendable`: `daemon` and `unmanaged` are written in `start` before MHD runs any
/// callback and cleared in `stopDaemon` after MHD has stopped; the callbacks only read `core`
/// and `socket`, which never change.
final class MHDListener: @unchecked Sendable {
    let core: MHDServerCore
    /// `core.inFlight` and `core.liveRequestStates`, reached without retaining the core (its lifetime is
    /// the listener's), and `core.maximumBodySize`: each request reads them.
    let inFlight: ShardedCounter.UnownedReference
    let liveStates: ShardedCounter.UnownedReference
    let maximumBodySize: Int
    /// The core's responder, access policy and request-line handler, held here as well: read through
    /// `core`, each was copied per request, a retain and a release of an object every worker thread
    /// shares (docs/performance.md, "Shared objects read in place").
    let responder: any HTTPResponder
    let policy: AccessPolicy
    let requestLineHandler: (any RequestLineLogHandler)?
    let socket: ListenSocket
    /// The last responses built, sent again while the responder answers the same (see `queue`).
    let reusable = ReusableResponses()
    /// The last target decoded, decoded again only when the next request's differs.
    let decodedTargets = DecodedTargets()
    /// The last answer each thread may send again to an identical request (``ResponseReplay``).
    let replayedAnswers = ReplayedAnswers()
    private var daemon: OpaquePointer? = nil
    private var unmanaged: Unmanaged<MHDListener>? = nil

    init(core: MHDServerCore, socket: ListenSocket) {
        self.core = core
        inFlight = core.inFlight.unownedReference
        liveStates = core.liveRequestStates.unownedReference
        maximumBodySize = core.maximumBodySize
        responder = core.responder
        policy = core.policy
        requestLineHandler = core.requestLineHandler
        self.socket = socket
    }

    /// The state of a new request to `target`, counted in ``liveStates``.
    func newRequestState(target: String?) -> MHDRequestState {
        MHDRequestState(target: target, liveStates: liveStates, maximumBodySize: maximumBodySize)
    }

    /// Starts the MHD daemon on `socket` (epoll, internal thread pool, no Date header).
    func start(configuration: HTTPServerConfiguration, tls: TLSCredentials?) throws(HTTPEngineError) {
        UnparsableRequestLine.install()
        let retained = Unmanaged.passRetained(self)
        let context = retained.toOpaque()
        let perIP = socket.transport == .tcp ? configuration.perIPConnectionLimit : 0
        let started: OpaquePointer? = Self.withOptionalCString(tls?.privateKey) { key in
            Self.withOptionalCString(tls?.certificate) { certificate in
                var settings = CXendShims_DaemonSettings(
                    listen_fd: socket.fileDescriptor,
                    thread_pool_size: UInt32(clamping: configuration.threadPoolSize),
                    connection_limit: UInt32(clamping: configuration.connectionLimit),
                    per_ip_connection_limit: UInt32(clamping: perIP),
                    connection_timeout_seconds: UInt32(clamping: configuration.connectionTimeoutSeconds),
                    connection_memory_bytes: configuration.connectionMemoryBytes,
                    tls_key_pem: key,
                    tls_certificate_pem: certificate)
                return CXendShims_start_daemon(
                    &settings, xendMHDAccessHandler, context, xendMHDRequestCompleted, context,
                    xendMHDURILog, context, xendMHDLog, context)
            }
        }
        guard let started else {
            retained.release()
            throw .daemonStartFailed(socket.name)
        }
        daemon = started
        unmanaged = retained
    }

    /// Stops new clients from finding a Unix socket; requests that still arrive while the server
    /// drains are refused with 503 (see `access`), and `stopDaemon` closes the listening socket.
    ///
    /// Not `MHD_quiesce_daemon`: with an epoll thread pool, libmicrohttpd 0.9.75's quiesce and its
    /// worker threads both remove the listening socket from the workers' epoll sets without a lock,
    /// and the loser aborts the whole process ("Failed to remove listen FD from epoll set").
    func beginDraining() {
        if let path = socket.createdPath { unlink(path) }
    }

    /// Stops the daemon (closing the listening socket and remaining connections) and releases the
    /// callbacks' reference.
    func stopDaemon() {
        guard let daemon else { return }
        MHD_stop_daemon(daemon)
        self.daemon = nil
        unmanaged?.release()
        unmanaged = nil
        if let path = socket.createdPath { unlink(path) }
    }

    private static func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let text else { return body(nil) }
        return text.withCString { body($0) }
    }
}
