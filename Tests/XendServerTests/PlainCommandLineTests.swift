import ArgumentParser
import Testing

@testable import xend

/// `xend`'s command lines read without swift-argument-parser (Sources/xend/PlainCommandLine.swift) must
/// come out exactly as the parser reads them, and everything else must be left to the parser.
@Suite("xend plain command lines")
struct PlainCommandLineTests {
    /// Every option's value, by property name, as the parser's property wrappers describe them.
    static func dump(_ options: XendOptions) -> [String] {
        Mirror(reflecting: options).children.map { "\($0.label ?? "?")=\($0.value)" }
    }

    @Test(
        "everyday command lines come out as swift-argument-parser reads them",
        arguments: [
            [],
            ["--backend", "auto"],
            [
                "--config", "/dev/null", "--backend", "simulated", "--unix-path", "/tmp/s", "--tcp-port", "0",
                "--state-dir", "/tmp/state", "--save-dir", "/tmp/save", "--threads", "2",
            ],
            ["--no-tcp", "--no-unix", "--no-metrics", "--log-level", "debug", "--backend", "libxl"],
            [
                "--config", "/etc/xen/x.sxp", "--unix-path", "/run/s", "--tcp-address", "0.0.0.0", "--tcp-port", "8000",
                "--socket-group", "xen", "--hosts-allow", "^10\\.", "--hosts-allow", "^127\\.", "--allowed-origins",
                "https://a.example", "--allowed-hosts", "xen.example", "--allowed-hosts", "other", "--tls-cert",
                "/c.pem",
                "--tls-key", "/k.pem", "--token-file", "/t", "--state-dir", "/s", "--save-dir", "/v", "--max-body",
                "4096", "--threads", "8", "--max-connections", "100", "--max-connections-per-peer", "0",
                "--relocation-server", "--relocation-address", "10.0.0.1", "--relocation-port", "8002",
                "--relocation-hosts-allow", "^10\\.", "--relocation-secret-file", "/secret", "--relocation-tls-server",
                "--relocation-tls", "--relocation-tls-cert", "/rc.pem", "--relocation-tls-key", "/rk.pem",
                "--relocation-tls-ca", "/ca.pem", "--relocation-tls-client-ca", "/cca.pem", "--daemon-log", "/l",
                "--minimum-restart-interval", "2.5", "--log-level", "warning",
            ],
        ])
    func sameAsTheParser(arguments: [String]) throws {
        let plain = try #require(PlainCommandLine.options(arguments), "\(arguments)")
        let parsed = try XendOptions.parse(arguments)
        #expect(Self.dump(plain) == Self.dump(parsed))
    }

    @Test(
        "help, version, completion scripts, unusual spellings and errors are left to the parser",
        arguments: [
            ["--help"], ["-h"], ["help"], ["--version"], ["--generate-completion-script", "bash"],
            ["--generate-completion-script"], ["---completion", "--", "--backend", "0", "0"],
            ["--experimental-dump-help"], ["--config=/dev/null"], ["--config"], ["--config", "-x"],
            ["--relocation-address", ""], ["--config", "a", "--config", "b"], ["--no-tcp", "--no-tcp"],
            ["--tcp-port", "x"], ["--tcp-port", "70000"], ["--threads", "-1"], ["--backend", "xen"],
            ["--log-level", "loud"], ["--tls-cert", "/x.pem"], ["--minimum-restart-interval", "nan"],
            ["extra"], ["--", "--no-tcp"], ["-x"], ["--unknown", "1"],
        ])
    func leftToTheParser(arguments: [String]) {
        #expect(PlainCommandLine.options(arguments) == nil, "\(arguments)")
    }

    @Test("it knows every option of XendOptions, so none silently takes the slow path")
    func knowsEveryOption() {
        let names = Mirror(reflecting: XendOptions()).children.compactMap(\.label).map { label in
            "--" + label.drop { $0 == "_" }.map { $0.isUppercase ? "-" + $0.lowercased() : String($0) }.joined()
        }
        #expect(Set(names) == PlainCommandLine.names)
        #expect(names.count == PlainCommandLine.names.count)
    }
}
