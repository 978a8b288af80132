/// Answers requests. The engine calls `respond(to:)` on libmicrohttpd's worker threads, several at
/// once, and waits for the answer; the backend is synchronous, so this is too.
public protocol HTTPResponder: Sendable {
    /// Returns the response for `request`. Must not block forever: graceful shutdown waits for it.
    func respond(to request: HTTPRequest) -> HTTPResponse

    /// ``respond(to:)``, and with it, when the response may be sent again to the next identical request
    /// (``ResponseReplay``), what says it still may. The engine calls this one. The default answers through
    /// ``respond(to:)`` with no replay: a responder that does not say otherwise is asked every time.
    func respondReplayable(to request: HTTPRequest) -> ReplayableResponse
}

extension HTTPResponder {
    public func respondReplayable(to request: HTTPRequest) -> ReplayableResponse {
        ReplayableResponse(response: respond(to: request))
    }
}

/// A response, and what lets the engine send it again unasked (``ResponseReplay``), if anything.
public struct ReplayableResponse: Sendable {
    /// The response.
    public var response: HTTPResponse
    /// While this says so, the same response answers the next request equal to this one; `nil`: never.
    public var replay: (any ResponseReplay)?

    /// A response that may be sent again while `replay` says it is current (never, when `nil`).
    public init(response: HTTPResponse, replay: (any ResponseReplay)? = nil) {
        self.response = response
        self.replay = replay
    }
}

/// What lets the engine answer a request with the response it sent to the one before, without asking the
/// responder: only a `GET` without a body, equal to the last one the same worker thread answered in
/// method, target, version, every header (name, value and order) and peer address, after the access
/// rules have passed it as every request; and only while ``isCurrent()`` says the responder would answer
/// the same bytes now. Clients poll the same resource (every client probes `GET /xend/node/` before each
/// call), and the responder chain is the largest part of such a request's cost in the daemon
/// (docs/performance.md, "Answers sent again").
public protocol ResponseReplay: AnyObject, Sendable {
    /// Whether the response is still exactly what the responder would answer now.
    func isCurrent() -> Bool
    /// The response was sent again for a request the engine began at `startNanoseconds`
    /// (``MonotonicClock``): what the responders would have recorded for it (metrics) is recorded here.
    func replayed(startNanoseconds: Int64)
}
