import Foundation
import Testing
import XendModel

@testable import XendClientKit

/// op=migrate between real daemons that share `xend-relocation-secret-file` (docs/hardening.md,
/// "Relocation"): peers prove the secret before any of the guest moves, and a peer without it is refused
/// with a clear error, leaving nothing at the destination and the domain running at the source.
@Suite("Relocation secret", .needsDaemon)
struct RelocationSecretTests {
    static let secret = "correct horse battery staple 42"

    @Test("both daemons hold the secret: the domain moves")
    func sharedSecret() async throws {
        let destination = try await XendDaemon.start(relocationHostsAllow: [], relocationSecret: Self.secret)
        defer { destination.stop() }
        let source = try await XendDaemon.start(relocationSecret: Self.secret)
        defer { source.stop() }
        try await XendClient.withClient(source.client(.unix)) { xend in
            let domain = try await XendClientLifecycleTests.started(xend, prefix: "auth")
            let before = try await xend.domain(domain)
            try await xend.migrate(domain, to: "127.0.0.1", port: try #require(destination.relocationPort), live: true)
            try await XendClient.withClient(destination.client(.unix)) { there in
                let arrived = try await there.domain(domain)
                #expect(arrived.uuid == before.uuid)
            }
        }
    }

    @Test(
        "a sender without the secret, or with another, is refused; nothing is left at the destination",
        arguments: [
            (
                nil,
                "Migration failed: this host only accepts peers that prove the relocation secret (xend-relocation-secret-file)"
            ),
            (
                "another secret of enough length",
                "Migration failed: the relocation server does not hold this host's relocation secret"
            ),
        ] as [(String?, String)])
    func refused(senderSecret: String?, message: String) async throws {
        let destination = try await XendDaemon.start(relocationHostsAllow: [], relocationSecret: Self.secret)
        defer { destination.stop() }
        let source = try await XendDaemon.start(relocationSecret: senderSecret)
        defer { source.stop() }
        try await XendClient.withClient(source.client(.tcp)) { xend in
            let domain = try await XendClientLifecycleTests.started(xend, prefix: "noauth")
            let before = try await xend.domain(domain)
            let error = await #expect(throws: XendClientError.self) {
                try await xend.migrate(domain, to: "127.0.0.1", port: try #require(destination.relocationPort))
            }
            #expect(error?.message == message)
            let after = try await xend.domain(domain)
            #expect(after.id == before.id)
            #expect([.running, .blocked].contains(after.state))
            try await XendClient.withClient(destination.client(.unix)) { there in
                let domains = try await there.domains()
                #expect(domains.map(\.rawValue) == ["Domain-0"])
            }
        }
        #expect(destination.log.contains("refused"))
        #expect(!destination.log.contains("receiving a domain"))
    }

    @Test("a sender proving a secret to a server without one is refused")
    func serverWithoutSecret() async throws {
        let destination = try await XendDaemon.start(relocationHostsAllow: [])
        defer { destination.stop() }
        let source = try await XendDaemon.start(relocationSecret: Self.secret)
        defer { source.stop() }
        try await XendClient.withClient(source.client(.unix)) { xend in
            let domain = try await XendClientLifecycleTests.started(xend, prefix: "nosec")
            let error = await #expect(throws: XendClientError.self) {
                try await xend.migrate(domain, to: "127.0.0.1", port: try #require(destination.relocationPort))
            }
            #expect(error?.message.contains("this host has no relocation secret") == true)
        }
    }

    @Test("a raw peer: the challenge comes only after a well-formed request, and a wrong proof is refused")
    func rawConversation() async throws {
        let destination = try await XendDaemon.start(relocationHostsAllow: [], relocationSecret: Self.secret)
        defer { destination.stop() }
        let port = try #require(destination.relocationPort)
        let nonce = String(repeating: "ab", count: 32)
        let plain = try RawTCP.exchange(port: port, sending: Array("receive\n".utf8))
        #expect(plain.hasPrefix("error this host only accepts peers that prove"))
        let wrong = try RawTCP.exchange(
            port: port, sending: Array("receive hmac-sha256 \(nonce)\nresponse \(nonce)\n".utf8))
        let lines = wrong.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("challenge ") == true)
        #expect(lines.last == "error authentication failed: the sender does not hold the relocation secret")
    }

    @Test("a secret file others may read, or a short secret, stops the daemon at start")
    func badSecretFile() throws {
        let executable = try #require(XendDaemon.executable)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "xs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (contents, mode, message) in [
            (Self.secret, 0o644, "must belong to this daemon's user and be readable by it alone"),
            ("short", 0o600, "at least 16 bytes"),
        ] {
            let file = directory.appendingPathComponent("secret").path
            try? FileManager.default.removeItem(atPath: file)
            _ = FileManager.default.createFile(
                atPath: file, contents: Data(contents.utf8), attributes: [.posixPermissions: mode])
            let process = Process()
            process.executableURL = executable
            process.arguments = [
                "--config", "/dev/null", "--backend", "simulated", "--no-tcp",
                "--unix-path", directory.appendingPathComponent("s").path,
                "--state-dir", directory.appendingPathComponent("state").path,
                "--save-dir", directory.appendingPathComponent("save").path, "--relocation-secret-file", file,
            ]
            let pipe = Pipe()
            process.standardError = pipe
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus != 0)
            #expect(output.contains("xend-relocation-secret-file: "), "\(output)")
            #expect(output.contains(message), "\(output)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("state").path))
        }
    }
}
