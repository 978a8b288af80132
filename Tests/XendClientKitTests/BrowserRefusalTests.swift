import Foundation
import Testing

/// Cross-site request forgery and DNS rebinding against the real daemon, over raw sockets so the headers
/// on the wire are exactly the ones given: browsers' requests from other sites are refused before anything
/// runs, and the command-line clients' exact requests still pass (docs/hardening.md, "Browsers").
@Suite("Browser refusals: Origin, Sec-Fetch-Site, Host", .needsDaemon)
struct BrowserRefusalTests {
    static let csrfConfig = "(vm (name csrf) (memory 32) (image (linux (kernel /boot/vmlinuz))))"

    /// The first example of the report: curl posting a create from `http://evil.example`.
    static func forgedCreate(host: String, origin: String = "http://evil.example", extra: String = "") -> String {
        let body = "op=create&config=" + (csrfConfig.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        return "POST /xend/domain/ HTTP/1.1\r\nHost: \(host)\r\nUser-Agent: curl/8.14.1\r\nAccept: */*\r\n"
            + "Origin: \(origin)\r\n\(extra)Content-Length: \(body.utf8.count)\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\n\r\n\(body)"
    }

    /// libvirt's xend driver: these headers, in this order, on both transports.
    static func libvirt(_ method: String, _ path: String, body: String? = nil) -> String {
        var request =
            "\(method) \(path) HTTP/1.1\r\nHost: localhost:8000\r\nAccept-Encoding: identity\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\n"
        if let body { request += "Content-Length: \(body.utf8.count)\r\n" }
        return request + "Connection: close\r\n\r\n" + (body ?? "")
    }

    /// xm of Xen 3.0 (Python's httplib): `Host: localhost` over the Unix socket, `localhost:8000` over TCP.
    static func xm(_ path: String, host: String) -> String {
        "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n"
    }

    static func host(_ daemon: XendDaemon, _ transport: Transport) -> String {
        transport == .tcp ? "127.0.0.1:\(daemon.tcpPort)" : "localhost"
    }

    @Test("a forged create from another origin gets 403 and creates nothing", arguments: Transport.allCases)
    func forgedCreateIsRefused(transport: Transport) async throws {
        let daemon = try await XendDaemon.start()
        defer { daemon.stop() }
        let refused = try RawHTTPExchange.send(
            Self.forgedCreate(host: Self.host(daemon, transport)), to: daemon, over: transport)
        #expect(refused.status == 403)
        #expect(refused.body == "(xend.err 'Cross-origin request refused: Origin http://evil.example')")
        let crossSite = try RawHTTPExchange.send(
            Self.forgedCreate(
                host: Self.host(daemon, transport), origin: "http://127.0.0.1:1",
                extra: "Sec-Fetch-Site: same-site\r\n"), to: daemon, over: transport)
        #expect(crossSite.status == 403)
        let lookup = try RawHTTPExchange.send(Self.libvirt("GET", "/xend/domain/csrf"), to: daemon, over: transport)
        #expect(lookup.status == 404)
        let all = try RawHTTPExchange.send(Self.libvirt("GET", "/xend/domain?state=all"), to: daemon, over: transport)
        #expect(all.status == 200 && !all.body.contains("csrf"))
    }

    @Test("Sec-Fetch-Site cross-site or same-site without an allowed Origin gets 403", arguments: Transport.allCases)
    func fetchMetadata(transport: Transport) async throws {
        let daemon = try await XendDaemon.start()
        defer { daemon.stop() }
        for site in ["cross-site", "same-site", "Cross-Site"] {
            let request =
                "GET /xend/node HTTP/1.1\r\nHost: \(Self.host(daemon, transport))\r\nSec-Fetch-Site: \(site)\r\n"
                + "Connection: close\r\n\r\n"
            let refused = try RawHTTPExchange.send(request, to: daemon, over: transport)
            #expect(refused.status == 403, "\(site)")
            #expect(refused.body.hasPrefix("(xend.err 'Cross-site request refused: Sec-Fetch-Site "))
        }
        for site in ["same-origin", "none"] {
            let request =
                "GET /xend/node HTTP/1.1\r\nHost: \(Self.host(daemon, transport))\r\nSec-Fetch-Site: \(site)\r\n"
                + "Connection: close\r\n\r\n"
            #expect(try RawHTTPExchange.send(request, to: daemon, over: transport).status == 200, "\(site)")
        }
    }

    @Test("DNS rebinding: a foreign Host is refused on TCP; the Unix socket does not check Host")
    func rebinding() async throws {
        let daemon = try await XendDaemon.start()
        defer { daemon.stop() }
        let request = "GET /xend/node HTTP/1.1\r\nHost: evil.example:\(daemon.tcpPort)\r\nConnection: close\r\n\r\n"
        let refused = try RawHTTPExchange.send(request, to: daemon, over: .tcp)
        #expect(refused.status == 403)
        #expect(refused.body == "(xend.err 'Host header not served here: evil.example:\(daemon.tcpPort)')")
        #expect(!refused.body.contains("xend_config_format"))
        #expect(try RawHTTPExchange.send(request, to: daemon, over: .unix).status == 200)
        for own in ["localhost", "localhost:\(daemon.tcpPort)", "127.0.0.1", "[::1]:\(daemon.tcpPort)", "LOCALHOST"] {
            let allowed = "GET /xend/node HTTP/1.1\r\nHost: \(own)\r\nConnection: close\r\n\r\n"
            #expect(try RawHTTPExchange.send(allowed, to: daemon, over: .tcp).status == 200, "\(own)")
        }
    }

    @Test("libvirt's and xm's exact requests still pass", arguments: Transport.allCases)
    func legacyClients(transport: Transport) async throws {
        let daemon = try await XendDaemon.start()
        defer { daemon.stop() }
        let node = try RawHTTPExchange.send(Self.libvirt("GET", "/xend/node/"), to: daemon, over: transport)
        #expect(node.status == 200)
        #expect(node.body.contains("xend_config_format"))
        let name = "lv\(transport.rawValue)"
        let config = TestDomains.configText(name: name).addingPercentEncoding(withAllowedCharacters: .alphanumerics)
        let created = try RawHTTPExchange.send(
            Self.libvirt("POST", "/xend/domain/", body: "op=create&config=\(config ?? "")"), to: daemon, over: transport
        )
        #expect(created.status == 201)
        for host in ["localhost", "localhost:8000"] {
            let found = try RawHTTPExchange.send(
                Self.xm("/xend/domain/\(name)", host: host), to: daemon, over: transport)
            #expect(found.status == 200, "\(host)")
            #expect(found.body.contains("(name \(name))"))
        }
    }

    @Test("the daemon's own origin passes", arguments: Transport.allCases)
    func sameOrigin(transport: Transport) async throws {
        let daemon = try await XendDaemon.start()
        defer { daemon.stop() }
        let host = Self.host(daemon, transport)
        let request =
            "POST /xend/domain/\(Self.nameless) HTTP/1.1\r\nHost: \(host)\r\nOrigin: http://\(host)\r\n"
            + "Sec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: 8\r\nConnection: close\r\n\r\nop=pause"
        let answer = try RawHTTPExchange.send(request, to: daemon, over: transport)
        #expect(answer.status == 404)  // past the policy: the router says the domain does not exist
        #expect(answer.body.contains(Self.nameless))
    }

    static let nameless = "no-such-domain"

    @Test("xend-allowed-origins and xend-allowed-hosts admit a reverse proxy's origin and name")
    func allowLists() async throws {
        let daemon = try await XendDaemon.start(arguments: [
            "--allowed-origins", "https://console.example.org", "--allowed-hosts", "xen.example.org",
        ])
        defer { daemon.stop() }
        for transport in Transport.allCases {
            let created = try RawHTTPExchange.send(
                Self.forgedCreate(
                    host: "xen.example.org:443", origin: "https://console.example.org",
                    extra: "Sec-Fetch-Site: cross-site\r\n"), to: daemon, over: transport)
            #expect(created.status == 201, "\(transport)")
            let destroyed = try RawHTTPExchange.send(
                Self.libvirt("POST", "/xend/domain/csrf", body: "op=destroy"), to: daemon, over: transport)
            #expect(destroyed.status == 202, "\(transport)")
        }
        let other = try RawHTTPExchange.send(
            Self.forgedCreate(host: "xen.example.org", origin: "https://console.example.org.evil.example"), to: daemon,
            over: .tcp)
        #expect(other.status == 403)
    }
}
