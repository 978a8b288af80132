import Foundation
import Hypervisor
import Testing

@testable import XendHTTP
@testable import XendServer

/// `xend-config.sxp` keys and the engine configuration built from them.
@Suite("XendConfiguration")
struct XendConfigurationTests {
    static let sample = """
        # A stock xend-config.sxp, trimmed
        (xend-http-server yes)
        (xend-unix-server no)
        (xend-port            8001)
        (xend-address localhost)
        (xend-unix-path /run/xend/sock)
        # as in the original's example config, a backslash inside a quoted string is written twice
        (xend-hosts-allow '^localhost$ ^10\\\\.0\\\\.0\\\\.[0-9]+$')
        (dom0-min-mem 196)
        (xend-relocation-server yes)
        (xend-relocation-port 8012)
        (xend-relocation-address '')
        (xend-relocation-hosts-allow '^localhost$ ^10\\\\.0\\\\.0\\\\.2$')
        (xend-relocation-ssl-server no)
        (xend-relocation-ssl-port 8003)
        (network-script network-bridge)
        (frobnicate 1)
        """

    @Test("defaults: both listeners, Unix at /var/lib/xend/xend-socket, TCP on 127.0.0.1:8000, 1 MiB cap")
    func defaults() throws {
        let server = try XendConfiguration().serverConfiguration()
        #expect(
            server.listeners == [
                .unix(path: "/var/lib/xend/xend-socket", group: nil), .tcp(host: "127.0.0.1", port: 8000),
            ])
        #expect(server.maximumBodySize == 1 << 20)
        #expect(XendConfiguration().saveDirectory == "/var/lib/xend/save")
    }

    @Test("relocation TLS keys: server and sender, certificate files falling back to --tls-cert and --tls-key")
    func relocationTLSKeys() throws {
        var configuration = XendConfiguration()
        try configuration.apply(
            fileText: """
                (xend-relocation-ssl-server yes)
                (xend-relocation-ssl yes)
                (xend-relocation-server-ssl-cert-file /etc/xen/relocation.pem)
                (xend-relocation-server-ssl-key-file /etc/xen/relocation.key)
                (xend-relocation-ssl-ca-file /etc/xen/pool-ca.pem)
                (xend-relocation-ssl-client-ca-file /etc/xen/pool-ca.pem)
                """, source: "tls.sxp")
        #expect(configuration.relocationTLSServer && configuration.relocationTLS)
        #expect(configuration.relocationCertificatePath == "/etc/xen/relocation.pem")
        #expect(configuration.relocationKeyPath == "/etc/xen/relocation.key")
        #expect(configuration.relocationCAPath == "/etc/xen/pool-ca.pem")
        #expect(configuration.relocationClientCAPath == "/etc/xen/pool-ca.pem")
        #expect(configuration.notes.isEmpty)
        // The files do not exist: the daemon stops at start, naming the key and the file.
        #expect(throws: XendConfigurationError.self) { try configuration.relocationTLSCredentials() }
        do {
            _ = try configuration.relocationConnector()
            Issue.record("a missing CA file was accepted")
        } catch {
            #expect(error.message.hasPrefix("xend-relocation-ssl: cannot use /etc/xen/pool-ca.pem"))
        }
        var bare = XendConfiguration()
        bare.relocationTLSServer = true
        do {
            _ = try bare.relocationTLSCredentials()
            Issue.record("TLS without a certificate was accepted")
        } catch {
            #expect(error.message.hasPrefix("xend-relocation-ssl-server needs a certificate and key"))
        }
        bare.relocationTLSServer = false
        bare.relocationClientCAPath = "/etc/xen/pool-ca.pem"
        #expect(throws: XendConfigurationError.self) { try bare.relocationTLSCredentials() }
        #expect(try XendConfiguration().relocationConnector() is PlainMigrationConnector)
    }

    @Test("the original's keys are read, relocation and its TLS ones too; the TLS port and unknown keys are noted")
    func file() throws {
        var configuration = XendConfiguration()
        try configuration.apply(fileText: Self.sample, source: "test.sxp")
        #expect(configuration.httpServer && !configuration.unixServer)
        #expect(configuration.tcpPort == 8001)
        #expect(configuration.tcpAddress == "localhost")
        #expect(configuration.unixPath == "/run/xend/sock")
        #expect(configuration.hostsAllow == ["^localhost$", "^10\\.0\\.0\\.[0-9]+$"])
        #expect(configuration.dom0MinimumMemoryMiB == 196)
        #expect(configuration.relocationPort == 8012)
        #expect(configuration.relocationServer)
        #expect(configuration.relocationAddress == "")
        #expect(configuration.relocationHostsAllow == ["^localhost$", "^10\\.0\\.0\\.2$"])
        #expect(configuration.relocationExposureWarning == nil)
        #expect(!configuration.relocationTLSServer)
        #expect(try configuration.relocationTLSCredentials() == nil)
        let relocation = try #require(configuration.relocationServerConfiguration)
        #expect(relocation.address == "" && relocation.port == 8012 && relocation.hostsAllow.count == 2)
        #expect(
            configuration.notes == [
                "test.sxp: (xend-relocation-address '') listens on every interface",
                "test.sxp: xend-relocation-ssl-port ignored: xend-relocation-ssl-server makes xend-relocation-port itself TLS-only",
                "test.sxp: network-script ignored: not used by this daemon",
                "test.sxp: unknown option frobnicate ignored",
            ])
        let server = try configuration.serverConfiguration()
        #expect(server.listeners == [.tcp(host: "localhost", port: 8001)])
        #expect(server.hostsAllow.count == 2)
        #expect(configuration.routerSettings.tcpPort == 8001)
        #expect(configuration.routerSettings.relocationPort == 8012)
    }

    @Test("browser and relocation-secret keys: xend-allowed-origins, xend-allowed-hosts, xend-relocation-secret-file")
    func browserAndSecretKeys() throws {
        var configuration = XendConfiguration()
        try configuration.apply(
            fileText: """
                (xend-allowed-origins 'https://console.example.org http://10.0.0.5:8080')
                (xend-allowed-hosts 'xen.example.org xenhost1')
                (xend-relocation-secret-file /nonexistent/relocation-secret)
                """, source: "test.sxp")
        #expect(configuration.allowedOrigins == ["https://console.example.org", "http://10.0.0.5:8080"])
        #expect(configuration.allowedHosts == ["xen.example.org", "xenhost1"])
        #expect(configuration.notes.isEmpty)
        let server = try configuration.serverConfiguration()
        #expect(server.allowedOrigins.count == 2 && server.allowedHosts.count == 2)
        #expect(throws: XendConfigurationError.self) { try configuration.relocationSecret() }
        #expect(try XendConfiguration().relocationSecret() == nil)
    }

    @Test("a relocation server beyond loopback without an allow-list or a secret is warned about")
    func relocationExposure() {
        var configuration = XendConfiguration()
        #expect(configuration.relocationServerConfiguration == nil)
        configuration.relocationServer = true
        #expect(configuration.relocationExposureWarning == nil)
        configuration.relocationAddress = ""
        #expect(configuration.relocationExposureWarning?.contains("every interface") == true)
        configuration.relocationSecretFile = "/etc/xen/relocation-secret"
        #expect(configuration.relocationExposureWarning == nil)
        configuration.relocationSecretFile = nil
        configuration.relocationHostsAllow = ["^10\\."]
        #expect(configuration.relocationExposureWarning == nil)
    }

    @Test(
        "bad values are refused naming the key",
        arguments: [
            ("(xend-port eighty)", "t: invalid xend config xend-port: expected int: eighty"),
            ("(xend-http-server perhaps)", "t: invalid xend config xend-http-server: expected bool: perhaps"),
            ("(xend-port 1 2)", "t: expected (option value), found (xend-port 1 2)"),
            ("xend-port", "t: expected (option value), found xend-port"),
            ("(xend-port (8000))", "t: expected (option value), found (xend-port (8000))"),
            ("(xend-port 8000", "t: unexpected EOF at line 1, column 16"),
        ])
    func badValues(text: String, message: String) {
        var configuration = XendConfiguration()
        #expect(throws: XendConfigurationError(message)) { try configuration.apply(fileText: text, source: "t") }
    }

    @Test("an empty address means every interface, as in the original, and is noted")
    func everyInterface() throws {
        var configuration = XendConfiguration()
        try configuration.apply(fileText: "(xend-address '')", source: "t")
        #expect(configuration.tcpAddress == "")
        #expect(configuration.notes == ["t: (xend-address '') listens on every interface"])
    }

    @Test("TCP beyond loopback without an allow-list or token is flagged")
    func exposure() {
        var configuration = XendConfiguration()
        #expect(configuration.exposureWarning == nil)
        configuration.tcpAddress = ""
        #expect(
            configuration.exposureWarning
                == "TCP listens on every interface without --hosts-allow or --token-file: anyone who can reach port 8000 controls this host"
        )
        configuration.hostsAllow = ["^10\\."]
        #expect(configuration.exposureWarning == nil)
        configuration.hostsAllow = []
        configuration.httpServer = false
        #expect(configuration.exposureWarning == nil)
    }

    @Test("no listener, half TLS, an empty token file and bad limits are configuration errors")
    func invalid() throws {
        var none = XendConfiguration()
        none.unixServer = false
        none.httpServer = false
        #expect(throws: XendConfigurationError.self) { try none.serverConfiguration() }
        #expect(
            try none.serverConfiguration(inherited: [.inherited(fileDescriptor: 3)]).listeners == [
                .inherited(fileDescriptor: 3)
            ])
        var tls = XendConfiguration()
        tls.tlsCertificatePath = "/x.pem"
        #expect(throws: XendConfigurationError("TLS needs both --tls-cert and --tls-key")) {
            try tls.serverConfiguration()
        }
        tls.tlsKeyPath = "/nonexistent/key.pem"
        #expect(throws: XendConfigurationError.self) { try tls.serverConfiguration() }
        let notPEM = FileManager.default.temporaryDirectory.appendingPathComponent("xend-not-pem-\(getpid())").path
        try "just text\n".write(toFile: notPEM, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: notPEM) }
        (tls.tlsCertificatePath, tls.tlsKeyPath) = (notPEM, notPEM)
        #expect(throws: XendConfigurationError("\(notPEM) is not a PEM file")) { try tls.serverConfiguration() }
        var token = XendConfiguration()
        token.tokenFile = "/nonexistent/token"
        #expect(throws: XendConfigurationError.self) { try token.serverConfiguration() }
        var threads = XendConfiguration()
        threads.threads = 0
        #expect(throws: XendConfigurationError("--threads must be at least 1")) { try threads.serverConfiguration() }
        var connections = XendConfiguration()
        connections.connectionLimit = 0
        #expect(throws: XendConfigurationError("--max-connections must be at least 1")) {
            try connections.serverConfiguration()
        }
        var perPeer = XendConfiguration()
        perPeer.perPeerConnectionLimit = -1
        #expect(throws: XendConfigurationError("--max-connections-per-peer must not be negative")) {
            try perPeer.serverConfiguration()
        }
    }

    @Test("connection limits reach the engine; unset ones keep its defaults")
    func connectionLimits() throws {
        let defaults = try XendConfiguration().serverConfiguration()
        #expect(defaults.connectionLimit == HTTPServerConfiguration().connectionLimit)
        #expect(defaults.perIPConnectionLimit == 64)
        var configuration = XendConfiguration()
        configuration.connectionLimit = 10
        configuration.perPeerConnectionLimit = 0
        let server = try configuration.serverConfiguration()
        #expect(server.connectionLimit == 10)
        #expect(server.perIPConnectionLimit == 0)
    }

    @Test("the token file's first line, trimmed, becomes the bearer token")
    func tokenFile() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/token"
        let file = try #require(fopen(path, "w"))
        fputs("  s3cret \nsecond line\n", file)
        fclose(file)
        var configuration = XendConfiguration()
        configuration.tokenFile = path
        #expect(try configuration.serverConfiguration().bearerToken == "s3cret")
    }
}

#if canImport(Glibc)
    import Glibc
#endif
