import Hypervisor
import Logging
import RelocationTLS
import SimulatedHost
import Testing
import XendModel

@testable import XendServer

/// op=migrate between two simulated hosts over real loopback TCP, the relocation server speaking TLS or
/// not (`Sources/RelocationTLS/`, docs/hardening.md#relocation-over-tls-sourcesrelocationtls), with certificates from
/// `scripts/make-test-pki.sh`.
@Suite("Relocation over TLS", .enabled(if: TestPKI.available, "needs openssl"))
struct RelocationTLSMigrationTests {
    static let arguments = "live=0&node=-1&ssl=1&change_home_server=0"

    /// A destination host with its relocation server on a free loopback port.
    static func destination(tls: RelocationTLSServer?, secret: MigrationSecret? = nil) throws -> (
        RouterHost, RelocationServer
    ) {
        let host = try RouterHost(populated: false)
        var configuration = RelocationServer.Configuration()
        configuration.port = 0
        configuration.tls = tls
        configuration.secret = secret
        var logger = Logger(label: "test-relocation")
        logger.logLevel = .critical
        return (host, try RelocationServer(configuration: configuration, backend: host.hypervisor, logger: logger))
    }

    /// vm1's memory target (MiB) while it migrates: its memory crosses the connection for real, and 512 MiB
    /// takes seconds over TLS in a debug build; 64 MiB is still thousands of TLS records.
    static let memoryTarget = 64

    /// Lowers vm1's memory target to ``memoryTarget``, then migrates it.
    static func migrate(_ source: RouterHost, to port: Int) -> HTTPResponseSummary {
        #expect(source.post("/xend/domain/vm1", "op=mem_target_set&target=\(memoryTarget)").status == 200)
        let response = source.post(
            "/xend/domain/vm1", "op=migrate&destination=127.0.0.1&port=\(port)&\(Self.arguments)")
        return HTTPResponseSummary(status: response.status, text: response.text)
    }

    struct HTTPResponseSummary {
        let status: Int
        let text: String
    }

    /// The migration was refused with `message`: vm1 still runs at the source, nothing arrived.
    static func expectRefused(
        _ answer: HTTPResponseSummary, _ message: String, source: RouterHost, destination: RouterHost,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(answer.status == 500, sourceLocation: sourceLocation)
        #expect(answer.text.contains(message), "\(answer.text)", sourceLocation: sourceLocation)
        #expect(source.get("/xend/domain").text == "(Domain-0 vm1)", sourceLocation: sourceLocation)
        #expect(source.get("/xend/domain/vm1").text.contains("(state r-----)"), sourceLocation: sourceLocation)
        #expect(destination.get("/xend/domain").text == "(Domain-0)", sourceLocation: sourceLocation)
    }

