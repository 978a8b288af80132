/// Answers requests. The engine calls `respond(to:)` on libmicrohttpd's worker threads, several at
/// once, and waits for the answer; the backend is synchronous, so this is too.
public protocol HTTPResponder: Sendable {
    /// Returns the response for `request`. Must not block forever: graceful shutdown waits for it.
    func respond(to request: HTTPRequest) -> HTTPResponse
}
