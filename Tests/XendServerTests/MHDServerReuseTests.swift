import Testing

@testable import XendHTTP
@testable import XendServer

/// The engine sends again the libmicrohttpd response it built for an equal response with a body of the
/// same storage (`ReusableResponses`); what goes on the wire must not change.
@Suite("MHDServer reused responses")
struct MHDServerReuseTests {
    /// Answers every path with one body array, shared from request to request (as the router shares the
    /// printed node record) or copied each time, and with a status, phrase or header chosen by the path.
    struct SharedBodyResponder: HTTPResponder {
        static let body = Array("(node (host xenhost1) (xend_config_format 4))".utf8)
        let copies: Bool

        func respond(to request: HTTPRequest) -> HTTPResponse {
            // `Array(body)` would share the storage: `map` makes a new one.
            var response = HTTPResponse.sxp(utf8: copies ? Self.body.map { $0 } : Self.body)
            switch request.pathSegments.first {
            case "status": response.status = 404
            case "phrase": response.reasonPhrase = "Request failed: \(request.parameter("op") ?? "-")"
            case "header": response.headers.add("Location", "http://\(request.host ?? "")\(request.target)")
            case "html": response.headers.set(HTTPResponse.contentTypeHeader, "text/html")
            case "expires": response.headers.add("Expires", "0")
            default: break
            }
            return response
        }
    }

    static let paths = [
        "/xend/node", "/status", "/xend/node", "/phrase?op=pause", "/phrase?op=stop", "/header?n=1", "/xend/node",
        "/header?n=2", "/html", "/expires", "/xend/node", "/xend/node",
    ]

    /// Every path twice with a new connection each, then all of them on one kept-alive connection with a
    /// HEAD in between, then a last request on that connection that closes it.
    static func conversation(_ server: TestServer, over transport: HTTPTransport) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for path in paths + paths {
            bytes += try server.exchange("GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n", over: transport).bytes
        }
        var kept = ""
        for (index, path) in paths.enumerated() {
            let method = index % 3 == 2 ? "HEAD" : "GET"
            kept += "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n"
        }
        kept += "GET /xend/node HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        bytes += try server.exchange(kept, over: transport).bytes
        return bytes
    }

    @Test("a shared body gives the same bytes as a body copied for every response", arguments: HTTPTransport.allCases)
    func sameBytes(transport: HTTPTransport) throws {
        let shared = try TestServer(responder: SharedBodyResponder(copies: false)) { $0.threadPoolSize = 1 }
        let copied = try TestServer(responder: SharedBodyResponder(copies: true)) { $0.threadPoolSize = 1 }
        let reused = try Self.conversation(shared, over: transport)
        let built = try Self.conversation(copied, over: transport)
        #expect(String(decoding: reused, as: UTF8.self) == String(decoding: built, as: UTF8.self))
        // The statuses, phrases and headers the paths choose all reached the wire.
        let text = String(decoding: built, as: UTF8.self)
        for expected in [
            "HTTP/1.1 404 Not found", "HTTP/1.1 200 Request failed: pause", "HTTP/1.1 200 Request failed: stop",
            "Location: http://localhost/header?n=1", "Location: http://localhost/header?n=2", "Content-type: text/html",
            "Expires: 0", "Connection: Keep-Alive", "Connection: close",
        ] {
            #expect(text.contains(expected), "\(expected)")
        }
        // Sent again: the node answer following a node answer on new connections (3 times: twice at the
        // list's end, once where it starts again), kept alive (once, HEAD or GET alike), and the last
        // request, closing, after the new connections' last node answer.
        #expect(shared.server.reusedResponses == 5)
        #expect(copied.server.reusedResponses == 0)
    }

    @Test("only an equal response with a body of the same storage is sent as the kept one")
    func matching() {
        let body = SharedBodyResponder.body
        let kept = HTTPResponse.sxp(utf8: body)
        #expect(ReusableResponses.sendsAlike(kept, .sxp(utf8: body)))
        #expect(!ReusableResponses.sendsAlike(kept, .sxp(utf8: body.map { $0 })))
        #expect(!ReusableResponses.sendsAlike(kept, .sxp(utf8: body, status: 404)))
        var phrased = HTTPResponse.sxp(utf8: body)
        phrased.reasonPhrase = "Request failed: x"
        #expect(!ReusableResponses.sendsAlike(kept, phrased))
        var located = HTTPResponse.sxp(utf8: body)
        located.headers.add("Location", "/x")
        #expect(!ReusableResponses.sendsAlike(kept, located))
        var shorter = HTTPResponse.sxp(utf8: body)
        shorter.body.removeLast()
        #expect(!ReusableResponses.sendsAlike(kept, shorter))
    }
}
