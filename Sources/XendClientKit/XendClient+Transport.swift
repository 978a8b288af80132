import Logging
import SExpression
import XendModel

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
                let reply = try await send(request, to: endpoint, via: transports[index])
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

    /// The request as it goes on the wire to `endpoint`: libvirt's header block, plus an explicit close (the
    /// daemon keeps a connection open only when asked) unless the configuration asks for keep-alive, and the
    /// bearer token on TCP. Every transport sends these headers and adds only the framing.
    func wireRequest(_ request: XendRequest, to endpoint: Endpoint) -> WireRequest {
        var headers: [(name: String, value: String)] = [
            ("Accept", "application/sxp"),
            ("Accept-Encoding", "identity"),
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Connection", configuration.keepsConnectionsAlive ? "keep-alive" : "close"),
        ]
        if case .tcp = endpoint, let token = configuration.bearerToken {
            headers.append(("Authorization", "Bearer \(token)"))
        }
        return WireRequest(
            method: request.method, target: request.target, headers: headers,
            body: request.method == .post ? Array(request.body.utf8) : [])
    }

    private func send(_ request: XendRequest, to endpoint: Endpoint, via transport: any XendTransport) async throws
        -> XendResponse
    {
        let started = ContinuousClock.now
        let reply: XendResponse
        do {
            reply = try await transport.exchange(wireRequest(request, to: endpoint), at: endpoint)
        } catch {
            logger?.debug(
                "xend request failed",
                metadata: [
                    "method": "\(request.method.rawValue)", "target": "\(request.target)",
                    "endpoint": "\(endpoint)", "error": "\(error)",
                ])
            throw error
        }
        if let logger {
            let microseconds = Int((ContinuousClock.now - started) / .microseconds(1))
            logger.debug(
                "xend request",
                metadata: [
                    "method": "\(request.method.rawValue)", "target": "\(request.target)", "endpoint": "\(endpoint)",
                    "status": "\(reply.status)", "microseconds": "\(microseconds)",
                ])
        }
        return reply
    }
}
