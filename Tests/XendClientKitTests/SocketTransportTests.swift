import Foundation
import Testing
import XendModel

@testable import XendClientKit

/// The blocking socket transport (`Configuration.transport = .blockingSockets`, what libxend uses): the
/// same replies as AsyncHTTPClient from the real daemon, and its own connection handling.
@Suite("Socket transport")
struct SocketTransportTests {
    static func configuration(keepAlive: Bool = true) -> XendClient.Configuration {
        var configuration = XendClient.Configuration()
        configuration.transport = .blockingSockets
        configuration.keepsConnectionsAlive = keepAlive
        configuration.keepAliveIdleTime = .seconds(600)  // a test starved by the others must not see it expire
        return configuration
    }

    /// Reads the canned server's dmesg `times` times through `client`, expecting `hello` each time.
    static func readHello(through client: XendClient, times: Int) async throws {
        try await XendClient.withClient(client) { xend in
            for _ in 0..<times {
                let text = try await xend.dmesg()
                #expect(text == "hello")
            }
        }
    }

    static let hello = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"

    @Test(
        "records, lists and errors from the daemon equal AsyncHTTPClient's", .needsDaemon, arguments: Transport.allCases
    )
    func sameAsAsyncHTTPClient(transport: Transport) async throws {
        let daemon = try await XendDaemon.start()
        defer { daemon.stop() }
        try await XendClient.withClient(daemon.client(transport, configuration: Self.configuration())) { sockets in
            try await XendClient.withClient(daemon.client(transport)) { http in
                let nodes = (try await sockets.nodeRecord(), try await http.nodeRecord())
                #expect(nodes.0 == nodes.1)
                let names = (try await sockets.domains(), try await http.domains())
                #expect(names.0 == names.1 && !names.0.isEmpty)
                // Only what does not move between two calls (cpu_time does).
                let records = (try await sockets.domain("Domain-0").record, try await http.domain("Domain-0").record)
                #expect(records.0.uuid == records.1.uuid && records.0.devices == records.1.devices)
                let missing = (
                    await #expect(throws: XendClientError.self) { try await sockets.pause("nosuch") },
                    await #expect(throws: XendClientError.self) { try await http.pause("nosuch") }
                )
                #expect(missing.0 == missing.1 && missing.0?.kind == .noSuchDomain)
                let refused = (
                    await #expect(throws: XendClientError.self) { try await sockets.pause("Domain-0") },
                    await #expect(throws: XendClientError.self) { try await http.pause("Domain-0") }
                )
                #expect(refused.0 == refused.1 && refused.0?.kind == .operationFailed)
            }
        }
    }

    @Test("concurrent calls on one client all succeed", .needsDaemon)
    func concurrentCalls() async throws {
        let daemon = try await XendDaemon.start()
        defer { daemon.stop() }
        try await XendClient.withClient(daemon.client(.unix, configuration: Self.configuration())) { xend in
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 { group.addTask { try await xend.node().cpuCount } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts.count == 6 && Set(counts).count == 1 && counts[0] > 0)
        }
    }

    @Test("keep-alive sends every request on one connection, with Host and libvirt's headers")
    func keepAlive() async throws {
        let server = try CannedServer(reply: Self.hello, keepsAlive: true)
        defer { server.stop() }
        let client = XendClient(host: "127.0.0.1", port: server.port, configuration: Self.configuration())
        try await Self.readHello(through: client, times: 3)
        #expect(server.connectionCount == 1)
        #expect(server.receivedRequests.count == 3)
        for request in server.receivedRequests.map({ $0.lowercased() }) {
            #expect(request.hasPrefix("get /xend/node/dmesg http/1.1\r\nhost: 127.0.0.1:\(server.port)\r\n"))
            #expect(request.contains("connection: keep-alive\r\n"))
            #expect(request.contains("accept: application/sxp\r\n"))
        }
    }

    @Test("without keep-alive every request says Connection: close on a connection of its own")
    func closeWithoutKeepAlive() async throws {
        let server = try CannedServer(reply: Self.hello, keepsAlive: true)
        defer { server.stop() }
        let client = XendClient(
            host: "127.0.0.1", port: server.port, configuration: Self.configuration(keepAlive: false))
        try await Self.readHello(through: client, times: 2)
        #expect(server.connectionCount == 2)
        #expect(server.receivedRequests.allSatisfy { $0.lowercased().contains("connection: close\r\n") })
    }

