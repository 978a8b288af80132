import Hypervisor
import SExpression
import XendHTTP
import XendModel

/// The xend resource tree (docs/protocol.md#resource-tree): walks the path, picks the handler for the method and
/// `op`, and renders its reply as S-expression, JSON or HTML.
///
/// It answers on the engine's worker threads and calls the synchronous backend directly; nothing here
/// knows about sockets, so tests call ``respond(to:)`` with a built `HTTPRequest`.
public struct XendRouter: HTTPResponder {
    /// The host the daemon manages.
    public let backend: any Hypervisor
    /// Save directory, migration and `Location` settings.
    public let settings: RouterSettings
    let savePaths: SavePathPolicy
    /// The daemon's own log, which `GET /xend/node/log` answers.
    public let daemonLog: DaemonLog
    let nodeCache = PrintedRecordCache<NodeRecord>()

    /// A router over `backend`; `daemonLog` defaults to one that keeps its lines in memory only.
    public init(
        backend: any Hypervisor, settings: RouterSettings = RouterSettings(),
        daemonLog: DaemonLog = DaemonLog(output: nil)
    ) {
        self.backend = backend
        self.settings = settings
        self.daemonLog = daemonLog
        self.savePaths = SavePathPolicy(directory: settings.saveDirectory)
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let representation = Representation(headers: request.headers)
        guard ["GET", "HEAD", "POST"].contains(request.method) else {
            // The engine answers these itself; kept so the router alone behaves like the daemon.
            var response = HTTPResponse.text("Request method not supported (\(request.method))", status: 501)
            response.headers.add("Accept", "GET,HEAD,POST")
            return response
        }
        let outcome: RouteOutcome
        if let problem = request.decodingError {
            outcome = .failure(RouteFailure(error: XendError(.badRequest, problem.message)))
        } else {
            do throws(RouteFailure) {
                outcome = try route(request)
            } catch {
                outcome = .failure(error)
            }
        }
        var response = outcome.response(as: representation)
        let ops = request.parameters["op"] ?? []
        response.reasonPhrase = XendReasonPhrase.phrase(
            status: response.status, method: request.method, op: ops.count == 1 ? ops[0] : nil)
        return response
    }

    /// Walks to the resource, then lets it answer the method.
    func route(_ request: HTTPRequest) throws(RouteFailure) -> RouteOutcome {
        let resource: XendResource
        do throws(XendError) {
            resource = try resolve(request.pathSegments)
        } catch {
            throw RouteFailure(error: error)
        }
        if request.method == "POST" {
            let op = try Self.operation(of: request)
            return try post(op, to: resource, request)
        }
        do throws(XendError) {
            return try get(resource, request)
        } catch {
            throw RouteFailure(error: error)
        }
    }

    /// The single `op` of a POST: none or several is the original's `406` with body `''`.
    static func operation(of request: HTTPRequest) throws(RouteFailure) -> String {
        guard let ops = request.parameters["op"], ops.count == 1 else {
            throw RouteFailure(error: XendError(.invalidRequest, "Invalid request: exactly one op parameter needed"))
        }
        return ops[0]
    }

    private func get(_ resource: XendResource, _ request: HTTPRequest) throws(XendError) -> RouteOutcome {
        switch resource {
        case .root, .xend, .node, .dmesg, .log, .vnets:
            if let listing = resource.listing { return Self.listing(listing) }
            return try NodeHandlers(backend: backend, nodeCache: nodeCache, daemonLog: daemonLog).get(resource)
        case .domains:
            return try DomainCollectionHandlers(router: self, request: request).get()
        case .domain(let record):
            return try DomainHandlers(router: self, request: request, record: record).get()
        }
    }

    private func post(_ op: String, to resource: XendResource, _ request: HTTPRequest) throws(RouteFailure)
        -> RouteOutcome
    {
        switch resource {
        case .root, .xend:
            throw RouteFailure(error: .operationNotImplemented(op))
        case .node, .dmesg, .log, .vnets:
            do throws(XendError) {
                return try NodeHandlers(backend: backend, nodeCache: nodeCache, daemonLog: daemonLog).post(
                    op, to: resource, arguments: OpArguments(request.parameters))
            } catch {
                throw RouteFailure(error: error)
            }
        case .domains:
            return try DomainCollectionHandlers(router: self, request: request).post(op)
        case .domain(let record):
            return try DomainHandlers(router: self, request: request, record: record).post(op)
        }
    }

    /// A directory listing as the original wrote it: `(ls ` then ` <child>` per child, then `)` and the
    /// stray `''`, hence `(ls  node domain vnet)''` with two spaces.
    static func listing(_ children: [String]) -> RouteOutcome {
        let text = "(ls " + children.map { " " + $0 }.joined() + ")''"
        return RouteOutcome(reply: .sxpText(text, json: JSONBody(children)))
    }
}
