import Testing

@testable import XendHTTP
@testable import XendServer

@Suite("HTTPRequest parameter rules")
struct HTTPRequestTests {
    static let form: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]

    @Test("body parameters replace query parameters of the same name")
    func merge() {
        let request = HTTPRequest(
            method: "POST", target: "/xend/domain/vm1?op=pause&dom=1&extra=q", headers: Self.form,
            body: Array("op=unpause&dom=2&dom=3&blank=".utf8))
        #expect(request.queryParameters == ["op": ["pause"], "dom": ["1"], "extra": ["q"]])
        #expect(request.bodyParameters == ["op": ["unpause"], "dom": ["2", "3"], "blank": [""]])
        #expect(request.parameters == ["op": ["unpause"], "dom": ["2", "3"], "extra": ["q"], "blank": [""]])
        #expect(request.parameter("op") == "unpause")
        #expect(request.pathSegments == ["xend", "domain", "vm1"])
        #expect(request.rawPath == "/xend/domain/vm1")
        #expect(request.rawQuery == "op=pause&dom=1&extra=q")
    }

    @Test(
        "the body is parameters only for the two form content types",
        arguments: [
            ("application/x-www-form-urlencoded", true), ("Application/X-WWW-Form-Urlencoded; charset=utf-8", true),
            ("text/plain", false), ("application/json", false),
        ])
    func contentTypes(contentType: String, parsed: Bool) {
        let request = HTTPRequest(
            method: "POST", target: "/xend/node", headers: ["Content-type": contentType], body: Array("op=x".utf8))
        #expect(request.parameters == (parsed ? ["op": ["x"]] : [:]))
    }

    @Test("without Content-Type the body is ignored, so ?op= in the query still works")
    func noContentType() {
        let request = HTTPRequest(method: "POST", target: "/xend/domain/vm1?op=pause", body: Array("op=destroy".utf8))
        #expect(request.parameters == ["op": ["pause"]])
    }

    @Test("multipart bodies need a boundary")
    func multipartBoundary() {
        let request = HTTPRequest(
            method: "POST", target: "/xend/domain/", headers: ["Content-Type": "multipart/form-data"], body: [])
        #expect(request.decodingError == .missingBoundary)
        #expect(request.parameters.isEmpty)
    }

    @Test("invalid UTF-8 in the path or query gives a decoding error, not a crash")
    func invalidUTF8() {
        #expect(
            HTTPRequest(method: "GET", target: "/xend/domain/%FF").decodingError == .invalidUTF8(in: "request path"))
        let query = HTTPRequest(method: "GET", target: "/xend/domain?state=%C3%28")
        #expect(query.decodingError == .invalidUTF8(in: "value of parameter state"))
        #expect(query.pathSegments.isEmpty)
    }

    @Test(
        "targets split into path and query",
        arguments: [
            ("/xend/domain?detail=1", "/xend/domain", "detail=1"), ("/xend/", "/xend/", nil),
            ("http://localhost:8000/xend/node?x=1", "/xend/node", "x=1"), ("/a?b?c", "/a", "b?c"),
            ("/a#frag", "/a", nil), ("/a?b#c", "/a", "b"), ("/a#b?c", "/a", nil), ("/a?", "/a", ""),
            ("/?#", "/", ""), ("/é/ü?x=é#ö", "/é/ü", "x=é"), ("/xend/node/", "/xend/node/", nil),
            ("HTTPS://host/a?b", "/a", "b"), ("http://host", "/", nil),
        ] as [(String, String, String?)])
    func split(target: String, path: String, query: String?) {
        let parts = HTTPRequest.split(target: target)
        #expect(parts.path == path)
        #expect(parts.query == query)
    }

    @Test("the Host header is looked up case-insensitively")
    func host() {
        #expect(HTTPRequest(method: "GET", target: "/", headers: ["host": "localhost:8000"]).host == "localhost:8000")
    }
}
