import Foundation
import Testing

@testable import XendHTTP
@testable import XendServer

/// The TCP-only protections: bearer token, xend-hosts-allow, TLS.
@Suite("MHDServer TCP security")
struct MHDServerSecurityTests {
    @Test("with a token, TCP needs Authorization: Bearer; the Unix socket does not")
    func bearerToken() throws {
        let server = try TestServer { $0.bearerToken = "s3cret" }
        let refused = try server.response("GET /xend/node HTTP/1.1\r\n\r\n", over: .tcp)
        #expect(refused.status == 401)
        #expect(refused.bodyText == "(xend.err 'authentication required')")
        #expect(refused.header("WWW-Authenticate") == "Bearer")
        #expect(refused.header("Content-type") == "application/sxp")
        let wrong = try server.response("GET /xend/node HTTP/1.1\r\nAuthorization: Bearer nope\r\n\r\n", over: .tcp)
        #expect(wrong.status == 401)
        let allowed = try server.response("GET /xend/node HTTP/1.1\r\nAuthorization: Bearer s3cret\r\n\r\n", over: .tcp)
        #expect(allowed.status == 200)
        #expect(try server.response("GET /xend/node HTTP/1.1\r\n\r\n").status == 200)
    }

    @Test("xend-hosts-allow refuses TCP peers that match no pattern with 403")
    func hostsAllow() throws {
        let refusing = try TestServer { $0.hostsAllow = ["^10\\.", "^192\\.168\\."] }
        let refused = try refusing.response("GET /xend/node HTTP/1.1\r\n\r\n", over: .tcp)
        #expect(refused.status == 403)
        #expect(refused.bodyText == "(xend.err 'Host not allowed: 127.0.0.1')")
        #expect(try refusing.response("GET /xend/node HTTP/1.1\r\n\r\n").status == 200)
        let allowing = try TestServer { $0.hostsAllow = ["^127\\.0\\.0\\.1$"] }
        #expect(try allowing.response("GET /xend/node HTTP/1.1\r\n\r\n", over: .tcp).status == 200)
    }

    static let tools =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")

    /// Runs a program and returns its standard output and exit status.
    static func run(_ program: String, _ arguments: [String]) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    @Test("TLS on TCP with a PEM key and certificate (curl over HTTPS)", .enabled(if: tools, "needs openssl and curl"))
    func tls() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let key = directory + "/key.pem"
        let certificate = directory + "/cert.pem"
        let made = try Self.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1",
                "-subj", "/CN=localhost",
            ])
        try #require(made.status == 0)
        let server = try TestServer {
            $0.tls = HTTPServerConfiguration.TLS(
                privateKey: (try? String(contentsOfFile: key, encoding: .utf8)) ?? "",
                certificate: (try? String(contentsOfFile: certificate, encoding: .utf8)) ?? "")
        }
        let overTLS = try Self.run(
            "/usr/bin/curl", ["-s", "-i", "--cacert", certificate, "https://localhost:\(server.tcpPort)/xend/node"])
        #expect(overTLS.status == 0)
        #expect(overTLS.output.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(overTLS.output.hasSuffix(TestResponder.node))
        // Plain HTTP on the TLS port gets no answer; the Unix socket stays plain.
        let plain = try server.exchange("GET /xend/node HTTP/1.1\r\n\r\n", over: .tcp)
        #expect(!String(decoding: plain.bytes, as: UTF8.self).contains("200 OK"))
        #expect(try server.response("GET /xend/node HTTP/1.1\r\n\r\n").status == 200)
    }

    @Test("TLS text that is not PEM is a start-up error")
    func notPEM() {
        #expect(throws: HTTPEngineError.self) {
            _ = try TestServer {
                $0.tls = HTTPServerConfiguration.TLS(privateKey: "not a key", certificate: "not a certificate")
            }
        }
    }
}
