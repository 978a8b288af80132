/// What carries a request to one endpoint and brings back the daemon's reply. ``XendClient`` builds the
/// request (target, headers, body) and reads the reply (status, `xend.err`, 404); a transport only moves
/// bytes, so the wire behaviour stays in one place whichever transport runs it.
protocol XendTransport: Sendable {
    /// Sends `request` to `endpoint` and returns the whole reply.
    /// - Throws: ``ConnectionFailure`` when nothing was sent (the next endpoint is tried), otherwise
    ///   ``XendClientError``.
    func exchange(_ request: WireRequest, at endpoint: XendClient.Endpoint) async throws -> XendResponse

    /// Closes the transport's connections.
    /// - Throws: When the transport was already shut down.
    func shutdown() async throws
}

/// A request as it goes on the wire: method, target, the header lines ``XendClient`` chose, and the body.
/// The transport adds only framing: `Host`, and `Content-Length` for a body.
struct WireRequest: Sendable {
    var method: XendRequest.Method
    /// The path and query, `/xend/domain/vm1?op=vcpuinfo`.
    var target: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]
}

/// Nothing was sent: the endpoint refused, was missing, or did not answer the connection attempt.
struct ConnectionFailure: Error {
    var reason: String
}
