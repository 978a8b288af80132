import Logging
import Testing

@testable import XendHTTP
@testable import XendServer

#if canImport(Glibc)
    import Glibc
#endif

/// Graceful stop and the retain/release bookkeeping of per-request state.
@Suite("MHDServer lifecycle")
struct MHDServerLifecycleTests {
    /// Polls `condition` for up to `seconds` (the server finishes requests on its own threads).
    static func eventually(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }

    @Test(
        "stop() lets a slow request in flight finish, then refuses new connections", arguments: HTTPTransport.allCases)
    func gracefulStop(transport: HTTPTransport) throws {
        let server = try TestServer()
        let slow = transport == .unix ? try server.unix() : try server.tcp()
        slow.send("GET /slow HTTP/1.1\r\n\r\n")
        #expect(Self.eventually { server.server.requestsInFlight == 1 })
        server.server.stop()
        // Without the grace period MHD would have closed the connection before the answer was sent.
        let (bytes, closed) = slow.readUntilClose()
        let response = try #require(try RawResponse.parseAll(bytes).first)
        #expect(response.status == 200)
        #expect(response.bodyText == "(slow done)")
        #expect(closed)
        #expect(throws: RawConnection.Failure.self) { _ = try server.unix() }
        #expect(throws: RawConnection.Failure.self) { _ = try server.tcp() }
        #expect(access(server.socketPath, F_OK) != 0)
        server.server.stop()
    }

    @Test("with no grace period, stop() closes connections still in a request and releases their state")
    func gracePeriod() throws {
        let server = try TestServer { $0.shutdownGracePeriodSeconds = 0 }
        let slow = try server.unix()
        slow.send("GET /slow HTTP/1.1\r\n\r\n")
        let idle = try server.tcp()
        idle.send("GET /xend/no")
        #expect(Self.eventually { server.server.requestsInFlight == 1 })
        // MHD cannot interrupt a running handler, so stop() returns once it has finished.
        server.server.stop()
        #expect(slow.readUntilClose().closed)
        #expect(idle.readUntilClose().closed)
        #expect(server.server.liveRequestStates == 0)
        #expect(server.server.requestsInFlight == 0)
    }

    @Test("every per-request state is released: answered, refused, cut off or unsupported")
    func noLeaks() throws {
        let server = try TestServer { $0.maximumBodySize = 100 }
        _ = try server.exchange("GET /xend/node HTTP/1.1\r\n\r\n")
        _ = try server.exchange("POST /echo HTTP/1.1\r\nContent-Length: 500\r\n\r\n")
        _ = try server.exchange("PUT /x HTTP/1.1\r\n\r\n")
        _ = try server.exchange("GET /xend/node HTTP/1.1\r\nConnection: keep-alive\r\n\r\nGET /a HTTP/1.1\r\n\r\n")
        do {
            // A client that hangs up in the middle of its body.
            let connection = try server.tcp()
            connection.send("POST /echo HTTP/1.1\r\nContent-Length: 50\r\n\r\nop=")
            usleep(50_000)
        }
        _ = try server.exchange("garbage\r\n\r\n")
        #expect(Self.eventually { server.server.liveRequestStates == 0 && server.server.requestsInFlight == 0 })
    }

    @Test("one log line per request: method, path, op, status and microseconds")
    func requestLog() throws {
        let server = try TestServer()
        _ = try server.exchange(
            "POST /echo/x?detail=1 HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 8\r\n\r\nop=pause"
        )
        _ = try server.exchange("PUT /xend/domain/vm1 HTTP/1.1\r\n\r\n")
        #expect(Self.eventually { server.logs.lines.withLock { $0.count } >= 4 })
        let lines = server.logs.lines.withLock { $0 }
        #expect(lines.first { $0.hasPrefix("info listening on unix:") } != nil)
        let post = try #require(lines.first { $0.hasPrefix("info POST ") })
        #expect(post.hasPrefix("info POST /echo/x op=pause 200 "))
        #expect(post.hasSuffix("µs"))
        #expect(lines.contains { $0.hasPrefix("info PUT /xend/domain/vm1 501 ") })
    }

    @Test("the daemon's log handler gets the same request lines, at its level")
    func requestLogThroughDaemonLog() throws {
        let requests = [
            "POST /echo/x?detail=1 HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 8\r\n\r\nop=pause",
            "PUT /xend/domain/vm1 HTTP/1.1\r\n\r\n", "GET /xend/node/%C3%A9 HTTP/1.1\r\n\r\n",
            "GET /xend/node HTTP/1.1\r\nOrigin: http://evil.example\r\n\r\n",
        ]
        let collected = try TestServer()
        for request in requests { _ = try collected.exchange(request) }
        #expect(Self.eventually { collected.logs.lines.withLock { $0.count } >= 2 + requests.count })
        let expected = collected.logs.lines.withLock { $0 }.filter { $0.hasSuffix("µs") }.map(Self.withoutTime)
        #expect(expected.count == requests.count)

        for level in [Logger.Level.info, .notice] {
            let log = DaemonLog(output: nil)
            var handler = DaemonLogHandler(label: "xend.server", destination: log)
            handler.logLevel = level
            let server = try TestServer(logger: Logger(label: "xend.server") { _ in handler })
            for request in requests { _ = try server.exchange(request) }
            #expect(Self.eventually { server.server.requestsInFlight == 0 && server.server.liveRequestStates == 0 })
            let lines = log.text().split(separator: "\n").map { String($0.dropFirst(LogTimestamp.length + 1)) }
            let requestLines = lines.filter { $0.hasSuffix("µs") }
            if level == .info {
                let prefix = "info xend.server: "
                #expect(requestLines.allSatisfy { $0.hasPrefix(prefix) })
                #expect(requestLines.map { Self.withoutTime("info " + $0.dropFirst(prefix.count)) } == expected)
            } else {
                #expect(requestLines.isEmpty)
            }
        }
    }

    /// A request line with its microseconds replaced by `N`.
    static func withoutTime(_ line: String) -> String {
        var words = line.split(separator: " ")
        if let last = words.last, last.hasSuffix("µs") { words[words.count - 1] = "Nµs" }
        return words.joined(separator: " ")
    }

    @Test("many concurrent clients on both transports all get answers")
    func concurrentClients() async throws {
        let server = try TestServer()
        let socketPath = server.socketPath
        let port = server.tcpPort
        let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
            for client in 0..<8 {
                group.addTask {
                    var statuses: [Int] = []
                    for _ in 0..<25 {
                        let connection =
                            client % 2 == 0 ? try RawConnection.unix(socketPath) : try RawConnection.tcp(port: port)
                        connection.send("GET /xend/node HTTP/1.1\r\n\r\n")
                        statuses.append(try connection.readResponse().status ?? 0)
                    }
                    return statuses
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(statuses.count == 200)
        #expect(statuses.allSatisfy { $0 == 200 })
    }
}