    @Test("TLS both ends: the guest moves, and a shared secret is still proved inside TLS")
    func migrates() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let secret = try MigrationSecret(bytes: Array("a relocation secret of some length".utf8))
        let tls = try RelocationTLSServer(certificateFile: pki.path("server.pem"), keyFile: pki.path("server.key"))
        let connector = try TLSMigrationConnector(trustedCertificatesFile: pki.path("ca.pem"))
        for withSecret in [false, true] {
            let (destination, relocation) = try Self.destination(tls: tls, secret: withSecret ? secret : nil)
            defer { relocation.stop() }
            let source = try RouterHost(migration: connector, secret: withSecret ? secret : nil)
            let answer = Self.migrate(source, to: relocation.port)
            #expect(answer.status == 200, "\(answer.text)")
            #expect(source.get("/xend/domain").text == "(Domain-0)")
            _ = MHDServerLifecycleTests.eventually { destination.get("/xend/domain").text == "(Domain-0 vm1)" }
            #expect(destination.get("/xend/domain/vm1").text.contains("(uuid \(RouterHost.vm1UUID))"))
        }
        let wrong = try MigrationSecret(bytes: Array("another secret, not the receiver's".utf8))
        let (destination, relocation) = try Self.destination(tls: tls, secret: secret)
        defer { relocation.stop() }
        let source = try RouterHost(migration: connector, secret: wrong)
        Self.expectRefused(
            Self.migrate(source, to: relocation.port), "does not hold this host's relocation secret", source: source,
            destination: destination)
    }

    @Test("a TLS sender and a receiver in clear: refused with a clear error, the guest stays at the sender")
    func tlsSenderPlainReceiver() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let (destination, relocation) = try Self.destination(tls: nil)
        defer { relocation.stop() }
        let source = try RouterHost(migration: try TLSMigrationConnector(trustedCertificatesFile: pki.path("ca.pem")))
        Self.expectRefused(
            Self.migrate(source, to: relocation.port),
            "Migration failed: this relocation server does not use TLS (xend-relocation-ssl-server), but the sender does",
            source: source, destination: destination)
    }

    @Test("a sender in clear and a TLS receiver: refused with a clear error, the guest stays at the sender")
    func plainSenderTLSReceiver() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let tls = try RelocationTLSServer(certificateFile: pki.path("server.pem"), keyFile: pki.path("server.key"))
        let (destination, relocation) = try Self.destination(tls: tls)
        defer { relocation.stop() }
        let source = try RouterHost()
        Self.expectRefused(
            Self.migrate(source, to: relocation.port),
            "Migration failed: this relocation server only accepts TLS (xend-relocation-ssl-server): "
                + "the sender must use xend-relocation-ssl", source: source, destination: destination)
    }

    @Test("a receiver whose certificate the sender does not trust: refused, the guest stays at the sender")
    func untrustedReceiver() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let tls = try RelocationTLSServer(certificateFile: pki.path("other.pem"), keyFile: pki.path("other.key"))
        let (destination, relocation) = try Self.destination(tls: tls)
        defer { relocation.stop() }
        let source = try RouterHost(migration: try TLSMigrationConnector(trustedCertificatesFile: pki.path("ca.pem")))
        Self.expectRefused(
            Self.migrate(source, to: relocation.port), "the peer's certificate is not trusted", source: source,
            destination: destination)
    }

    @Test(
        "a receiver that checks senders: a sender without a certificate its CA signs is refused; with one it migrates")
    func senderCertificate() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let tls = try RelocationTLSServer(
            certificateFile: pki.path("server.pem"), keyFile: pki.path("server.key"), clientCAFile: pki.path("ca.pem"))
        let (destination, relocation) = try Self.destination(tls: tls)
        defer { relocation.stop() }
        let stranger = try RouterHost(
            migration: try TLSMigrationConnector(
                trustedCertificatesFile: pki.path("ca.pem"), certificateFile: pki.path("other.pem"),
                keyFile: pki.path("other.key")))
        Self.expectRefused(
            Self.migrate(stranger, to: relocation.port), "Migration failed: ", source: stranger,
            destination: destination)
        #expect(Self.migrate(stranger, to: relocation.port).text.contains("TLS"))
        let member = try RouterHost(
            migration: try TLSMigrationConnector(
                trustedCertificatesFile: pki.path("ca.pem"), certificateFile: pki.path("client.pem"),
                keyFile: pki.path("client.key")))
        #expect(Self.migrate(member, to: relocation.port).status == 200)
        _ = MHDServerLifecycleTests.eventually { destination.get("/xend/domain").text == "(Domain-0 vm1)" }
        #expect(destination.get("/xend/domain").text == "(Domain-0 vm1)")
    }

    @Test("on the wire: the guest's config and memory image appear in clear without TLS, and not with it")
    func nothingInClear() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        // 32 bytes from the middle of vm1's stand-in memory image (64 MiB: 16 KiB of pattern), and its kernel path.
        let pattern = SaveImage.memoryPattern(seed: RouterHost.vm1UUID, mebibytes: UInt64(Self.memoryTarget))
        let memory = Array(pattern[8192..<(8192 + 32)])
        let config = Array("vmlinuz-2.6.18-xen".utf8)
        let tls = try RelocationTLSServer(certificateFile: pki.path("server.pem"), keyFile: pki.path("server.key"))
        let connector = try TLSMigrationConnector(trustedCertificatesFile: pki.path("ca.pem"))
        for encrypted in [false, true] {
            let (destination, relocation) = try Self.destination(tls: encrypted ? tls : nil)
            defer { relocation.stop() }
            let proxy = RecordingProxy(targetPort: relocation.port)
            let source = try RouterHost(migration: encrypted ? connector : PlainMigrationConnector())
            // The proxy is 127.0.0.1 too, which the receiver's certificate names.
            let answer = Self.migrate(source, to: proxy.port)
            #expect(answer.status == 200, "\(answer.text)")
            let wire = proxy.captured()
            #expect(wire.count > pattern.count)
            #expect(wire.contains(bytes: memory) == !encrypted, "memory image, TLS \(encrypted)")
            #expect(wire.contains(bytes: config) == !encrypted, "config, TLS \(encrypted)")
            #expect(wire.contains(bytes: Array("receiving".utf8)) == !encrypted)
            _ = MHDServerLifecycleTests.eventually { destination.get("/xend/domain").text == "(Domain-0 vm1)" }
        }
    }
}
