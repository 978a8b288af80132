import FoundationEssentials
import Testing
import XendModel

@testable import XendHTTP
@testable import XendServer

/// The web console over real sockets (docs/console.md): the page and its public assets, login with the
/// bearer token, the session cookie in place of the token, the anti-forgery token on state-changing
/// requests, and legacy clients (no cookie) answered exactly as before.
@Suite("web console over real sockets", .serialized)
struct ConsoleTests {
    static let token = "c0ns0le-t0ken"

    /// A router over the simulated host behind the console, with a bearer token on TCP.
    final class Console {
        let host: RouterHost
        let sessions = BrowserSessions()
        let server: TestServer

        init(tls: Bool = false) throws {
            host = try RouterHost()
            let responder = ConsoleResponder(
                next: host.router, router: host.router, sessions: sessions, secureCookies: tls, loginRequired: true)
            let sessions = self.sessions
            server = try TestServer(responder: responder) {
                $0.bearerToken = ConsoleTests.token
                $0.browserSessions = sessions
                $0.publicPaths = ConsoleResponder.publicPaths
            }
        }

        var origin: String { "http://127.0.0.1:\(server.tcpPort)" }

        func request(
            _ method: String, _ target: String, headers: [String] = [], body: String = "",
            over transport: HTTPTransport = .tcp
        ) throws -> RawResponse {
            var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(server.tcpPort)\r\n"
            for header in headers { text += header + "\r\n" }
            if method == "POST" {
                text += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n"
            }
            return try server.response(text + "\r\n" + body, over: transport)
        }

        /// Logs in with the bearer token; the session cookie (`xend_console=…`) and the anti-forgery token.
        func login() throws -> (cookie: String, antiForgery: String, setCookie: String) {
            let response = try request(
                "POST", "/console/login", headers: ["Authorization: Bearer \(ConsoleTests.token)"])
            #expect(response.status == 200)
            let setCookie = try #require(response.header("Set-Cookie"))
            let cookie = String(setCookie.split(separator: ";")[0])
            let info = try JSONDecoder().decode([String: JSONValue].self, from: Data(response.body))
            guard case .string(let antiForgery) = info["antiForgeryToken"] else {
                throw RawResponse.Failure(description: "no antiForgeryToken in \(response.bodyText)")
            }
            return (cookie, antiForgery, setCookie)
        }
    }

