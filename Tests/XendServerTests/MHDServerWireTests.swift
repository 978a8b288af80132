import Testing

@testable import XendHTTP
@testable import XendServer

/// Exact bytes on the wire, over real sockets (docs/protocol.md#http-framing).
@Suite("MHDServer wire format")
struct MHDServerWireTests {
    static let libvirtGET =
        "GET /xend/node/ HTTP/1.1\r\nHost: localhost:8000\r\nAccept-Encoding: identity\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n"

    @Test("a libvirt-style GET gets these exact bytes, then the server closes", arguments: HTTPTransport.allCases)
    func exactBytes(transport: HTTPTransport) throws {
        let server = try TestServer()
        let (bytes, closed) = try server.exchange(Self.libvirtGET, over: transport)
        let body = TestResponder.node
        let expected =
            "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-type: application/sxp\r\nExpires: -1\r\n"
            + "Pragma: no-cache\r\nCache-control: no-cache\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        #expect(closed)
    }

    @Test(
        "reason phrases: per response, per code as xend sent them, libmicrohttpd's for other codes",
        arguments: HTTPTransport.allCases)
    func reasonPhrases(transport: HTTPTransport) throws {
        let server = try TestServer { $0.threadPoolSize = 1 }
        // One worker thread serves every request, so a phrase left behind would show up in the next line.
        for round in 0..<3 {
            let failed = try server.response("GET /phrase?op=pause\(round) HTTP/1.1\r\n\r\n", over: transport)
            #expect(failed.statusLine == "HTTP/1.1 500 Request failed: pause\(round)")
            #expect(
                try server.response("GET /xend/node HTTP/1.1\r\n\r\n", over: transport).statusLine == "HTTP/1.1 200 OK")
            #expect(
                try server.response("GET /unavailable HTTP/1.1\r\n\r\n", over: transport).statusLine
                    == "HTTP/1.1 503 Service Unavailable")
            #expect(
                try server.response("GET /created HTTP/1.1\r\n\r\n", over: transport).statusLine
                    == "HTTP/1.1 201 Created")
        }
        // libmicrohttpd's own answers go through the same lookup.
        let (bytes, _) = try server.exchange("GET /xend/node\r\n\r\n", over: transport)
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.1 400 Bad request\r\n"))
    }

    @Test("HTTP/1.0 requests still get an HTTP/1.1 status line (libvirt rejects HTTP/1.0)")
    func http10() throws {
        let server = try TestServer()
        let response = try server.response("GET /xend/node HTTP/1.0\r\n\r\n")
        #expect(response.statusLine == "HTTP/1.1 200 OK")
        #expect(response.bodyText == TestResponder.node)
    }

    @Test("an empty body still carries Content-Length: 0 and no Content-type")
    func emptyBody() throws {
        let server = try TestServer()
        let response = try server.response("POST /empty HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        #expect(response.statusLine == "HTTP/1.1 200 OK")
        #expect(response.header("Content-Length") == "0")
        #expect(response.header("Content-type") == nil)
        #expect(response.headerNames == ["Connection", "Expires", "Pragma", "Cache-control", "Content-Length"])
    }

    @Test("HEAD answers the GET headers without a body")
    func head() throws {
        let server = try TestServer()
        let (bytes, closed) = try server.exchange("HEAD /xend/node HTTP/1.1\r\n\r\n")
        let response = try #require(try RawResponse.parseAll(bytes, isHead: true).first)
        #expect(response.statusLine == "HTTP/1.1 200 OK")
        #expect(response.header("Content-type") == "application/sxp")
        #expect(String(decoding: bytes, as: UTF8.self).hasSuffix("\r\n\r\n"))
        #expect(closed)
    }

    @Test("vector #43: PUT gets 501 with Accept: GET,HEAD,POST, and the responder never sees it")
    func unsupportedMethod() throws {
        let server = try TestServer()
        let response = try server.response("PUT /xend/domain/vm1 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc")
        #expect(response.status == 501)
        #expect(response.header("Content-type") == "text/plain")
        #expect(response.header("Accept") == "GET,HEAD,POST")
        #expect(response.header("Content-Length") == "34")
        #expect(response.bodyText == "Request method not supported (PUT)")
        for name in ["Expires", "Pragma", "Cache-control"] { #expect(response.header(name) != nil) }
    }

    @Test("vector #44: keep-alive only for the request that asks; the server closes after the next")
    func keepAlive() throws {
        let server = try TestServer()
        for transport in HTTPTransport.allCases {
            let connection = transport == .unix ? try server.unix() : try server.tcp()
            connection.send(
                "GET /xend/node HTTP/1.1\r\nConnection: keep-alive\r\n\r\nGET /echo HTTP/1.1\r\nHost: localhost:8000\r\n\r\n"
            )
            let (bytes, closed) = connection.readUntilClose()
            let responses = try RawResponse.parseAll(bytes)
            try #require(responses.count == 2)
            #expect(responses[0].header("Connection") == "Keep-Alive")
            #expect(responses[0].bodyText == TestResponder.node)
            #expect(responses[1].header("Connection") == "close")
            #expect(responses[1].bodyText.contains("target=/echo"))
            #expect(closed)
        }
    }

    @Test("an HTTP/1.0 request with Connection: keep-alive is kept open too")
    func http10KeepAlive() throws {
        let server = try TestServer()
        let connection = try server.unix()
        connection.send("GET /xend/node HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let first = try connection.readResponse()
        #expect(first.statusLine == "HTTP/1.1 200 OK")
        #expect(first.header("Connection") == "Keep-Alive")
        connection.send("GET /xend/node HTTP/1.0\r\n\r\n")
        let (bytes, closed) = connection.readUntilClose()
        #expect(try RawResponse.parseAll(bytes).map(\.status) == [200])
        #expect(closed)
    }

    @Test("a keep-alive connection serves several requests one after another")
    func sequentialKeepAlive() throws {
        let server = try TestServer()
        let connection = try server.tcp()
        for index in 0..<5 {
            connection.send("GET /echo?n=\(index) HTTP/1.1\r\nConnection: keep-alive\r\n\r\n")
            let response = try connection.readResponse()
            #expect(response.bodyText.contains("param n=[\"\(index)\"]"))
        }
    }

    @Test("201 keeps its code and the handler's Location; the reason phrase is MHD's")
    func created() throws {
        let server = try TestServer()
        let response = try server.response(
            "POST /created HTTP/1.1\r\nHost: localhost:8000\r\nContent-Length: 0\r\n\r\n")
        #expect(response.statusLine == "HTTP/1.1 201 Created")
        #expect(response.header("Location") == "http://localhost:8000:8080/xend/domain//vm3")
    }

    @Test("a response header MHD cannot send becomes 500 with an xend.err body")
    func internalError() throws {
        let server = try TestServer()
        let response = try server.response("GET /bad-header HTTP/1.1\r\n\r\n")
        #expect(response.status == 500)
        #expect(response.bodyText == "(xend.err 'Internal error: invalid response header X-Broken')")
        #expect(response.header("Injected") == nil)
    }

    @Test("libvirt's unescaped configuration reaches the responder intact; transport and peer are set")
    func rawParameters() throws {
        let server = try TestServer()
        let body = "op=create&config=(vm (name 'x') (image (linux (kernel /boot/vmlinuz))) (memory 256))"
        let request =
            "POST /echo/domain/?detail=1&op=ignored HTTP/1.1\r\nHost: localhost:8000\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let unix = try server.response(request).bodyText
        #expect(
            unix.contains("param config=[\"(vm (name \\'x\\') (image (linux (kernel /boot/vmlinuz))) (memory 256))\"]"))
        #expect(unix.contains("param op=[\"create\"]"))
        #expect(unix.contains("param detail=[\"1\"]"))
        #expect(unix.contains("segments=[\"echo\", \"domain\", \"\"]"))
        #expect(unix.contains("transport=unix\npeer=-\nhost=localhost:8000"))
        let tcp = try server.response(request, over: .tcp).bodyText
        #expect(tcp.contains("transport=tcp\npeer=127.0.0.1"))
    }

    @Test("the raw target is not unescaped or re-split by MHD: %2F, + and ; arrive as sent")
    func rawTarget() throws {
        let server = try TestServer()
        let text = try server.response("GET /echo/a%2Fb/c+d?x=1+2;y=%2B HTTP/1.1\r\n\r\n").bodyText
        #expect(text.contains("target=/echo/a%2Fb/c+d?x=1+2;y=%2B"))
        #expect(text.contains("segments=[\"echo\", \"a/b\", \"c+d\"]"))
        #expect(text.contains("param x=[\"1 2\"]\nparam y=[\"+\"]"))
    }

    @Test("vector #30 over a socket: a multipart form body")
    func multipart() throws {
        let server = try TestServer()
        let body =
            "--XyZ\r\nContent-Disposition: form-data; name=\"op\"\r\n\r\ncreate\r\n--XyZ\r\nContent-Disposition: form-data; name=\"config\"\r\n\r\n(vm (name vm5) (memory 64))\r\n--XyZ--\r\n"
        let text = try server.response(
            "POST /echo HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        ).bodyText
        #expect(text.contains("param config=[\"(vm (name vm5) (memory 64))\"]\nparam op=[\"create\"]"))
    }

    @Test("invalid UTF-8 in parameters reaches the responder as a decoding error")
    func invalidUTF8() throws {
        let server = try TestServer()
        let text = try server.response("GET /echo?name=%FF HTTP/1.1\r\n\r\n").bodyText
        #expect(text.contains("error=Invalid UTF-8 in value of parameter name"))
    }

    @Test("a chunked request body is accepted and decoded")
    func chunkedBody() throws {
        let server = try TestServer()
        let text = try server.response(
            "POST /echo HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nop=pa\r\n3\r\nuse\r\n0\r\n\r\n"
        ).bodyText
        #expect(text.contains("param op=[\"pause\"]"))
    }

    @Test(
        "malformed requests get one 400/431/505, from libmicrohttpd or for `BLAH` from the engine (wire-compatibility.md)",
        arguments: [
            ("GET /xend/node HTTP/2.0\r\n\r\n", "HTTP/1.1 505 HTTP Version Not Supported"),
            ("GET /xend/node\r\n\r\n", "HTTP/1.1 400 Bad request"),
            ("GET /xend/node HTTP/1.1\r\nNoColonHere\r\n\r\n", "HTTP/1.1 400 Bad request"),
            (
                "GET /xend/node HTTP/1.1\r\n" + String(repeating: "X-Filler: 0123456789\r\n", count: 2000) + "\r\n",
                "HTTP/1.1 431 Request Header Fields Too Large"
            ),
            ("BLAH\r\n\r\n", "HTTP/1.1 400 Bad request"),
        ])
    func malformed(request: String, statusLine: String) throws {
        let server = try TestServer()
        let (bytes, closed) = try server.exchange(request)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(closed)
        #expect(text.hasPrefix(statusLine + "\r\n"))
        #expect(try RawResponse.parseAll(bytes).count == 1)
    }

    @Test("a request target that is not UTF-8 gets 400 from the engine")
    func invalidTarget() throws {
        let server = try TestServer()
        let connection = try server.unix()
        connection.send(Array("GET /xend/domain/".utf8) + [0xFF] + Array(" HTTP/1.1\r\n\r\n".utf8))
        let (bytes, _) = connection.readUntilClose()
        let response = try #require(try RawResponse.parseAll(bytes).first)
        #expect(response.status == 400)
        #expect(response.bodyText == "(xend.err 'Invalid UTF-8 in request target')")
    }
}
