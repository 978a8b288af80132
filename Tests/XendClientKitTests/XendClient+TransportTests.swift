import Foundation
import InMemoryLogging
import Logging
import Testing
import XendModel

@testable import XendClientKit

@Suite("Transport edge cases")
struct XendClientTransportTests {
    @Test("a reply that is not the expected S-expression is invalidResponse")
    func invalidBody() async throws {
        let server = try CannedServer(
            reply: "HTTP/1.1 200 OK\r\nContent-Type: application/sxp\r\nContent-Length: 9\r\n\r\n(node (x"
        )
        defer { server.stop() }
        try await XendClient.withClient(XendClient(host: "127.0.0.1", port: server.port)) { xend in
            let error = await #expect(throws: XendClientError.self) { try await xend.node() }
            #expect(error?.kind == .invalidResponse)
            #expect(error?.httpStatus == 200)
        }
    }

    @Test("keepsConnectionsAlive asks for keep-alive and sends every request on one connection")
    func keepAlive() async throws {
        let server = try CannedServer(
            reply: "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello", keepsAlive: true)
        defer { server.stop() }
        var configuration = XendClient.Configuration()
        configuration.keepsConnectionsAlive = true
        configuration.keepAliveIdleTime = .seconds(600)  // a test starved by the others must not see it expire
        let client = XendClient(host: "127.0.0.1", port: server.port, configuration: configuration)
        try await XendClient.withClient(client) { xend in
            for _ in 0..<3 {
                let text = try await xend.dmesg()
                #expect(text == "hello")
            }
        }
        #expect(server.connectionCount == 1)
        #expect(server.receivedRequests.count == 3)
        #expect(server.receivedRequests.allSatisfy { $0.lowercased().contains("connection: keep-alive\r\n") })
    }

    @Test("by default every request says Connection: close")
    func closeByDefault() async throws {
        let server = try CannedServer(
            reply: "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello", keepsAlive: true)
        defer { server.stop() }
        try await XendClient.withClient(XendClient(host: "127.0.0.1", port: server.port)) { xend in
            for _ in 0..<2 {
                let text = try await xend.dmesg()
                #expect(text == "hello")
            }
        }
        #expect(server.connectionCount == 2)
        #expect(server.receivedRequests.allSatisfy { $0.lowercased().contains("connection: close\r\n") })
    }

    @Test("a status without an xend.err body is httpStatus, with the reason")
    func plainStatus() async throws {
        let server = try CannedServer(
            reply: "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy"
        )
        defer { server.stop() }
        try await XendClient.withClient(XendClient(host: "127.0.0.1", port: server.port)) { xend in
            let error = await #expect(throws: XendClientError.self) { try await xend.dmesg() }
            #expect(error?.kind == .httpStatus)
            #expect(error?.httpStatus == 503)
            #expect(error?.message == "xend answered 503 Service Unavailable: busy")
        }
    }

    @Test("a 2xx body holding xend.err is an error, as libvirt treated it")
    func errorInSuccess() async throws {
        let body = "(xend.err 'Domain is not running')"
        let server = try CannedServer(
            reply: "HTTP/1.1 202 Accepted\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        defer { server.stop() }
        try await XendClient.withClient(XendClient(host: "127.0.0.1", port: server.port)) { xend in
            let error = await #expect(throws: XendClientError.self) { try await xend.save("vm1", to: "/x") }
            #expect(error?.kind == .operationFailed)
            #expect(error?.message == "Domain is not running")
            #expect(error?.httpStatus == 202)
        }
    }

    @Test("a daemon that accepts but never answers times out")
    func timeout() async throws {
        let server = try CannedServer(reply: nil)
        defer { server.stop() }
        var configuration = XendClient.Configuration()
        configuration.timeout.request = .milliseconds(300)
        let client = XendClient(host: "127.0.0.1", port: server.port, configuration: configuration)
        try await XendClient.withClient(client) { xend in
            let error = await #expect(throws: XendClientError.self) { try await xend.node() }
            #expect(error?.kind == .timedOut)
            #expect(error?.message == "xend at tcp:127.0.0.1:\(server.port) did not answer in time")
        }
    }

    @Test("logs one debug line per request to the logger it is given", .needsDaemon, arguments: Transport.allCases)
    func logging(transport: Transport) async throws {
        let daemon = try await XendDaemon.start()
        defer { daemon.stop() }
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "xend.client.test") { _ in handler }
        logger.logLevel = .debug
        let endpoint = try #require(XendClient.Endpoint(parsing: daemon.connectArgument(transport)))
        try await XendClient.withClient(XendClient(endpoints: [endpoint], logger: logger)) { xend in
            _ = try await xend.node()
            await #expect(throws: XendClientError.self) { try await xend.pause("nosuch") }
        }
        let requests = handler.entries.filter { $0.message == "xend request" }
        #expect(requests.count == 2)
        #expect(requests.first?.metadata["target"] == "/xend/node/")
        #expect(requests.first?.metadata["status"] == "200")
        #expect(requests.last?.metadata["method"] == "POST")
        #expect(requests.last?.metadata["status"] == "404")
        #expect(requests.allSatisfy { $0.level == .debug && $0.metadata["endpoint"] == "\(endpoint)" })
    }
}
