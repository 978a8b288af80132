/// Who may use the daemon: on TCP an optional bearer token and the `xend-hosts-allow` list, and on both
/// transports the browser rules of ``BrowserPolicy`` (`Origin`, `Sec-Fetch-Site`, and `Host` on TCP).
/// The Unix socket's file mode and directory guard it otherwise.
///
/// A class: the engine consults it for every request, and reading a struct out of the server would copy
/// (retain and release) each of its sets and lists every time.
public final class AccessPolicy: Sendable {
    /// Why a request was refused, with the status and message the engine answers.
    public enum Refusal: Sendable, Hashable {
        /// The peer's address matches no `xend-hosts-allow` pattern: 403.
        case hostNotAllowed(String)
        /// A token is configured and the request's `Authorization: Bearer` is missing or wrong: 401.
        case authenticationRequired
        /// The request's `Origin` is neither the daemon's own nor in `xend-allowed-origins`: 403.
        case foreignOrigin(String)
        /// `Sec-Fetch-Site: cross-site` or `same-site` from an origin not in `xend-allowed-origins`: 403.
        case crossSite(String)
        /// On TCP, the `Host` header names neither this machine nor an `xend-allowed-hosts` name: 403.
        case unknownHost(String)

        /// The HTTP status for this refusal.
        public var status: Int {
            switch self {
            case .hostNotAllowed, .foreignOrigin, .crossSite, .unknownHost: 403
            case .authenticationRequired: 401
            }
        }

        /// The `xend.err` message for this refusal.
        public var message: String {
            switch self {
            case .hostNotAllowed(let peer): "Host not allowed: \(peer)"
            case .authenticationRequired: "authentication required"
            case .foreignOrigin(let origin): "Cross-origin request refused: Origin \(origin.prefix(200))"
            case .crossSite(let site): "Cross-site request refused: Sec-Fetch-Site \(site.prefix(40))"
            case .unknownHost(let host): "Host header not served here: \(host.prefix(200))"
            }
        }
    }

    private let bearerToken: [UInt8]?
    private let hostsAllow: HostsAllowList
    private let browser: BrowserPolicy
    private let sessions: BrowserSessions?
    private let publicPaths: Set<String>

    /// Builds the policy.
    /// - Parameters:
    ///   - sessions: the web console's sessions, whose cookie stands in for the bearer token.
    ///   - publicPaths: paths whose `GET` and `HEAD` need no token (the console's login page and its
    ///     style sheet and script, which hold no data).
    /// - Throws: `HTTPEngineError` when a hosts-allow pattern is not a valid regular expression.
    public init(
        bearerToken: String?, hostsAllow: [String], browser: BrowserPolicy = BrowserPolicy(),
        sessions: BrowserSessions? = nil, publicPaths: Set<String> = []
    ) throws(HTTPEngineError) {
        self.bearerToken = bearerToken.map { Array($0.utf8) }
        self.hostsAllow = try HostsAllowList(patterns: hostsAllow)
        self.browser = browser
        self.sessions = sessions
        self.publicPaths = publicPaths
    }

    /// The refusal for a request, or `nil` when it may proceed. The peer address comes first, then the
    /// browser rules, then the token: a forged request is refused whether or not a token is configured.
    /// A live console session cookie is accepted in place of the token; `GET` and `HEAD` of a public path
    /// (`target` without its query) need neither.
    public func refusal(
        transport: HTTPTransport, peerAddress: String?, headers: HTTPHeaders, method: String = "GET",
        target: String? = nil
    ) -> Refusal? {
        if transport == .tcp, !hostsAllow.allows(peerAddress ?? "") {
            return .hostNotAllowed(peerAddress ?? "unknown")
        }
        if let refusal = browser.refusal(transport: transport, headers: headers) { return refusal }
        guard transport == .tcp else { return nil }
        if let bearerToken, !Self.carries(token: bearerToken, headers["Authorization"]),
            sessions?.session(presentedIn: headers) == nil, !isPublic(method: method, target: target)
        {
            return .authenticationRequired
        }
        return nil
    }

    private func isPublic(method: String, target: String?) -> Bool {
        guard method == "GET" || method == "HEAD", let target else { return false }
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        return publicPaths.contains(String(path))
    }

    /// Compares the presented token in time independent of where it first differs.
    private static func carries(token: [UInt8], _ authorization: String?) -> Bool {
        guard let authorization else { return false }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        let presented = Array(parts[1].trimmingSpaces.utf8)
        var difference = UInt8(presented.count == token.count ? 0 : 1)
        for index in 0..<presented.count {
            difference |= presented[index] ^ token[index % max(token.count, 1)]
        }
        return difference == 0 && !token.isEmpty
    }
}

/// Compiled `xend-hosts-allow` patterns.
///
/// `@unchecked Sendable`: the standard library's `Regex` has no `Sendable` conformance for any output
/// type. The patterns are compiled in `init` and never replaced; matching from several worker threads
/// only reads them (a `Regex` compiles its matching program lazily, stored with an atomic compare-and-swap).
package final class HostsAllowList: @unchecked Sendable {
    private let patterns: [Regex<AnyRegexOutput>]

    package init(patterns: [String]) throws(HTTPEngineError) {
        var compiled: [Regex<AnyRegexOutput>] = []
        for pattern in patterns {
            do {
                compiled.append(try Regex(pattern))
            } catch {
                throw .invalidHostsAllow(pattern: pattern, reason: "\(error)")
            }
        }
        self.patterns = compiled
    }

    /// Empty allows everyone; otherwise some pattern must match at the start of `peer`.
    package func allows(_ peer: String) -> Bool {
        patterns.isEmpty || patterns.contains { (try? $0.prefixMatch(in: peer)) != nil }
    }
}
