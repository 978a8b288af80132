/// Who may use the TCP listeners: an optional bearer token and the `xend-hosts-allow` list.
/// The Unix socket is not checked here; its file mode and directory guard it.
public struct AccessPolicy: Sendable {
    /// Why a request was refused, with the status and message the engine answers.
    public enum Refusal: Sendable, Hashable {
        /// The peer's address matches no `xend-hosts-allow` pattern: 403.
        case hostNotAllowed(String)
        /// A token is configured and the request's `Authorization: Bearer` is missing or wrong: 401.
        case authenticationRequired

        /// The HTTP status for this refusal.
        public var status: Int {
            switch self {
            case .hostNotAllowed: 403
            case .authenticationRequired: 401
            }
        }

        /// The `xend.err` message for this refusal.
        public var message: String {
            switch self {
            case .hostNotAllowed(let peer): "Host not allowed: \(peer)"
            case .authenticationRequired: "authentication required"
            }
        }
    }

    private let bearerToken: [UInt8]?
    private let hostsAllow: HostsAllowList

    /// Builds the policy.
    /// - Throws: `HTTPEngineError` when a hosts-allow pattern is not a valid regular expression.
    public init(bearerToken: String?, hostsAllow: [String]) throws(HTTPEngineError) {
        self.bearerToken = bearerToken.map { Array($0.utf8) }
        self.hostsAllow = try HostsAllowList(patterns: hostsAllow)
    }

    /// The refusal for a request, or `nil` when it may proceed.
    public func refusal(transport: HTTPTransport, peerAddress: String?, headers: HTTPHeaders) -> Refusal? {
        guard transport == .tcp else { return nil }
        if !hostsAllow.allows(peerAddress ?? "") {
            return .hostNotAllowed(peerAddress ?? "unknown")
        }
        if let bearerToken, !Self.carries(token: bearerToken, headers["Authorization"]) {
            return .authenticationRequired
        }
        return nil
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
