import Synchronization

/// The transport of callers that give each call a thread of their own (libxend's blocking C API): plain
/// sockets, every system call on the calling thread, so a call never hands off to another thread.
///
/// With keep-alive it keeps one idle connection per endpoint between calls. A connection idle for longer
/// than ``XendClient/Configuration/keepAliveIdleTime`` is closed instead of reused (the daemon closes its
/// end after 30 idle seconds), and a kept connection found closed by the daemon (the request cannot be
/// sent, or the stream ends before the first byte of the reply) is replaced by a new one, once, with the
/// request sent again: nothing of a reply was read, so the daemon did not answer it. Concurrent calls on
/// one client each use their own connection; one of them is kept.
final class SocketTransport: XendTransport {
    private let configuration: XendClient.Configuration

    private struct IdleConnection {
        var connection: SocketConnection
        var since: ContinuousClock.Instant
    }

    private struct State {
        var idle: [XendClient.Endpoint: IdleConnection] = [:]
        var isShutDown = false
    }

    private let state = Mutex(State())

    init(configuration: XendClient.Configuration) {
        self.configuration = configuration
    }

    deinit {
        state.withLock { $0.idle.values.forEach { $0.connection.close() } }
    }

    func shutdown() async throws {
        let idle = try state.withLock { state throws(ShutDownTwice) in
            guard !state.isShutDown else { throw ShutDownTwice() }
            state.isShutDown = true
            defer { state.idle = [:] }
            return state.idle.values
        }
        for entry in idle { entry.connection.close() }
    }

    /// Why a second ``shutdown()`` fails.
    struct ShutDownTwice: Error, CustomStringConvertible {
        var description: String { "the client was already shut down" }
    }

    /// Blocks the calling thread for the whole exchange.
    func exchange(_ request: WireRequest, at endpoint: XendClient.Endpoint) async throws -> XendResponse {
        try perform(request, at: endpoint)
    }

    /// The exchange without `async`, for callers on a thread of their own.
    func perform(_ request: WireRequest, at endpoint: XendClient.Endpoint) throws -> XendResponse {
        let bytes = Self.encode(request, for: endpoint)
        let deadline = ContinuousClock.now.advanced(by: configuration.timeout.request)
        if let kept = takeIdleConnection(to: endpoint) {
            if case .reply(let response) = try roundTrip(bytes, on: kept, to: endpoint, until: deadline, isReused: true)
            {
                return response
            }
        }
        let connection = try SocketConnection.connect(to: endpoint, timeout: configuration.timeout.connect)
        switch try roundTrip(bytes, on: connection, to: endpoint, until: deadline, isReused: false) {
        case .reply(let response): return response
        case .stale: preconditionFailure("a new connection is never stale")
        }
    }

    private enum Outcome {
        case reply(XendResponse)
        /// A reused connection the daemon had closed: nothing of a reply was read.
        case stale
    }

    private func roundTrip(
        _ bytes: [UInt8], on connection: SocketConnection, to endpoint: XendClient.Endpoint,
        until deadline: ContinuousClock.Instant, isReused: Bool
    ) throws(XendClientError) -> Outcome {
        do {
            try connection.send(bytes, until: deadline)
        } catch {
            connection.close()
            switch error {
            case .timedOut: throw .timedOut(endpoint.description)
            case .system: if isReused { return .stale } else { throw .closedWithoutReply(endpoint) }
            }
        }
        var reader = HTTPReplyReader(
            source: Receiver(connection: connection, deadline: deadline),
            maximumBodyBytes: configuration.maximumResponseBytes)
        let reply: HTTPReplyReader<Receiver>.Reply
        do {
            reply = try reader.read()
        } catch {
            connection.close()
            switch error {
            case .nothingReceived: if isReused { return .stale } else { throw .closedWithoutReply(endpoint) }
            case .timedOut: throw .timedOut(endpoint.description)
            case .malformed(let detail, let status): throw .invalidResponse(detail, httpStatus: status)
            case .tooLarge(let limit, let status):
                throw .invalidResponse("reading the body failed: it is over \(limit) bytes", httpStatus: status)
            }
        }
        if reply.keepsConnection && configuration.keepsConnectionsAlive {
            keepIdle(connection, to: endpoint)
        } else {
            connection.close()
        }
        return .reply(reply.response)
    }

    /// The kept connection to `endpoint`, if there is one young enough to reuse.
    private func takeIdleConnection(to endpoint: XendClient.Endpoint) -> SocketConnection? {
        guard let entry = state.withLock({ $0.idle.removeValue(forKey: endpoint) }) else { return nil }
        guard ContinuousClock.now - entry.since < configuration.keepAliveIdleTime else {
            entry.connection.close()
            return nil
        }
        return entry.connection
    }

    /// Keeps `connection` for the next call, unless one is kept already or the transport was shut down.
    private func keepIdle(_ connection: SocketConnection, to endpoint: XendClient.Endpoint) {
        let entry = IdleConnection(connection: connection, since: .now)
        let kept = state.withLock { state in
            guard !state.isShutDown, state.idle[endpoint] == nil else { return false }
            state.idle[endpoint] = entry
            return true
        }
        if !kept { connection.close() }
    }

    /// The request's bytes: request line, `Host`, the client's headers, `Content-Length` for a body.
    static func encode(_ request: WireRequest, for endpoint: XendClient.Endpoint) -> [UInt8] {
        let host: String
        switch endpoint {
        case .unixSocket: host = "localhost"
        case .tcp(let name, let port):
            let authority = name.contains(":") ? "[\(name)]" : name
            host = port == 80 ? authority : "\(authority):\(port)"
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + request.body.count)
        for piece in [request.method.rawValue, " ", request.target, " HTTP/1.1\r\nHost: ", host, "\r\n"] {
            bytes += piece.utf8
        }
        for (name, value) in request.headers {
            bytes += name.utf8
            bytes += ": ".utf8
            bytes += value.utf8
            bytes += "\r\n".utf8
        }
        if request.method == .post {
            bytes += "Content-Length: \(request.body.count)\r\n".utf8
        }
        bytes += "\r\n".utf8
        return bytes + request.body
    }
}

/// A connection's bytes for ``HTTPReplyReader``, each wait bounded by the request's deadline.
private struct Receiver: ReplyByteSource {
    let connection: SocketConnection
    let deadline: ContinuousClock.Instant

    func receive(into buffer: inout [UInt8]) throws(SocketConnection.Failure) -> Int {
        try connection.receive(into: &buffer, until: deadline)
    }
}