    @Test("a kept connection the daemon closed is replaced without an error")
    func staleConnection() async throws {
        // Answers one request per connection and closes it, although the reply allows keep-alive.
        let server = try CannedServer(reply: Self.hello)
        defer { server.stop() }
        let client = XendClient(host: "127.0.0.1", port: server.port, configuration: Self.configuration())
        try await Self.readHello(through: client, times: 3)
        #expect(server.connectionCount == 3)
    }

    @Test("a connection idle for longer than keepAliveIdleTime is not reused")
    func idleConnection() async throws {
        let server = try CannedServer(reply: Self.hello, keepsAlive: true)
        defer { server.stop() }
        var configuration = Self.configuration()
        configuration.keepAliveIdleTime = .zero
        let client = XendClient(host: "127.0.0.1", port: server.port, configuration: configuration)
        try await Self.readHello(through: client, times: 2)
        #expect(server.connectionCount == 2)
    }

    @Test(
        "chunked, close-delimited and HTTP/1.0 replies are read",
        arguments: [
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\nhe\r\n3\r\nllo\r\n0\r\nTrailer: t\r\n\r\n",
            "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello",
            "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello",
        ])
    func framings(reply: String) async throws {
        let server = try CannedServer(reply: reply)
        defer { server.stop() }
        let client = XendClient(host: "127.0.0.1", port: server.port, configuration: Self.configuration())
        try await Self.readHello(through: client, times: 2)
    }

    @Test("a daemon that accepts but never answers times out")
    func timeout() async throws {
        let server = try CannedServer(reply: nil)
        defer { server.stop() }
        var configuration = Self.configuration()
        configuration.timeout.request = .milliseconds(300)
        let client = XendClient(host: "127.0.0.1", port: server.port, configuration: configuration)
        try await XendClient.withClient(client) { xend in
            let error = await #expect(throws: XendClientError.self) { try await xend.node() }
            #expect(error?.kind == .timedOut)
            #expect(error?.message == "xend at tcp:127.0.0.1:\(server.port) did not answer in time")
        }
    }

    @Test("a connection closed without a byte of reply is invalidResponse")
    func closedWithoutReply() async throws {
        let server = try CannedServer(reply: "")
        defer { server.stop() }
        let client = XendClient(host: "127.0.0.1", port: server.port, configuration: Self.configuration())
        try await XendClient.withClient(client) { xend in
            let error = await #expect(throws: XendClientError.self) { try await xend.node() }
            #expect(error?.kind == .invalidResponse)
            #expect(error?.message.contains("closed the connection without a reply") == true)
        }
    }

    @Test("nothing listening: connectionFailed with the reason of each endpoint, in order")
    func refused() async throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-xend-\(UUID())").path
        try await FreePort.withRefusingPort { port in
            let client = XendClient(
                endpoints: [.unixSocket(path: missing), .tcp(host: "127.0.0.1", port: port)],
                configuration: Self.configuration())
            try await XendClient.withClient(client) { xend in
                let error = await #expect(throws: XendClientError.self) { try await xend.node() }
                #expect(error?.kind == .connectionFailed)
                #expect(error?.endpointsTried == ["unix:\(missing)", "tcp:127.0.0.1:\(port)"])
                #expect(error?.message.contains("(No such file or directory), tcp:") == true)
                #expect(error?.message.hasSuffix("(Connection refused)") == true)
            }
        }
    }

    @Test("a second shutdown fails, as with AsyncHTTPClient")
    func shutdownTwice() async throws {
        let client = XendClient(unixSocket: "/nonexistent", configuration: Self.configuration())
        try await client.shutdown()
        await #expect(throws: (any Error).self) { try await client.shutdown() }
    }
}

/// Replies cut into pieces, for ``HTTPReplyReader``.
struct Pieces: ReplyByteSource {
    var pieces: [[UInt8]]

    init(_ text: String, size: Int) {
        let bytes = Array(text.utf8)
        pieces = stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
    }

