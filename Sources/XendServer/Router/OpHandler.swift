import XendHTTP
import XendModel

/// What one op does on its resource: the status it answers with, whether the original completed it
/// on a helper thread (a failure then keeps that status and goes in the body), and the work.
///
/// Every resource's ops are a table `[Op: OpHandler<Handlers>]` keyed by the op's enum from the
/// shared vocabulary (`DomainOperation`, `DomainCollectionOperation`, …), and ``XendRouter`` runs them
/// all through ``XendRouter/run(_:from:on:_:)``.
struct OpHandler<Handlers>: Sendable {
    /// The success status; 202 (accepted) also sends `Location: <path>/..`, even when the op fails.
    let status: Int
    let isDeferred: Bool
    let run: @Sendable (Handlers, OpArguments) throws(XendError) -> RouteOutcome

    private init(
        status: Int, isDeferred: Bool,
        run: @escaping @Sendable (Handlers, OpArguments) throws(XendError) -> RouteOutcome
    ) {
        self.status = status
        self.isDeferred = isDeferred
        self.run = run
    }

    /// An op whose reply is sent with `status`.
    init(
        _ status: Int = 200, deferred: Bool = false,
        _ run: @escaping @Sendable (Handlers, OpArguments) throws(XendError) -> HandlerReply
    ) {
        self.init(status: status, isDeferred: deferred) { handlers, arguments throws(XendError) in
            RouteOutcome(status: status, reply: try run(handlers, arguments))
        }
    }

    /// An op that builds its whole outcome (create and restore answer 201 with their own `Location`).
    static func outcome(
        _ status: Int = 200, deferred: Bool = false,
        _ run: @escaping @Sendable (Handlers, OpArguments) throws(XendError) -> RouteOutcome
    ) -> OpHandler {
        OpHandler(status: status, isDeferred: deferred, run: run)
    }
}

extension XendRouter {
    /// Runs the op named `text` from the resource's `table` on `handlers`. An op the table does not hold
    /// is `501 Operation not implemented: <op>`; an accepted op (202) carries `Location: <path>/..`
    /// whatever happens; a deferred op's failure keeps its status, except a refused path (403).
    func run<Op: WireOperation, Handlers>(
        _ text: String, from table: [Op: OpHandler<Handlers>], on handlers: Handlers, _ request: HTTPRequest
    ) throws(XendError) -> RouteOutcome {
        guard let op = Op(rawValue: text), let handler = table[op] else { throw .operationNotImplemented(text) }
        var headers: [(String, String)] = []
        if handler.status == 202 {
            headers.append(("Location", request.prePathURL(tcpPort: locationTCPPort) + "/.."))
        }
        do throws(XendError) {
            var outcome = try handler.run(handlers, OpArguments(request.parameters))
            outcome.headers = headers + outcome.headers
            return outcome
        } catch {
            if handler.isDeferred && error.kind != .forbidden {
                return .deferredFailure(error, status: handler.status, headers: headers)
            }
            return .failure(error, headers: headers)
        }
    }
}
