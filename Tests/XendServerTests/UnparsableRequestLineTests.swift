import Testing

@testable import XendHTTP

#if canImport(Glibc)
    import Glibc
#endif

/// A request line libmicrohttpd cannot parse gets the original's `400 Bad request`
/// (docs/wire-compatibility.md, "Unparsable request lines"), over real sockets.
@Suite("Unparsable request lines")
struct UnparsableRequestLineTests {
    static let body = "(xend.err 'Bad request syntax')"

    /// Sends `bytes` on a new connection (then `shutdown(SHUT_WR)` when asked) and reads until the close.
    static func exchange(_ bytes: [UInt8], closeWrite: Bool, over transport: HTTPTransport, on server: TestServer)
        throws -> (bytes: [UInt8], closed: Bool)
    {
        let connection = transport == .unix ? try server.unix() : try server.tcp()
        connection.send(bytes)
        if closeWrite { connection.closeWrite() }
        return connection.readUntilClose()
    }

    static func expectBadRequest(_ bytes: [UInt8]) throws {
        let responses = try RawResponse.parseAll(bytes)
        try #require(responses.count == 1)
        #expect(responses[0].statusLine == "HTTP/1.1 400 Bad request")
        #expect(responses[0].bodyText == body)
        #expect(responses[0].header("Content-Length") == String(body.utf8.count))
        #expect(responses[0].header("Content-type") == "application/sxp")
        #expect(responses[0].header("Connection") == "close")
    }

    @Test(
        "a line without a space gets 400 with an (xend.err ...) body; the server keeps serving",
        arguments: HTTPTransport.allCases,
        [
            (Array("GARBAGE\r\n\r\n".utf8), false), (Array("GARBAGE\r\n".utf8), true),
            (Array("GARBAGE\n".utf8), false), (Array("GARBAGE\r\n\r\n".utf8), true),
        ])
    func answered(transport: HTTPTransport, request: (bytes: [UInt8], closeWrite: Bool)) throws {
        let server = try TestServer()
        let (bytes, closed) = try Self.exchange(
            request.bytes, closeWrite: request.closeWrite, over: transport, on: server)
        #expect(closed)
        try Self.expectBadRequest(bytes)
        for other in HTTPTransport.allCases {
            #expect(try server.response("GET /xend/node HTTP/1.1\r\n\r\n", over: other).status == 200)
        }
    }

    @Test("the 400 has the same headers, in the same order, as the engine's other 400s")
    func sameFormAsEngineErrors() throws {
        let server = try TestServer()
        let connection = try server.unix()
        connection.send(Array("GET /xend/domain/".utf8) + [0xFF] + Array(" HTTP/1.1\r\n\r\n".utf8))
        let engine = try #require(try RawResponse.parseAll(connection.readUntilClose().bytes).first)
        let garbage = try #require(try RawResponse.parseAll(server.exchange("GARBAGE\r\n\r\n").bytes).first)
        #expect(garbage.statusLine == engine.statusLine)
        #expect(garbage.headerNames == engine.headerNames)
        #expect(garbage.header("Connection") == engine.header("Connection"))
    }

    @Test("after a kept-alive request, an unparsable next line gets the 400 too", arguments: HTTPTransport.allCases)
    func afterKeepAlive(transport: HTTPTransport) throws {
        let server = try TestServer()
        let connection = transport == .unix ? try server.unix() : try server.tcp()
        connection.send("GET /xend/node HTTP/1.1\r\nConnection: keep-alive\r\n\r\n")
        #expect(try connection.readResponse().status == 200)
        connection.send("GARBAGE\r\n\r\n")
        let (bytes, closed) = connection.readUntilClose()
        #expect(closed)
        try Self.expectBadRequest(bytes)
    }

    @Test("lines libmicrohttpd answers or drops itself get no second answer", arguments: HTTPTransport.allCases)
    func noSecondAnswer(transport: HTTPTransport) throws {
        let server = try TestServer { $0.connectionTimeoutSeconds = 1 }
        // MHD's own 400 (missing version, control bytes), the responder's 200 with Connection: close.
        let requests = [
            (Array("GET /xend/node\r\n\r\n".utf8), 400), (Array(0...255) + Array(0...255), 400),
            (Array("GET /xend/node HTTP/1.1\r\n\r\n".utf8), 200),
        ]
        for (request, status) in requests {
            let (bytes, closed) = try Self.exchange(request, closeWrite: false, over: transport, on: server)
            #expect(closed)
            let responses = try RawResponse.parseAll(bytes)
            #expect(responses.count == 1)
            #expect(responses.first?.status == status)
        }
        // No line end yet: a client that goes away or stalls is closed without an answer, as before.
        for closeWrite in [true, false] {
            let (bytes, closed) = try Self.exchange(
                Array("GARB".utf8), closeWrite: closeWrite, over: transport, on: server)
            #expect(closed)
            #expect(bytes.isEmpty)
        }
        // Connecting and leaving without a byte is no request at all.
        let (bytes, closed) = try Self.exchange([], closeWrite: true, over: transport, on: server)
        #expect(closed)
        #expect(bytes.isEmpty)
    }

    @Test("a line too long for MHD's buffer gets only MHD's 414")
    func tooLongLine() throws {
        let server = try TestServer()
        let (bytes, _) = try server.exchange(String(repeating: "G", count: 40_000))
        let responses = try RawResponse.parseAll(bytes)
        #expect(responses.count == 1)
        #expect(responses.first?.status == 414)
    }
}