    mutating func receive(into buffer: inout [UInt8]) throws(SocketConnection.Failure) -> Int {
        guard !pieces.isEmpty else { return 0 }
        let piece = pieces.removeFirst()
        buffer += piece
        return piece.count
    }
}

@Suite("HTTP reply reader")
struct HTTPReplyReaderTests {
    typealias Reader = HTTPReplyReader<Pieces>

    func read(_ text: String, size: Int, limit: Int = 1 << 20) throws(Reader.Failure) -> Reader.Reply {
        var reader = Reader(source: Pieces(text, size: size), maximumBodyBytes: limit)
        return try reader.read()
    }

    @Test("every framing reads the same body whatever the pieces", arguments: [1, 2, 7, 4096])
    func framings(size: Int) throws {
        let cases: [(String, Bool)] = [
            ("HTTP/1.1 200 OK\r\nContent-Type: application/sxp\r\nContent-Length: 12\r\n\r\n(node (x 1))", true),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n(node\r\n7 ; e\r\n (x 1))\r\n0\r\n\r\n", true),
            ("HTTP/1.1 200 OK\r\n\r\n(node (x 1))", false),
            ("HTTP/1.0 200 OK\r\nContent-Length: 12\r\n\r\n(node (x 1))", false),
            ("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 12\r\n\r\n(node (x 1))", true),
            ("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 12\r\n\r\n(node (x 1))", false),
            ("HTTP/1.1 200 OK\r\nConnection: TE,\tClose \r\nContent-Length: 12\r\n\r\n(node (x 1))", false),
            ("HTTP/1.0 200 OK\r\nConnection: te , KEEP-ALIVE\r\nContent-Length: 12\r\n\r\n(node (x 1))", true),
            ("HTTP/1.0 200 OK\r\nConnection: keep-alive,close\r\nContent-Length: 12\r\n\r\n(node (x 1))", false),
            ("HTTP/1.0 200 OK\r\nConnection: keep-alives\r\nContent-Length: 12\r\n\r\n(node (x 1))", false),
        ]
        for (text, keeps) in cases {
            let reply = try read(text, size: size)
            #expect(reply.response.text == "(node (x 1))", "\(text)")
            #expect(reply.response.status == 200)
            #expect(reply.keepsConnection == keeps, "\(text)")
        }
    }

    @Test("bytes that came with the reply beyond its end: the connection is not reused")
    func bytesBeyondTheReply() throws {
        let reply = try read("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n(node (x 1))extra", size: 4096)
        #expect(reply.response.text == "(node (x 1))")
        #expect(!reply.keepsConnection)
    }

    @Test("status, reason and content type")
    func head() throws {
        let reply = try read(
            "HTTP/1.1 404 Not Found\r\ncontent-type:  text/plain \r\nContent-Length: 0\r\n\r\n", size: 3)
        #expect(reply.response.status == 404)
        #expect(reply.response.reason == "Not Found")
        #expect(reply.response.contentType == "text/plain")
        #expect(reply.response.body.isEmpty)
    }

    @Test("the end of the stream before a byte, inside the header, inside the body")
    func truncated() {
        #expect(throws: Reader.Failure.nothingReceived(nil)) { try read("", size: 1) }
        #expect(throws: Reader.Failure.malformed("the connection closed inside the reply's header", status: nil)) {
            try read("HTTP/1.1 200 OK\r\nContent-Le", size: 4)
        }
        #expect(throws: Reader.Failure.malformed("the connection closed inside the reply's body", status: 200)) {
            try read("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc", size: 4)
        }
    }

    @Test("bodies over the limit, conflicting lengths and non-HTTP bytes are refused")
    func refused() {
        #expect(throws: Reader.Failure.tooLarge(limit: 4, status: 200)) {
            try read("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", size: 64, limit: 4)
        }
        #expect(throws: Reader.Failure.tooLarge(limit: 4, status: 200)) {
            try read("HTTP/1.1 200 OK\r\n\r\nhello", size: 2, limit: 4)
        }
        #expect(throws: Reader.Failure.malformed("a bad Content-Length header: 9", status: 200)) {
            try read("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 9\r\n\r\nhello", size: 64)
        }
        #expect(throws: Reader.Failure.self) { try read("SSH-2.0-OpenSSH\r\n\r\n", size: 64) }
    }
}