    /// Enough of JSON to read the session reply.
    enum JSONValue: Decodable {
        case string(String)
        case bool(Bool)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .string(text)
            } else {
                self = .bool(try container.decode(Bool.self))
            }
        }
    }

    static let browser = ["User-Agent: Mozilla/5.0", "Accept: text/html"]

    @Test("the page, style sheet and script load without the token; the data behind them does not")
    func publicAssets() throws {
        let console = try Console()
        let page = try console.request("GET", "/", headers: Self.browser)
        #expect(page.status == 200)
        #expect(page.header("Content-type") == "text/html; charset=utf-8")
        #expect(page.bodyText.contains("<label for=\"login-token\">Bearer token</label>"))
        #expect(page.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
        #expect(
            try console.request("GET", "/console/console.js").header("Content-type")?.hasPrefix("text/javascript")
                == true)
        #expect(try console.request("GET", "/console/console.css").status == 200)
        #expect(try console.request("GET", "/console/session").status == 401)
        #expect(try console.request("GET", "/console/domains").status == 401)
        #expect(try console.request("GET", "/xend/node", headers: Self.browser).status == 401)
        // A POST to a public path is not public.
        #expect(try console.request("POST", "/", body: "op=pause").status == 401)
    }

    @Test("login needs the bearer token and sets an HttpOnly, SameSite=Strict cookie; Secure with TLS")
    func login() throws {
        let console = try Console()
        #expect(try console.request("POST", "/console/login").status == 401)
        #expect(try console.request("POST", "/console/login", headers: ["Authorization: Bearer wrong"]).status == 401)
        let (cookie, antiForgery, setCookie) = try console.login()
        #expect(cookie.hasPrefix("xend_console="))
        #expect(cookie.count == "xend_console=".count + 64)
        #expect(setCookie.contains("; HttpOnly"))
        #expect(setCookie.contains("; SameSite=Strict"))
        #expect(setCookie.contains("; Path=/"))
        #expect(!setCookie.contains("Secure"))
        #expect(antiForgery.count == 64)
        #expect(!cookie.contains(antiForgery))
        let secure = try Console(tls: true)
        #expect(try secure.login().setCookie.hasSuffix("; Secure"))
    }

    @Test("the session cookie stands in for the bearer token; a made-up cookie does not")
    func cookieInPlaceOfToken() throws {
        let console = try Console()
        let (cookie, _, _) = try console.login()
        let node = try console.request(
            "GET", "/xend/node", headers: ["Cookie: other=1; \(cookie)", "Accept: application/sxp"])
        #expect(node.status == 200)
        #expect(node.bodyText.hasPrefix("(node "))
        let domains = try console.request("GET", "/console/domains", headers: ["Cookie: \(cookie)"])
        #expect(domains.status == 200)
        // Every domain, the halted vm2 too (?detail=1 lists only running ones).
        #expect(domains.bodyText.contains("\"name\":\"vm2\""))
        let forged = "xend_console=" + String(repeating: "0", count: 64)
        #expect(try console.request("GET", "/xend/node", headers: ["Cookie: \(forged)"]).status == 401)
    }

    @Test("a POST with the cookie needs the anti-forgery token: none or a wrong one is 403, nothing happens")
    func antiForgery() throws {
        let console = try Console()
        let (cookie, antiForgery, _) = try console.login()
        let missing = try console.request("POST", "/xend/domain/vm1", headers: ["Cookie: \(cookie)"], body: "op=pause")
        #expect(missing.status == 403)
        #expect(missing.bodyText == "(xend.err 'Console request refused: missing or wrong X-Xend-Console-Token')")
        let wrong = try console.request(
            "POST", "/xend/domain/vm1", headers: ["Cookie: \(cookie)", "X-Xend-Console-Token: \(cookie)"],
            body: "op=pause")
        #expect(wrong.status == 403)
        #expect(try console.host.router.backend.domain(matching: "vm1").effectiveStatus != .paused)
        // The same with the right token pauses vm1.
        let right = try console.request(
            "POST", "/xend/domain/vm1", headers: ["Cookie: \(cookie)", "X-Xend-Console-Token: \(antiForgery)"],
            body: "op=pause")
        #expect(right.status == 200)
        #expect(try console.host.router.backend.domain(matching: "vm1").effectiveStatus == .paused)
        // A stale cookie with the bearer token is still the console's request: it needs the token too.
        let stale = try console.request(
            "POST", "/xend/domain/vm1",
            headers: ["Cookie: xend_console=gone", "Authorization: Bearer \(ConsoleTests.token)"], body: "op=unpause")
        #expect(stale.status == 403)
    }

    @Test("without the cookie, requests are answered as before, over both transports")
    func legacyUnchanged() throws {
        let console = try Console()
        let unix = try console.request("POST", "/xend/domain/vm1", body: "op=pause", over: .unix)
        #expect(unix.status == 200)
        #expect(unix.header("Set-Cookie") == nil)
        let tcp = try console.request(
            "GET", "/xend/domain/vm1", headers: ["Authorization: Bearer \(ConsoleTests.token)"])
        #expect(tcp.status == 200)
        #expect(tcp.header("Content-type") == "application/sxp")
        // `/` for an S-expression client is still the root listing, and the minimal browser page stays.
        #expect(try console.request("GET", "/", over: .unix).bodyText == "(ls )''")
        let minimal = try console.request("GET", "/xend/domain/vm1", headers: Self.browser, over: .unix)
        #expect(minimal.bodyText.hasPrefix("<html><head></head><body><pre>(domain "))
    }

    @Test("logout ends the session and clears the cookie")
    func logout() throws {
        let console = try Console()
        let (cookie, antiForgery, _) = try console.login()
        #expect(try console.request("POST", "/console/logout", headers: ["Cookie: \(cookie)"]).status == 403)
        let out = try console.request(
            "POST", "/console/logout", headers: ["Cookie: \(cookie)", "X-Xend-Console-Token: \(antiForgery)"])
        #expect(out.status == 200)
        #expect(out.header("Set-Cookie")?.hasPrefix("xend_console=; Path=/; Max-Age=0; HttpOnly") == true)
        #expect(try console.request("GET", "/console/session", headers: ["Cookie: \(cookie)"]).status == 401)
    }

    @Test("on the Unix socket the console needs no login: the session route opens one")
    func unixSocketNeedsNoLogin() throws {
        let console = try Console()
        let session = try console.request("GET", "/console/session", over: .unix)
        #expect(session.status == 200)
        #expect(session.header("Set-Cookie")?.hasPrefix("xend_console=") == true)
        #expect(session.bodyText.contains("\"loginRequired\":false"))
    }

    @Test("a browser opening /xend/… gets linked HTML with the record as a table")
    func treePages() throws {
        let console = try Console()
        let navigation = Self.browser + ["Sec-Fetch-Dest: document"]
        let list = try console.request("GET", "/xend/domain", headers: navigation, over: .unix)
        #expect(list.status == 200)
        #expect(list.header("Content-type") == "text/html; charset=utf-8")
        #expect(list.bodyText.contains("<a href=\"/xend/domain/vm1\">vm1</a>"))
        let record = try console.request("GET", "/xend/domain/vm1", headers: navigation, over: .unix)
        #expect(record.bodyText.contains("<tr><th scope=\"row\">memory</th><td>512</td></tr>"))
        #expect(record.bodyText.contains("<a href=\"/xend/domain\">domain</a>"))
        let root = try console.request("GET", "/xend/", headers: navigation, over: .unix)
        #expect(root.bodyText.contains("<a href=\"/xend/node\">node</a>"))
        let missing = try console.request("GET", "/xend/domain/nosuch", headers: navigation, over: .unix)
        #expect(missing.status == 404)
        #expect(missing.bodyText.contains("role=\"alert\""))
        #expect(BrowserTreePage.percentEncoded("a b/ü") == "a%20b%2F%C3%BC")
    }

    @Test("sessions: the oldest is dropped at capacity, and closing one ends it")
    func sessionStore() {
        let store = BrowserSessions(capacity: 2)
        let first = store.open()
        let second = store.open()
        let third = store.open()
        func headers(_ session: BrowserSessions.Session) -> HTTPHeaders {
            HTTPHeaders([("Cookie", "\(BrowserSessions.cookieName)=\(session.id)")])
        }
        #expect(store.session(presentedIn: headers(first)) == nil)
        #expect(store.session(presentedIn: headers(second)) == second)
        store.close(id: third.id)
        #expect(store.session(presentedIn: headers(third)) == nil)
        #expect(first.id != second.id && first.antiForgeryToken != first.id)
    }
}

@Suite("console paths")
struct ConsolePathTests {
    @Test(
        "only paths under /console/ are the console's own",
        arguments: [
            ("/console/", true), ("/console/session", true), ("/console/app.js", true), ("/console", false),
            ("/consol", false), ("/CONSOLE/session", false), ("/xend/node", false), ("", false), ("/", false),
            ("/xend/console/", false),
        ])
    func prefix(path: String, isConsole: Bool) {
        #expect(ConsoleResponder.isConsolePath(path) == isConsole)
    }
}
