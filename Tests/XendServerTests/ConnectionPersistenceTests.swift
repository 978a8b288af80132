import Testing

@testable import XendHTTP
@testable import XendServer

@Suite("The original's keep-alive rule")
struct ConnectionPersistenceTests {
    @Test(
        "keep-alive only when asked for, close wins",
        arguments: [
            ([:], false), (["Connection": "keep-alive"], true), (["connection": "Keep-Alive"], true),
            (["Connection": "close"], false), (["Connection": "keep-alive, close"], false),
            (["Connection": "Upgrade, keep-alive"], true), (["Connection": "keepalive"], false),
            (["Connection": " Keep-Alive\t"], true), (["Connection": ",,keep-alive,"], true),
            (["Connection": "close \t, keep-alive"], false), (["Connection": ""], false),
            (["Connection": "keep-alive-x"], false), (["Connection": "keep alive"], false),
            (["Connection": "kéep-alive"], false), (["Connection": "CLOSE"], false),
            (HTTPHeaders([("Connection", "keep-alive"), ("connection", "Close")]), false),
            (HTTPHeaders([("Connection", "upgrade"), ("CONNECTION", "keep-alive")]), true),
            (["Proxy-Connection": "keep-alive"], false),
        ] as [(HTTPHeaders, Bool)])
    func rule(headers: HTTPHeaders, keepsAlive: Bool) {
        #expect(ConnectionPersistence.keepsAlive(headers) == keepsAlive)
    }
}

@Suite("HTTPHeaders")
struct HTTPHeadersTests {
    @Test("lookup ignores case, order and spelling are kept")
    func lookup() {
        var headers: HTTPHeaders = ["Content-type": "application/sxp", "X-A": "1"]
        headers.add("x-a", "2")
        #expect(headers["content-TYPE"] == "application/sxp")
        #expect(headers.all("X-A") == ["1", "2"])
        headers.set("X-a", "3")
        #expect(headers.fields.map(\.name) == ["Content-type", "X-a"])
        #expect(headers.all("x-a") == ["3"])
        headers.remove("CONTENT-type")
        #expect(!headers.contains("Content-Type"))
        #expect(headers.count == 1)
    }
}

@Suite("Request body cap")
struct RequestBodyTests {
    @Test(
        "Content-Length over the cap is refused before reading",
        arguments: [
            ("10001", true), ("10000", false), (" 10001 ", true), ("junk", false), ("99999999999999999999", false),
        ])
    func announced(contentLength: String, refused: Bool) {
        #expect(RequestBody.announcesMoreThan(10_000, contentLength: contentLength) == refused)
    }

    @Test(
        "Content-Length headers that disagree are a conflict; repeated equal ones are not",
        arguments: [
            (["4", "9"], true), (["4", " 4 "], false), (["4"], false), ([String](), false), (["4", "4", "5"], true),
        ])
    func conflictingLengths(values: [String], conflicting: Bool) {
        let headers = HTTPHeaders(values.map { ("Content-Length", $0) } + [("Host", "x")])
        #expect(RequestBody.hasConflictingLengths(headers) == conflicting)
    }

    @Test("chunks are kept up to the cap, then dropped")
    func chunks() {
        var body = RequestBody(limit: 5)
        let three: [UInt8] = [1, 2, 3]
        #expect(three.withUnsafeBytes { body.append($0) })
        #expect(body.bytes == [1, 2, 3])
        #expect(!three.withUnsafeBytes { body.append($0) })
        #expect(body.exceeded)
        #expect(body.bytes.isEmpty)
        #expect(![UInt8(9)].withUnsafeBytes { body.append($0) })
        #expect(body.received == 7)
        #expect(!body.shouldAbandon)
        let large = [UInt8](repeating: 0, count: 65536 + 20)
        #expect(!large.withUnsafeBytes { body.append($0) })
        #expect(body.shouldAbandon)
    }
}

@Suite("xend.err bodies printed with xend's string rules")
struct XendErrorBodyTests {
    @Test(
        "quoting",
        arguments: [
            ("authentication required", "'authentication required'"), ("can't connect", "\"can't connect\""),
            ("both ' and \"", "'both \\' and \"'"), ("tab\there", "'tab\\there'"), ("back\\slash", "'back\\\\slash'"),
            ("café", "'caf\\xc3\\xa9'"), ("phy:/dev/sda1", "phy:/dev/sda1"), ("", "''"), ("@", "@"),
        ])
    func quoting(text: String, printed: String) {
        let body = HTTPResponse.xendError(text, status: 500).body
        #expect(String(decoding: body, as: UTF8.self) == "(xend.err \(printed))")
    }

    @Test("HTTPResponse.xendError builds the two-element list")
    func response() {
        let response = HTTPResponse.xendError("Host not allowed: 10.0.0.1", status: 403)
        #expect(response.status == 403)
        #expect(String(decoding: response.body, as: UTF8.self) == "(xend.err 'Host not allowed: 10.0.0.1')")
        #expect(response.headers.fields.map(\.name) == ["Content-type"])
        #expect(response.headers["Content-Type"] == "application/sxp")
    }
}
