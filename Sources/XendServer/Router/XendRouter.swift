import Hypervisor
import SExpression
import Synchronization
import XendHTTP
import XendModel

/// The xend resource tree (docs/protocol.md#resource-tree): walks the path, picks the handler for the method and
/// `op`, and renders its reply as S-expression, JSON or HTML.
///
/// It answers on the engine's worker threads and calls the synchronous backend directly; nothing here
/// knows about sockets, so tests call ``respond(to:)`` with a built `HTTPRequest`. A reference type:
/// the engine and the daemon share one router, and the daemon tells it the TCP port once the
/// listener is bound (``tcpListenerBound(port:)``).
public final class XendRouter: HTTPResponder {
    /// The host the daemon manages.
    public let backend: any Hypervisor
    /// Save directory, migration and `Location` settings, as the router was made with.
    public let settings: RouterSettings
    let savePaths: SavePathPolicy
    /// The daemon's own log, which `GET /xend/node/log` answers.
    public let daemonLog: DaemonLog
    let nodeCache = PrintedRecordCache<NodeRecord>()
    /// The node's handlers, made once: making them per request copied the backend, the cache and the log
    /// in, a retain and a release each of objects every worker thread shares (docs/performance.md, "One
    /// slot per thread").
    private let nodeHandlers: NodeHandlers
    private let boundTCPPort: Atomic<Int>

    /// A router over `backend`; `daemonLog` defaults to one that keeps its lines in memory only.
    public init(
        backend: any Hypervisor, settings: RouterSettings = RouterSettings(),
        daemonLog: DaemonLog = DaemonLog(output: nil)
    ) {
        self.backend = backend
        self.settings = settings
        self.daemonLog = daemonLog
        self.savePaths = SavePathPolicy(directory: settings.saveDirectory)
        nodeHandlers = NodeHandlers(backend: backend, nodeCache: nodeCache, daemonLog: daemonLog)
        self.boundTCPPort = Atomic(settings.tcpPort)
    }

    /// Records the port the TCP listener really bound (known only after binding when `xend-port` is 0),
    /// so `Location` headers of TCP requests name it.
    public func tcpListenerBound(port: Int) {
        boundTCPPort.store(port, ordering: .relaxed)
    }

    /// The port `Location` headers of TCP requests name.
    public var locationTCPPort: Int { boundTCPPort.load(ordering: .relaxed) }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        respondReplayable(to: request).response
    }

    public func respondReplayable(to request: HTTPRequest) -> ReplayableResponse {
        let representation = Representation(headers: request.headers)
        guard HTTPResponse.supports(method: request.method) else {
            // The engine answers these itself; kept so the router alone behaves like the daemon.
            return ReplayableResponse(response: .methodNotSupported(request.method))
        }
        let outcome: RouteOutcome
        do throws(XendError) {
            if let problem = request.decodingError { throw XendError(.badRequest, problem.message) }
            outcome = try route(request)
        } catch {
            outcome = .failure(error)
        }
        var response = outcome.response(as: representation)
        let ops = request.parameters[RequestParameter.op.rawValue] ?? []
        response.reasonPhrase = XendReasonPhrase.phrase(
            status: response.status, method: request.method, op: ops.count == 1 ? ops[0] : nil)
        // What the outcome depends on besides the request: what its replay, if any, watches.
        return ReplayableResponse(response: response, replay: outcome.replay)
    }

    /// Walks to the resource, then lets it answer the method.
    func route(_ request: HTTPRequest) throws(XendError) -> RouteOutcome {
        let resource = try resolve(request.pathSegments)
        if request.method == "POST" {
            return try post(try Self.operation(of: request), to: resource, request)
        }
        return try get(resource, request)
    }

    /// The single `op` of a POST: none or several is the original's `406` with body `''`.
    static func operation(of request: HTTPRequest) throws(XendError) -> String {
        guard let ops = request.parameters[RequestParameter.op.rawValue], ops.count == 1 else {
            throw XendError(.invalidRequest, "Invalid request: exactly one op parameter needed")
        }
        return ops[0]
    }

    private func get(_ resource: XendResource, _ request: HTTPRequest) throws(XendError) -> RouteOutcome {
        switch resource {
        case .root, .xend, .node, .dmesg, .log, .vnets:
            if let listing = resource.listing { return Self.listing(listing) }
            return try nodeHandlers.get(resource)
        case .domains:
            return try DomainCollectionHandlers(router: self, request: request).get()
        case .domain(let record):
            return try DomainHandlers(router: self, request: request, record: record).get()
        }
    }

    /// Runs `op` from the table of the resource's ops; resources without ops answer 501 to every op.
    private func post(_ op: String, to resource: XendResource, _ request: HTTPRequest) throws(XendError)
        -> RouteOutcome
    {
        let node = nodeHandlers
        switch resource {
        case .root, .xend, .log:
            throw .operationNotImplemented(op)
        case .node:
            return try run(op, from: NodeHandlers.nodeOperations, on: node, request)
        case .dmesg:
            return try run(op, from: NodeHandlers.dmesgOperations, on: node, request)
        case .vnets:
            return try run(op, from: NodeHandlers.vnetOperations, on: node, request)
        case .domains:
            let handlers = DomainCollectionHandlers(router: self, request: request)
            return try run(op, from: DomainCollectionHandlers.operations, on: handlers, request)
        case .domain(let record):
            let handlers = DomainHandlers(router: self, request: request, record: record)
            return try run(op, from: DomainHandlers.operations, on: handlers, request)
        }
    }

    /// A directory listing as the original wrote it: `(ls ` then ` <child>` per child, then `)` and the
    /// stray `''`, hence `(ls  node domain vnet)''` with two spaces.
    static func listing(_ children: [String]) -> RouteOutcome {
        let text = "(ls " + children.map { " " + $0 }.joined() + ")''"
        return RouteOutcome(reply: .sxpText(text, json: JSONBody(children)))
    }
}
