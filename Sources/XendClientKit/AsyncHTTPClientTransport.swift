import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
internal import NIOSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The transport of async callers, and of TLS: AsyncHTTPClient on an event-loop group. A call suspends
/// while its I/O runs on the group's threads.
final class AsyncHTTPClientTransport: XendTransport {
    private let httpClient: HTTPClient
    private let configuration: XendClient.Configuration
    private let logger: Logger?

    init(configuration: XendClient.Configuration, logger: Logger?, eventLoopGroup: any EventLoopGroup) {
        self.configuration = configuration
        self.logger = logger
        httpClient = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: Self.httpConfiguration(configuration))
    }

    func shutdown() async throws {
        try await httpClient.shutdown()
    }

    func exchange(_ request: WireRequest, at endpoint: XendClient.Endpoint) async throws -> XendResponse {
        var http = HTTPClientRequest(url: url(for: request.target, at: endpoint))
        http.method = request.method == .get ? .GET : .POST
        for (name, value) in request.headers { http.headers.add(name: name, value: value) }
        if request.method == .post {
            http.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(
                http, timeout: TimeAmount(configuration.timeout.request), logger: logger)
        } catch {
            if let reason = Self.connectionFailureReason(error) { throw ConnectionFailure(reason: reason) }
            if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .readTimeout {
                throw XendClientError.timedOut(endpoint.description)
            }
            if let error = error as? HTTPClientError, error == .remoteConnectionClosed {
                throw XendClientError.closedWithoutReply(endpoint)
            }
            if error is NIOSSLError || error is BoringSSLError {
                throw XendClientError.invalidResponse("TLS with \(endpoint) failed: \(error)")
            }
            throw XendClientError.invalidResponse("\(error)")
        }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: configuration.maximumResponseBytes)
        } catch {
            throw XendClientError.invalidResponse(
                "reading the body failed: \(error)", httpStatus: Int(response.status.code))
        }
        return XendResponse(
            status: Int(response.status.code),
            reason: response.status.reasonPhrase,
            contentType: response.headers.first(name: "Content-Type"),
            body: Array(buffer: body)
        )
    }

    private func url(for target: String, at endpoint: XendClient.Endpoint) -> String {
        switch endpoint {
        case .unixSocket(let path):
            // AHC reads the socket path from the percent-encoded host.
            return "http+unix://\(FormEncoding.percentEncode(path))\(target)"
        case .tcp(let host, let port):
            let scheme = configuration.tls == nil ? "http" : "https"
            let authority = host.contains(":") ? "[\(host)]" : host
            return "\(scheme)://\(authority):\(port)\(target)"
        }
    }

    /// Why an endpoint could not be reached, or `nil` when the error happened after connecting.
    static func connectionFailureReason(_ error: any Error) -> String? {
        if let error = error as? IOError {
            return String(cString: strerror(error.errnoCode))
        }
        if let error = error as? NIOConnectionError {
            return error.connectionErrors.first.map { connectionFailureReason($0.error) ?? "\($0.error)" }
                ?? (error.dnsAAAAError ?? error.dnsAError).map { "cannot resolve \(error.host): \($0)" }
                ?? "cannot connect to \(error.host)"
        }
        if let error = error as? SocketAddressError {
            return "bad address: \(error)"
        }
        if case .connectTimeout = error as? ChannelError {
            return "connection timed out"
        }
        if let error = error as? HTTPClientError, error == .connectTimeout {
            return "connection timed out"
        }
        return nil
    }

    private static func httpConfiguration(_ configuration: XendClient.Configuration) -> HTTPClient.Configuration {
        var http = HTTPClient.Configuration()
        http.redirectConfiguration = .disallow
        http.timeout = .init(
            connect: TimeAmount(configuration.timeout.connect),
            read: TimeAmount(configuration.timeout.request)
        )
        // Fail at once when nothing listens, so the next endpoint is tried without waiting.
        http.connectionPool.retryConnectionEstablishment = false
        if configuration.keepsConnectionsAlive {
            // One connection, reused: a request made while the last one is being handed back to the pool
            // waits for it instead of opening another.
            http.connectionPool.idleTimeout = TimeAmount(configuration.keepAliveIdleTime)
            http.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 1
        }
        if let tls = configuration.tls {
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            if let file = tls.trustedCertificateFile {
                tlsConfiguration.trustRoots = .file(file)
            }
            if !tls.verifiesHostname {
                tlsConfiguration.certificateVerification = .noHostnameVerification
            }
            http.tlsConfiguration = tlsConfiguration
        }
        return http
    }
}
