import Testing

@testable import XendHTTP
@testable import XendServer

#if canImport(Glibc)
    import Glibc
#endif

@Suite("TCP access policy: bearer token and xend-hosts-allow")
struct AccessPolicyTests {
    @Test("the Unix socket is never refused")
    func unix() throws {
        let policy = try AccessPolicy(bearerToken: "s3cret", hostsAllow: ["^10\\."])
        #expect(policy.refusal(transport: .unix, peerAddress: nil, headers: [:]) == nil)
    }

    @Test(
        "bearer token",
        arguments: [
            (nil, AccessPolicy.Refusal.authenticationRequired), ("Bearer s3cret", nil), ("bearer s3cret", nil),
            ("Bearer s3cre", .authenticationRequired), ("Bearer s3cret2", .authenticationRequired),
            ("Basic s3cret", .authenticationRequired), ("Bearer", .authenticationRequired),
        ] as [(String?, AccessPolicy.Refusal?)])
    func token(authorization: String?, refusal: AccessPolicy.Refusal?) throws {
        let policy = try AccessPolicy(bearerToken: "s3cret", hostsAllow: [])
        var headers = HTTPHeaders()
        if let authorization { headers.add("Authorization", authorization) }
        #expect(policy.refusal(transport: .tcp, peerAddress: "127.0.0.1", headers: headers) == refusal)
    }

    @Test("a live console session cookie stands in for the token; GET and HEAD of a public path need neither")
    func consoleSession() throws {
        let sessions = BrowserSessions()
        let policy = try AccessPolicy(
            bearerToken: "s3cret", hostsAllow: [], sessions: sessions, publicPaths: ["/", "/console/console.js"])
        func refusal(_ headers: HTTPHeaders, _ method: String, _ target: String) -> AccessPolicy.Refusal? {
            policy.refusal(transport: .tcp, peerAddress: "127.0.0.1", headers: headers, method: method, target: target)
        }
        let session = sessions.open()
        let cookie = HTTPHeaders([("Cookie", "theme=dark; xend_console=\(session.id)")])
        #expect(refusal(cookie, "POST", "/xend/domain/") == nil)
        #expect(refusal(HTTPHeaders([("Cookie", "xend_console=\(session.antiForgeryToken)")]), "GET", "/x") != nil)
        #expect(refusal([:], "GET", "/?from=bookmark") == nil)
        #expect(refusal([:], "HEAD", "/console/console.js") == nil)
        #expect(refusal([:], "POST", "/") == .authenticationRequired)
        #expect(refusal([:], "GET", "/xend/node") == .authenticationRequired)
        #expect(refusal([:], "GET", "//") == .authenticationRequired)
        // The browser rules come first: a live cookie does not let a foreign page in.
        let foreign = HTTPHeaders([("Cookie", "xend_console=\(session.id)"), ("Origin", "http://evil.example")])
        #expect(refusal(foreign, "POST", "/xend/domain/") == .foreignOrigin("http://evil.example"))
        sessions.close(id: session.id)
        #expect(refusal(cookie, "GET", "/xend/node") == .authenticationRequired)
    }

    @Test(
        "hosts-allow patterns match from the start of the peer address, like re.match",
        arguments: [("127.0.0.1", true), ("10.1.2.3", true), ("192.168.1.1", false), ("110.0.0.1", false)])
    func hostsAllow(peer: String, allowed: Bool) throws {
        let policy = try AccessPolicy(bearerToken: nil, hostsAllow: ["127\\.0\\.0\\.1$", "10\\."])
        let refusal = policy.refusal(transport: .tcp, peerAddress: peer, headers: [:])
        #expect(refusal == (allowed ? nil : .hostNotAllowed(peer)))
        #expect(refusal?.status == (allowed ? nil : 403))
    }

    @Test("an invalid pattern is a start-up error")
    func invalidPattern() {
        #expect(throws: HTTPEngineError.self) { try AccessPolicy(bearerToken: nil, hostsAllow: ["(unclosed"]) }
    }
}

@Suite("browser policy: Origin, Sec-Fetch-Site and Host")
struct BrowserPolicyTests {
    static let policy = BrowserPolicy(
        allowedOrigins: ["HTTPS://Console.Example.org/"], allowedHosts: ["xen.example.org:443"],
        ownHosts: ["10.0.0.5", "xenhost1"])

    static func headers(_ pairs: [(String, String)]) -> HTTPHeaders { HTTPHeaders(pairs) }

    @Test(
        "Host on TCP: the machine's names and addresses, with or without a port; anything else is refused",
        arguments: [
            ("localhost", true), ("localhost:8000", true), ("127.0.0.1:8000", true), ("[::1]:8000", true),
            ("::1", true),
            ("10.0.0.5:8000", true), ("XenHost1", true), ("xen.example.org", true), ("xen.example.org:8443", true),
            ("evil.example", false), ("evil.example:8000", false), ("localhost.evil.example", false),
            ("[::2]:8000", false), ("", false),
        ])
    func host(host: String, allowed: Bool) {
        let refusal = Self.policy.refusal(transport: .tcp, headers: Self.headers([("Host", host)]))
        #expect(refusal == (allowed ? nil : .unknownHost(host.lowercased())))
        #expect(Self.policy.refusal(transport: .unix, headers: Self.headers([("Host", host)])) == nil)
    }

