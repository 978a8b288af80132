import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
internal import NIOSSL
import SExpression
import XendModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension XendClient {
    /// Sends a request to the first endpoint that accepts a connection, starting with the last one that did.
    /// - Throws: ``XendClientError`` naming every endpoint tried when none accepts.
    func send(_ request: XendRequest) async throws(XendClientError) -> XendResponse {
        let start = preferredEndpoint.withLock { $0 }
        var attempts: [(endpoint: String, reason: String)] = []
        for offset in 0..<endpoints.count {
            let index = (start + offset) % endpoints.count
            let endpoint = endpoints[index]
            do {
                let reply = try await send(request, to: endpoint)
                if index != start { preferredEndpoint.withLock { $0 = index } }
                return reply
            } catch let failure as ConnectionFailure {
                attempts.append((endpoint.description, failure.reason))
            } catch let error as XendClientError {
                throw error
            } catch {
                throw .invalidResponse("\(error)")
            }
        }
        throw .connectionFailed(attempts)
    }

    /// Sends, then reads the reply with the libvirt rules: 2xx is success unless the body is an
    /// `xend.err` S-expression; 404 on a domain means no such domain; anything else is an error.
    func perform(_ request: XendRequest) async throws(XendClientError) -> XendResponse {
        let reply = try await send(request)
        if (200...202).contains(reply.status) || reply.status == 204 {
            if let message = Self.xendErrorMessage(in: reply.body) {
                throw .operationFailed(message, httpStatus: reply.status)
            }
            return reply
        }
        if reply.status == 404, let domain = request.domain {
            throw .noSuchDomain(domain, body: reply.text)
        }
        if let message = Self.xendErrorMessage(in: reply.body) {
            throw .operationFailed(message, httpStatus: reply.status)
        }
        throw .httpStatus(reply.status, reason: reply.reason, body: reply.text)
    }

    /// Performs a request and parses the reply as one S-expression (the first one: GETs on a domain end in `''`).
    func fetch(_ request: XendRequest) async throws(XendClientError) -> SExpression {
        let reply = try await perform(request)
        guard !reply.body.isEmpty else { throw .invalidResponse("empty body", httpStatus: reply.status) }
        do {
            return try SExpression.parse(reply.body)
        } catch {
            throw .invalidResponse("not an S-expression: \(error.message)", httpStatus: reply.status)
        }
    }

    /// The message of an `(xend.err '…')` body, or `nil` when the body is anything else.
    static func xendErrorMessage(in body: [UInt8]) -> String? {
        // Every successful reply passes through here: look at its head before parsing it all (a node or
        // domain record would otherwise be parsed twice).
        guard !body.isEmpty, body.count < 1 << 20, Self.mayBeXendError(body),
            let first = try? SExpression.parse(body)
        else { return nil }
        return XendError(xendErr: first)?.message
    }

    /// Whether `body` opens with a list whose head is `xend.err` (bare or quoted): a `(` after any white
    /// space, then the token within the next few bytes.
    private static func mayBeXendError(_ body: [UInt8]) -> Bool {
        guard let open = body.firstIndex(where: { $0 > 0x20 }), body[open] == UInt8(ascii: "(") else { return false }
        let head = body[(open + 1)...].prefix(24)
        let token = Array("xend.err".utf8)
        return head.indices.contains { start in head[start...].starts(with: token) }
    }

    private func send(_ request: XendRequest, to endpoint: Endpoint) async throws -> XendResponse {
        var http = HTTPClientRequest(url: url(for: request, at: endpoint))
        http.method = request.method == .get ? .GET : .POST
        // libvirt's header block, plus an explicit close (the daemon keeps a connection open only when asked)
        // unless the configuration asks for keep-alive.
        http.headers.add(name: "Accept", value: "application/sxp")
        http.headers.add(name: "Accept-Encoding", value: "identity")
        http.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        http.headers.add(name: "Connection", value: configuration.keepsConnectionsAlive ? "keep-alive" : "close")
        if case .tcp = endpoint, let token = configuration.bearerToken {
            http.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        if request.method == .post {
            http.body = .bytes(ByteBuffer(string: request.body))
        }
        let started = ContinuousClock.now
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(
                http, timeout: TimeAmount(configuration.timeout.request), logger: logger)
        } catch {
            logger?.debug(
                "xend request failed",
                metadata: [
                    "method": "\(request.method.rawValue)", "target": "\(request.target)",
                    "endpoint": "\(endpoint)", "error": "\(error)",
                ])
            if let reason = Self.connectionFailureReason(error) { throw ConnectionFailure(reason: reason) }
            if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .readTimeout {
                throw XendClientError.timedOut(endpoint.description)
            }
            if let error = error as? HTTPClientError, error == .remoteConnectionClosed {
                throw XendClientError.invalidResponse(
                    "\(endpoint) closed the connection without a reply (a TLS listener spoken to without TLS?)")
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
        let microseconds = Int((ContinuousClock.now - started) / .microseconds(1))
        logger?.debug(
            "xend request",
            metadata: [
                "method": "\(request.method.rawValue)", "target": "\(request.target)", "endpoint": "\(endpoint)",
                "status": "\(response.status.code)", "microseconds": "\(microseconds)",
            ])
        return XendResponse(
            status: Int(response.status.code),
            reason: response.status.reasonPhrase,
            contentType: response.headers.first(name: "Content-Type"),
            body: Array(buffer: body)
        )
    }

    private func url(for request: XendRequest, at endpoint: Endpoint) -> String {
        switch endpoint {
        case .unixSocket(let path):
            // AHC reads the socket path from the percent-encoded host.
            return "http+unix://\(FormEncoding.percentEncode(path))\(request.target)"
        case .tcp(let host, let port):
            let scheme = configuration.tls == nil ? "http" : "https"
            let authority = host.contains(":") ? "[\(host)]" : host
            return "\(scheme)://\(authority):\(port)\(request.target)"
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
}

/// Nothing was sent: the endpoint refused, was missing, or did not answer the connection attempt.
private struct ConnectionFailure: Error {
    var reason: String
}
