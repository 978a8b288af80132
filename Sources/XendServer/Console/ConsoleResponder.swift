import FoundationEssentials
import Hypervisor
import XendHTTP
import XendModel

#if canImport(Glibc)
    import Glibc
#endif

/// The web console (docs/console.md), in front of the router: it serves the page at `/`, its style sheet
/// and script, the session routes under `/console/`, the HTML tree pages for browsers under `/xend/`,
/// and checks the anti-forgery token of every state-changing request that carries the console's cookie.
/// Requests without that cookie reach the router unchanged, so legacy clients see no difference.
///
/// A class: the engine's worker threads share one responder chain, and a struct in it was copied per
/// request, a retain and a release of each of its objects (docs/performance.md, "One slot per thread").
public final class ConsoleResponder: HTTPResponder {
    /// Paths a browser may load without the bearer token: the page (whose login form asks for it), its
    /// style sheet and its script. None of them holds data.
    public static let publicPaths: Set<String> = ["/", stylePath, scriptPath]
    static let stylePath = "/console/console.css"
    static let scriptPath = "/console/console.js"

    private let next: any HTTPResponder
    private let router: XendRouter
    private let sessions: BrowserSessions
    private let secureCookies: Bool
    private let loginRequired: Bool

    /// The console in front of `next`, reading the host through `router`.
    /// - Parameters:
    ///   - sessions: the store the engine also consults (``HTTPServerConfiguration/browserSessions``).
    ///   - secureCookies: TLS is on, so the cookie is marked `Secure` on TCP.
    ///   - loginRequired: a bearer token is configured, so the page offers logging out.
    public init(
        next: any HTTPResponder, router: XendRouter, sessions: BrowserSessions, secureCookies: Bool,
        loginRequired: Bool
    ) {
        self.next = next
        self.router = router
        self.sessions = sessions
        self.secureCookies = secureCookies
        self.loginRequired = loginRequired
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        respondReplayable(to: request).response
    }

    /// The console's own answers are never sent again unasked (sessions change them); a request it passes
    /// on is answered as the next responder says.
    public func respondReplayable(to request: HTTPRequest) -> ReplayableResponse {
        if request.method == "GET" || request.method == "HEAD" {
            if let response = get(request) { return ReplayableResponse(response: response) }
        } else if request.method == "POST" {
            if let response = post(request) { return ReplayableResponse(response: response) }
        }
        return next.respondReplayable(to: request)
    }

    /// The console's own GET routes; `nil` passes the request on.
    private func get(_ request: HTTPRequest) -> HTTPResponse? {
        // The protocol's paths (`/xend/…`) are none of the console's own: one prefix test spares them the
        // string comparisons below.
        if request.rawPath != "/" && !Self.isConsolePath(request.rawPath) {
            return treePage(request)
        }
        switch request.rawPath {
        case "/" where Representation(headers: request.headers) == .html:
            return Self.asset(ConsoleAssets.page, type: "text/html; charset=utf-8")
        case Self.stylePath:
            return Self.asset(ConsoleAssets.style, type: "text/css; charset=utf-8")
        case Self.scriptPath:
            return Self.asset(ConsoleAssets.script, type: "text/javascript; charset=utf-8")
        case "/console/session":
            if let session = sessions.session(presentedIn: request.headers) { return describe(session, request) }
            return opened(request)
        case "/console/domains":
            return domains()
        default:
            return treePage(request)
        }
    }

    /// Whether `path` starts with `/console/`, compared as bytes: every request asks, and the generic
    /// `starts(with:)` over two UTF-8 views cost 200 instructions (callgrind, docs/performance.md).
    static func isConsolePath(_ path: String) -> Bool {
        let prefix: StaticString = "/console/"
        var path = path
        return path.withUTF8 { bytes in
            bytes.count >= prefix.utf8CodeUnitCount
                && memcmp(bytes.baseAddress!, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0
        }
    }

    /// The HTML page of a `/xend/…` resource for a browser; `nil` passes the request on.
    private func treePage(_ request: HTTPRequest) -> HTTPResponse? {
        guard BrowserTreePage.serves(request) else { return nil }
        var forwarded = request
        forwarded.headers.set("Accept", "application/sxp")
        return BrowserTreePage.render(next.respond(to: forwarded), for: request)
    }

    /// The console's own POST routes and the anti-forgery check; `nil` passes the request on.
    private func post(_ request: HTTPRequest) -> HTTPResponse? {
        // The engine has checked the bearer token (TCP) before this runs: logging in opens a session.
        if request.rawPath == "/console/login" { return opened(request) }
        guard BrowserSessions.carriesCookie(request.headers) else { return nil }
        guard let session = sessions.session(presentedIn: request.headers),
            let presented = request.headers[BrowserSessions.antiForgeryHeader],
            BrowserSessions.equal(Array(presented.utf8), Array(session.antiForgeryToken.utf8))
        else {
            return .xendError(
                "Console request refused: missing or wrong \(BrowserSessions.antiForgeryHeader)", status: 403)
        }
        guard request.rawPath == "/console/logout" else { return nil }
        sessions.close(id: session.id)
        var response = HTTPResponse.json("{}")
        response.headers.add("Set-Cookie", cookie(value: "", maxAge: 0, request))
        return response
    }

    /// Opens a session and sets its cookie.
    private func opened(_ request: HTTPRequest) -> HTTPResponse {
        let session = sessions.open()
        var response = describe(session, request)
        response.headers.add("Set-Cookie", cookie(value: session.id, maxAge: sessions.lifetimeSeconds, request))
        return response
    }

    /// What the page's script needs: the anti-forgery token, where saves go, whether to offer logout.
    private func describe(_ session: BrowserSessions.Session, _ request: HTTPRequest) -> HTTPResponse {
        let info = SessionInfo(
            antiForgeryToken: session.antiForgeryToken, saveDirectory: router.settings.saveDirectory,
            loginRequired: loginRequired && request.transport == .tcp)
        return Self.json(info)
    }

    /// `HttpOnly` keeps the id from scripts; `SameSite=Strict` keeps it off requests other sites start.
    private func cookie(value: String, maxAge: Int, _ request: HTTPRequest) -> String {
        var text = "\(BrowserSessions.cookieName)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict"
        if secureCookies && request.transport == .tcp { text += "; Secure" }
        return text
    }

    /// Every domain (all states, unlike `?detail=1`), with the host's clock for uptimes.
    private func domains() -> HTTPResponse {
        do throws(XendError) {
            return Self.json(DomainTable(now: Int(time(nil)), domains: try router.backend.domainRecords()))
        } catch {
            return .xendError(error.message, status: error.httpStatus)
        }
    }

    private static func json(_ value: some Encodable) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return HTTPResponse.json(String(decoding: try encoder.encode(value), as: UTF8.self))
        } catch {
            return .xendError("cannot encode the reply as JSON: \(error)", status: 500)
        }
    }

    /// A constant asset, with headers that keep injected markup from running script or framing the page.
    static func asset(_ text: String, type: String) -> HTTPResponse {
        var response = HTTPResponse.content(text, contentType: type)
        for (name, value) in securityHeaders { response.headers.add(name, value) }
        return response
    }

    static let securityHeaders: [(String, String)] = [
        (
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
    ]
}

/// `GET /console/session`.
private struct SessionInfo: Encodable {
    let antiForgeryToken: String
    let saveDirectory: String
    let loginRequired: Bool
}

/// `GET /console/domains`.
private struct DomainTable: Encodable {
    let now: Int
    let domains: [DomainRecord]
}
