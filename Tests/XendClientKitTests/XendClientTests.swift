import Foundation
import Testing
import XendModel

@testable import XendClientKit

@Suite("Connections", .needsDaemon)
struct XendClientTests {
    @Test("reaches the daemon", arguments: Transport.allCases)
    func reaches(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            let node = try await xend.node()
            #expect(node.cpuCount > 0)
        }
    }

    @Test("a missing socket and a closed port fail with both endpoints named")
    func daemonNotRunning() async throws {
        let path = "/tmp/xc-missing-\(UUID().uuidString.prefix(8)).sock"
        try await FreePort.withRefusingPort { port in
            let client = XendClient(endpoints: [.unixSocket(path: path), .tcp(host: "127.0.0.1", port: port)])
            let error = await #expect(throws: XendClientError.self) {
                try await XendClient.withClient(client) { xend in try await xend.node() }
            }
            let failure = try #require(error)
            #expect(failure.kind == .connectionFailed)
            #expect(failure.endpointsTried == ["unix:\(path)", "tcp:127.0.0.1:\(port)"])
            #expect(failure.message.contains("No such file or directory"))
            #expect(failure.message.contains("Connection refused"))
        }
    }

    @Test("falls back to the next endpoint, as xend_new did, and keeps using it", arguments: Transport.allCases)
    func fallback(transport: Transport) async throws {
        let daemon = try await XendDaemon.start()
        defer { daemon.stop() }
        let good = XendClient.Endpoint(parsing: daemon.connectArgument(transport))!
        let client = XendClient(endpoints: [.unixSocket(path: daemon.directory.path + "/absent.sock"), good])
        try await XendClient.withClient(client) { xend in
            _ = try await xend.node()
            #expect(xend.preferredEndpoint.withLock { $0 } == 1)
            #expect(try await xend.domains().map(\.rawValue).contains("Domain-0"))
        }
    }

    @Test("local() tries the standard socket, then localhost:8000")
    func local() async throws {
        let client = XendClient.local()
        #expect(
            client.endpoints == [.unixSocket(path: "/var/lib/xend/xend-socket"), .tcp(host: "localhost", port: 8000)])
        try await client.shutdown()
    }

    @Test("sends the bearer token over TCP", .needsDaemon)
    func bearerToken() async throws {
        let daemon = try await XendDaemon.start(token: "t0ken-\(UUID().uuidString.prefix(6))")
        defer { daemon.stop() }
        try await XendClient.withClient(daemon.client(.tcp)) { xend in
            let node = try await xend.node()
            #expect(node.cpuCount > 0)
        }
        var wrong = XendClient.Configuration()
        wrong.bearerToken = "wrong"
        let error = await #expect(throws: XendClientError.self) {
            try await XendClient.withClient(daemon.client(.tcp, configuration: wrong)) { xend in try await xend.node() }
        }
        #expect(error?.httpStatus == 401)
        #expect(error?.message.contains("authentication required") == true)
        // The Unix socket needs no token.
        try await XendClient.withClient(XendClient(unixSocket: daemon.socketPath)) { xend in
            let node = try await xend.node()
            #expect(node.cpuCount > 0)
        }
    }

    @Test("speaks TLS to a TCP listener with a private certificate", .enabled(if: SelfSignedCertificate.openssl != nil))
    func tls() async throws {
        let daemon = try await XendDaemon.start(tls: true)
        defer { daemon.stop() }
        var configuration = XendClient.Configuration()
        configuration.tls = .init(trustedCertificateFile: daemon.certificateFile)
        try await XendClient.withClient(daemon.client(.tcp, configuration: configuration)) { xend in
            let node = try await xend.node()
            #expect(node.cpuCount > 0)
            #expect(try await xend.domains().map(\.rawValue).contains("Domain-0"))
        }
        // Without trusting the certificate, the handshake fails: an error, never plain text.
        var untrusted = XendClient.Configuration()
        untrusted.tls = .init()
        let error = await #expect(throws: XendClientError.self) {
            try await XendClient.withClient(daemon.client(.tcp, configuration: untrusted)) { xend in
                try await xend.node()
            }
        }
        #expect(error?.kind == .invalidResponse)
        #expect(error?.message.contains("TLS with tcp:127.0.0.1:\(daemon.tcpPort) failed") == true)
        #expect(error?.httpStatus == nil)
    }
}