    @Test(
        "Origin: the daemon's own (scheme and the Host used) or an allowed one",
        arguments: [
            ("localhost:8000", "http://localhost:8000", true), ("localhost:8000", "https://localhost:8000", false),
            ("localhost:8000", "http://localhost:8001", false), ("localhost", "http://localhost", true),
            ("evil.example", "http://evil.example", false), ("localhost", "null", false),
            ("localhost", "https://console.example.org", true), ("localhost", "https://console.example.org:444", false),
        ])
    func origin(host: String, origin: String, allowed: Bool) {
        for transport in HTTPTransport.allCases {
            let refusal = Self.policy.refusal(
                transport: transport, headers: Self.headers([("Host", host), ("Origin", origin)]))
            if allowed {
                #expect(refusal == nil, "\(transport)")
            } else {
                #expect(refusal?.status == 403, "\(transport)")
            }
        }
    }

    @Test("an Origin on a request without Host is the daemon's own only if allowed")
    func noHost() {
        #expect(Self.policy.refusal(transport: .unix, headers: Self.headers([("Origin", "http://localhost")])) != nil)
        #expect(Self.policy.refusal(transport: .tcp, headers: Self.headers([])) == nil)
    }

    @Test("with TLS the daemon's own origin is https")
    func tls() {
        let policy = BrowserPolicy(tls: true)
        let own = Self.headers([("Host", "localhost:8000"), ("Origin", "https://localhost:8000")])
        #expect(policy.refusal(transport: .tcp, headers: own) == nil)
        let plain = Self.headers([("Host", "localhost:8000"), ("Origin", "http://localhost:8000")])
        #expect(policy.refusal(transport: .tcp, headers: plain) == .foreignOrigin("http://localhost:8000"))
    }

    @Test("the Host check on bytes agrees with the string path on random and edge-case values")
    func hostBytesAgreeWithStrings() {
        let pieces = [
            "localhost", "LocalHost", "127.0.0.1", "10.0.0.5", "xenhost1", "XEN.example.org", "evil", "[", "]", ":",
            "::1", "[::1]", "8000", " ", "\t", "é", "ß", "K", "\u{212A}", "xén", ".", "",
        ]
        // A configured name that is not ASCII turns the byte check off; both policies must agree with strings.
        let policies = [
            Self.policy, BrowserPolicy(allowedHosts: ["Xén.example.org", "\u{212A}"], ownHosts: ["xenhost1"]),
        ]
        var generator = SystemRandomNumberGenerator()
        var values = ["", " ", "[::1", "[]", "localhost:", ":8000", " localhost ", "\tLOCALHOST:80\t", "a:b:c"]
        for _ in 0..<2_000 {
            values.append((0..<Int.random(in: 1...4, using: &generator)).map { _ in pieces.randomElement()! }.joined())
        }
        values.append(String(repeating: "a", count: 300))
        for policy in policies {
            for value in values {
                let expected = policy.isOwn(host: Substring(value).trimmingSpaces.lowercased())
                #expect(policy.isOwn(hostHeader: value) == expected, "\(value.debugDescription)")
            }
        }
        #expect(policies[1].isOwn(hostHeader: "k") && policies[1].isOwn(hostHeader: "XÉN.example.org:80"))
    }

    @Test("a TCP peer's IPv4 address is written as inet_ntop writes it")
    func dottedDecimal() {
        var generator = SystemRandomNumberGenerator()
        let addresses: [UInt32] =
            [0, .max, 0x7F00_0001, 0x0A00_0005, 0x6400_0A09, 0x0102_0304]
            + (0..<1_000).map { _ in UInt32.random(in: 0...UInt32.max, using: &generator) }
        for address in addresses {
            let networkOrder = in_addr(s_addr: address.bigEndian)
            var expected = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            var copy = networkOrder
            _ = inet_ntop(AF_INET, &copy, &expected, socklen_t(expected.count))
            let text = String(decoding: expected.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            #expect(MHDListener.dottedDecimal(networkOrder) == text)
        }
    }

    @Test("the machine's own names are found: loopback, host name, interface addresses")
    func discovery() {
        let names = LocalHostNames.discover(listenAddresses: ["192.0.2.7", "", "::"])
        #expect(names.contains("192.0.2.7"))
        #expect(!names.contains(""))
        #expect(names.contains("127.0.0.1"))  // the loopback interface's address
    }
}

@Suite("systemd socket activation")
struct SystemdSocketActivationTests {
    @Test(
        "LISTEN_FDS counts descriptors from 3 when LISTEN_PID is ours",
        arguments: [
            (["LISTEN_PID": "42", "LISTEN_FDS": "2"], [Int32(3), 4]), (["LISTEN_PID": "41", "LISTEN_FDS": "2"], []),
            (["LISTEN_FDS": "2"], []), (["LISTEN_PID": "42", "LISTEN_FDS": "0"], []),
            (["LISTEN_PID": "42", "LISTEN_FDS": "x"], []),
        ] as [([String: String], [Int32])])
    func descriptors(environment: [String: String], expected: [Int32]) {
        #expect(SystemdSocketActivation.fileDescriptors(environment: environment, processID: 42) == expected)
    }
}
