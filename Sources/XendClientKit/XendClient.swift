import AsyncHTTPClient
import Logging
import NIOCore
import Synchronization

/// A client of the xend management daemon: the classic libxend C API (`xend_internal.h`) in Swift.
///
/// Every call is one HTTP request with an S-expression reply, over the daemon's Unix socket or TCP,
/// formed exactly as libvirt's xend driver formed it. A client owns an HTTP client, so it must be shut
/// down: either call ``shutdown()`` when done, or use the scoped form, which always does:
///
/// ```swift
/// let names = try await XendClient.withClient(.local()) { xend in
///     try await xend.domains()
/// }
/// ```
public final class XendClient: Sendable {
    /// The endpoints this client tries, in order, until one accepts the connection.
    public let endpoints: [Endpoint]
    /// The settings the client was made with.
    public let configuration: Configuration
    /// Where each request is logged at `debug` (method, path, endpoint, status, time); `nil` logs nothing.
    public let logger: Logger?

    /// The transport of each endpoint, in the order of `endpoints`.
    let transports: [any XendTransport]
    /// The index into `endpoints` of the last endpoint that accepted a connection, tried first next time.
    let preferredEndpoint = Mutex(0)

    /// Makes a client for a list of endpoints, tried in order until one accepts the connection.
    /// - Parameters:
    ///   - endpoints: At least one endpoint.
    ///   - configuration: Transport, TLS, token and time limits.
    ///   - logger: Receives one `debug` line per request; the library never creates a logger of its own.
    ///   - eventLoopGroup: Where AsyncHTTPClient's connections run; by default (`nil`) the process-wide group,
    ///     whose threads live as long as the process. A caller that must leave no thread behind passes its
    ///     own and shuts it down after ``shutdown()``. Unused, and no group is touched, when every endpoint
    ///     goes over ``Configuration/Transport-swift.enum/blockingSockets``.
    public init(
        endpoints: [Endpoint], configuration: Configuration = Configuration(), logger: Logger? = nil,
        eventLoopGroup: (any EventLoopGroup)? = nil
    ) {
        precondition(!endpoints.isEmpty, "XendClient needs at least one endpoint")
        self.endpoints = endpoints
        self.configuration = configuration
        self.logger = logger
        // TLS is AsyncHTTPClient's whichever transport was asked for; the Unix socket never has TLS.
        let usesSockets = { (endpoint: Endpoint) in
            guard configuration.transport == .blockingSockets else { return false }
            if case .tcp = endpoint { return configuration.tls == nil }
            return true
        }
        let sockets = endpoints.contains(where: usesSockets) ? SocketTransport(configuration: configuration) : nil
        let http =
            endpoints.allSatisfy(usesSockets)
            ? nil
            : AsyncHTTPClientTransport(
                configuration: configuration, logger: logger,
                eventLoopGroup: eventLoopGroup ?? HTTPClient.defaultEventLoopGroup)
        transports = endpoints.map { endpoint -> any XendTransport in
            if usesSockets(endpoint), let sockets { return sockets }
            guard let http else { preconditionFailure("an endpoint without a transport") }
            return http
        }
        shutDownTransports = (sockets.map { [$0] } ?? []) + (http.map { [$0] } ?? [])
    }

    /// Each transport once.
    private let shutDownTransports: [any XendTransport]

    /// Makes a client for the daemon's Unix socket, as `xend_new_unix` did.
    /// - Parameters:
    ///   - path: The socket path; by default `/var/lib/xend/xend-socket`.
    ///   - configuration: Time limits (TLS and the token apply to TCP only).
    ///   - logger: Receives one `debug` line per request.
    public convenience init(
        unixSocket path: String = "/var/lib/xend/xend-socket",
        configuration: Configuration = Configuration(),
        logger: Logger? = nil
    ) {
        self.init(endpoints: [.unixSocket(path: path)], configuration: configuration, logger: logger)
    }

    /// Makes a client for a TCP listener, as `xend_new_tcp` did.
    /// - Parameters:
    ///   - host: Host name or address of the Xen host.
    ///   - port: The daemon's `xend-port`, 8000 by default.
    ///   - configuration: TLS, bearer token and time limits.
    ///   - logger: Receives one `debug` line per request.
    public convenience init(
        host: String, port: Int = 8000, configuration: Configuration = Configuration(), logger: Logger? = nil
    ) {
        self.init(endpoints: [.tcp(host: host, port: port)], configuration: configuration, logger: logger)
    }

    /// Makes a client for the local daemon, as `xend_new` did: the Unix socket
    /// `/var/lib/xend/xend-socket` first, then TCP `localhost:8000`.
    /// - Parameters:
    ///   - configuration: Time limits and, for the TCP fallback, TLS and token.
    ///   - logger: Receives one `debug` line per request.
    public static func local(configuration: Configuration = Configuration(), logger: Logger? = nil) -> XendClient {
        XendClient(endpoints: [.defaultUnixSocket, .defaultTCP], configuration: configuration, logger: logger)
    }

    /// Runs `body` with a client and shuts the client down afterwards, whether `body` throws or not.
    /// - Parameters:
    ///   - client: A new client, for instance `.local()` or `XendClient(unixSocket: path)`.
    ///   - body: The work to do with the client.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws; a failure to shut down is thrown only when `body` succeeded.
    public static func withClient<Result: Sendable>(
        _ client: @autoclosure () -> XendClient,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (XendClient) async throws -> Result
    ) async throws -> Result {
        let client = client()
        let result: Result
        do {
            result = try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return result
    }

    /// Closes the client's connections. Call once, after the last request.
    /// - Throws: When the client was already shut down.
    public func shutdown() async throws {
        for transport in shutDownTransports { try await transport.shutdown() }
    }
}
