/// What keeps web pages from driving the daemon: cross-site request forgery (a page posting a form to
/// the daemon) and DNS rebinding (a page whose name resolves to the daemon's address reading answers).
///
/// Browsers say where a request comes from (`Origin`, `Sec-Fetch-Site`) and which name they connected to
/// (`Host`); the command-line clients (xm, libvirt's xend driver, xendctl) send neither `Origin` nor
/// `Sec-Fetch-Site`, and a `Host` of `localhost` or `localhost:8000`, so they are never refused here.
/// docs/hardening.md says why the `Host` check is made on TCP only.
public struct BrowserPolicy: Sendable {
    /// `xend-allowed-origins`, normalised (lower case, no trailing slash): origins such as a reverse
    /// proxy's `https://xen.example.org` whose pages may use the daemon.
    private let allowedOrigins: Set<String>
    /// The names and addresses a TCP `Host` header may carry, lower case, without port or brackets.
    private let ownHosts: Set<String>
    /// `ownHosts` as bytes, for the byte check every TCP request makes (``isOwn(hostHeader:)``); `nil`
    /// when a name is not ASCII (Unicode equality could then match what a byte comparison would not).
    private let ownHostBytes: [[UInt8]]?
    /// The daemon's own scheme on TCP: `https` when TLS is on.
    private let scheme: String

    /// Builds the policy.
    /// - Parameters:
    ///   - allowedOrigins: `xend-allowed-origins`, as `scheme://host[:port]`.
    ///   - allowedHosts: `xend-allowed-hosts`: further names (a port, if given, is ignored).
    ///   - ownHosts: the daemon's own names and addresses (``LocalHostNames/discover(listenAddresses:)``).
    ///   - tls: whether TCP speaks TLS, so that the daemon's own origin is `https://…`.
    public init(allowedOrigins: [String] = [], allowedHosts: [String] = [], ownHosts: [String] = [], tls: Bool = false)
    {
        self.allowedOrigins = Set(allowedOrigins.map(Self.normalisedOrigin))
        self.ownHosts = Set(
            (LocalHostNames.loopback + ownHosts + allowedHosts).map { Self.hostName(ofAuthority: $0.lowercased()) })
        let ownHostBytes = self.ownHosts.map { Array($0.utf8) }
        self.ownHostBytes = ownHostBytes.allSatisfy { $0.allSatisfy { $0 < 0x80 } } ? ownHostBytes : nil
        self.scheme = tls ? "https" : "http"
    }

    /// The refusal for a request's headers, or `nil` when no browser rule is broken.
    public func refusal(transport: HTTPTransport, headers: HTTPHeaders) -> AccessPolicy.Refusal? {
        // Lower-cased only when a rule reads it: on the Unix socket, only for a request with an Origin.
        let hostHeader = headers["Host"]
        func host() -> String? { hostHeader.map { Substring($0).trimmingSpaces.lowercased() } }
        if transport == .tcp, let hostHeader, !isOwn(hostHeader: hostHeader) {
            return .unknownHost(host() ?? hostHeader)
        }
        let origin = headers["Origin"].map(Self.normalisedOrigin)
        if let origin, !allowedOrigins.contains(origin), !isOwnOrigin(origin, host: host()) {
            return .foreignOrigin(origin)
        }
        let site = headers["Sec-Fetch-Site"].map { Substring($0).trimmingSpaces.lowercased() }
        if let site, site == "cross-site" || site == "same-site", !(origin.map(allowedOrigins.contains) ?? false) {
            return .crossSite(site)
        }
        return nil
    }

    /// Whether `host` (a `Host` header: name or address, with or without a port) is one of the daemon's.
    func isOwn(host: String) -> Bool {
        ownHosts.contains(Self.hostName(ofAuthority: host))
    }

    /// ``isOwn(host:)`` of a `Host` header as received: spaces around it ignored, any case. Every TCP
    /// request asks, so an ASCII value (what clients send) is compared as bytes with the few own names,
    /// folding ASCII case on the way; walking it as `Character`s, lower-casing a copy and hashing it cost
    /// 10k instructions per request (callgrind, docs/performance.md).
    func isOwn(hostHeader: String) -> Bool {
        var header = hostHeader
        let own: Bool? = header.withUTF8 { bytes in
            guard let ownHostBytes, !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            let name = UnsafeBufferPointer(rebasing: bytes[Self.hostNameRange(inAuthority: bytes)])
            // Lengths first: most own names differ in length from the name asked about.
            return ownHostBytes.contains { own in
                own.count == name.count && own.withUnsafeBufferPointer { ASCIIBytes.equalFoldingCase(name, $0) }
            }
        }
        return own ?? isOwn(host: Substring(hostHeader).trimmingSpaces.lowercased())
    }

    /// ``hostName(ofAuthority:)`` on ASCII bytes, spaces and tabs around the authority ignored: the
    /// range of the host part.
    static func hostNameRange(inAuthority bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let trimmed = ASCIIBytes.trimmingSpacesAndTabs(0..<bytes.count, of: bytes)
        let authority = bytes[trimmed]
        if authority.first == UInt8(ascii: "[") {
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else { return trimmed }
            return (trimmed.lowerBound + 1)..<close
        }
        guard let colon = authority.firstIndex(of: UInt8(ascii: ":")),
            !authority[(colon + 1)...].contains(UInt8(ascii: ":"))
        else { return trimmed }
        return trimmed.lowerBound..<colon
    }

    /// The daemon's own origin is `scheme://` followed by the `Host` the browser used, when that host is
    /// one of the daemon's: a page the daemon served itself (the web console at `/`).
    private func isOwnOrigin(_ origin: String, host: String?) -> Bool {
        guard let host, isOwn(host: host) else { return false }
        return origin == "\(scheme)://\(host)"
    }

    /// `HTTP://Example.org/` → `http://example.org`; `null` (a sandboxed or local page) stays `null`.
    static func normalisedOrigin(_ origin: String) -> String {
        var text = Substring(origin).trimmingSpaces.lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// The host part of `host[:port]`, `[v6]:port` or a bare IPv6 address, without brackets.
    static func hostName(ofAuthority authority: String) -> String {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return authority }
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        let colons = authority.count(where: { $0 == ":" })
        guard colons == 1, let colon = authority.firstIndex(of: ":") else { return authority }
        return String(authority[..<colon])
    }
}
