import Testing

@testable import XendHTTP
@testable import XendServer

#if canImport(Glibc)
    import Glibc
#endif

/// Body cap, idle timeout and connection limits, over real sockets.
@Suite("MHDServer limits")
struct MHDServerLimitsTests {
    @Test("vector #47 with the 1 MiB default: one byte over gets 413 and the connection closes")
    func defaultCap() throws {
        let server = try TestServer()
        let connection = try server.unix()
        connection.send("POST /xend/domain/ HTTP/1.1\r\nContent-Length: \((1 << 20) + 1)\r\n\r\nop=create")
        let (bytes, closed) = connection.readUntilClose()
        let response = try #require(try RawResponse.parseAll(bytes).first)
        #expect(response.statusLine == "HTTP/1.1 413 Request entity too large")
        #expect(response.bodyText == "(xend.err 'Request body too large (limit 1048576 bytes)')")
        #expect(response.header("Connection") == "close")
        #expect(closed)
    }

    @Test("exactly the cap is accepted")
    func atCap() throws {
        let server = try TestServer { $0.maximumBodySize = 10_000 }
        let body = "op=x&pad=" + String(repeating: "a", count: 10_000 - 9)
        let response = try server.response(
            "POST /echo HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\n\(body)"
        )
        #expect(response.status == 200)
        #expect(response.bodyText.contains("body=10000"))
    }

    @Test(
        "vector #47 with the original's 10 000-byte cap: a 10 001-byte body gets 413", arguments: HTTPTransport.allCases
    )
    func smallCap(transport: HTTPTransport) throws {
        let server = try TestServer { $0.maximumBodySize = 10_000 }
        let connection = transport == .unix ? try server.unix() : try server.tcp()
        connection.send("POST /xend/domain/ HTTP/1.1\r\nContent-Length: 10001\r\n\r\n")
        connection.send(String(repeating: "a", count: 10_001))
        let (bytes, closed) = connection.readUntilClose()
        #expect(try RawResponse.parseAll(bytes).first?.status == 413)
        #expect(closed)
    }

    @Test("a chunked body over the cap is read to its end, then answered 413")
    func chunkedOverCap() throws {
        let server = try TestServer { $0.maximumBodySize = 100 }
        let chunk = String(repeating: "b", count: 80)
        let (bytes, closed) = try server.exchange(
            "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n50\r\n\(chunk)\r\n50\r\n\(chunk)\r\n0\r\n\r\n")
        #expect(try RawResponse.parseAll(bytes).map(\.status) == [413])
        #expect(closed)
    }

    @Test("a chunked body that goes on far past the cap is cut off without an answer")
    func chunkedFarOverCap() throws {
        let server = try TestServer { $0.maximumBodySize = 100 }
        let connection = try server.unix()
        connection.send("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
        let chunk = String(repeating: "c", count: 4096)
        for _ in 0..<40 where connection.send("1000\r\n\(chunk)\r\n") {}
        let (bytes, closed) = connection.readUntilClose()
        #expect(bytes.isEmpty)
        #expect(closed)
        #expect(MHDServerLifecycleTests.eventually { server.server.liveRequestStates == 0 })
    }

    @Test(
        "headers get the connection's 16 KiB: 8 KB of them are served, 20 KB get 431 (MHD's default 32 KiB took them)",
        arguments: HTTPTransport.allCases)
    func headerMemory(transport: HTTPTransport) throws {
        func padded(_ count: Int) -> String {
            "GET /xend/node HTTP/1.1\r\nX-Pad: \(String(repeating: "p", count: count))\r\n\r\n"
        }
        let server = try TestServer()
        #expect(try server.response(padded(8_000), over: transport).status == 200)
        let (bytes, closed) = try server.exchange(padded(20_000), over: transport)
        #expect(try RawResponse.parseAll(bytes).map(\.statusLine) == ["HTTP/1.1 431 Request Header Fields Too Large"])
        #expect(closed)
        let larger = try TestServer { $0.connectionMemoryBytes = 32 * 1024 }
        #expect(try larger.response(padded(20_000), over: transport).status == 200)
    }

    @Test("a client that sends half a request and stalls is dropped; others keep being served")
    func stalledClient() throws {
        let server = try TestServer { $0.connectionTimeoutSeconds = 1 }
        let stalled = try server.tcp()
        stalled.send("POST /xend/domain/vm1 HTTP/1.1\r\nContent-Length: 50\r\n\r\nop=pa")
        let started = ContinuousClock.now
        for _ in 0..<5 {
            #expect(try server.response("GET /xend/node HTTP/1.1\r\n\r\n", over: .tcp).status == 200)
            #expect(try server.response("GET /xend/node HTTP/1.1\r\n\r\n").status == 200)
        }
        let (bytes, closed) = stalled.readUntilClose(timeout: 10)
        #expect(closed)
        #expect(bytes.isEmpty)
        #expect(ContinuousClock.now - started < .seconds(8))
    }

    @Test("a client that stalls in its headers is dropped too")
    func stalledHeaders() throws {
        let server = try TestServer { $0.connectionTimeoutSeconds = 1 }
        let stalled = try server.unix()
        stalled.send("GET /xend/no")
        #expect(try server.response("GET /xend/node HTTP/1.1\r\n\r\n").status == 200)
        let (_, closed) = stalled.readUntilClose(timeout: 10)
        #expect(closed)
    }

    @Test("the per-IP limit refuses extra TCP connections from one address")
    func perIPLimit() throws {
        let server = try TestServer {
            $0.perIPConnectionLimit = 2
            $0.threadPoolSize = 1
        }
        let first = try server.tcp()
        let second = try server.tcp()
        first.send("GET /xend/no")
        second.send("GET /xend/no")
        usleep(200_000)
        let third = try server.tcp()
        third.send("GET /xend/node HTTP/1.1\r\n\r\n")
        let (bytes, closed) = third.readUntilClose()
        #expect(closed)
        #expect(bytes.isEmpty)
        // The Unix socket has no per-IP limit.
        #expect(try server.response("GET /xend/node HTTP/1.1\r\n\r\n").status == 200)
    }
}
