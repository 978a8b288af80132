import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The `xend` executable end to end: its exact `--help` (kept in `Golden/xend-help.txt`) and exit codes.
/// Its network behaviour is covered by `scripts/curl-smoke.sh` (run by `make test`).
@Suite("xend executable")
struct XendExecutableTests {
    /// The built `xend`, next to the test bundle.
    static var executable: String {
        let bundle = CommandLine.arguments.first { $0.contains(".xctest") } ?? CommandLine.arguments[0]
        let directory = bundle.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return directory + "/xend"
    }

    /// Runs `xend` with `arguments` (no shell metacharacters in them), returns its output and exit status.
    static func run(_ arguments: String) -> (output: String, status: Int32) {
        guard let pipe = popen("'\(executable)' \(arguments) 2>&1", "r") else { return ("", -1) }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, pipe)
            if count == 0 { break }
            output += buffer[0..<count]
        }
        let status = pclose(pipe)
        return (String(decoding: output, as: UTF8.self), (status >> 8) & 0xFF)
    }

    @Test("--help lists every flag with its help text")
    func help() throws {
        try #require(access(Self.executable, X_OK) == 0, "xend is not built at \(Self.executable)")
        let (output, status) = Self.run("--help")
        #expect(status == 0)
        let path = RouterGoldenTests.goldenDirectory + "xend-help.txt"
        guard let expected = RouterGoldenTests.readGolden(path), getenv("RECORD_SNAPSHOTS") == nil else {
            try RouterGoldenTests.write(Array(output.utf8), to: path)
            return
        }
        #expect(output == String(decoding: expected, as: UTF8.self))
        for flag in [
            "--config", "--backend", "--unix-path", "--no-unix", "--tcp-address", "--tcp-port", "--no-tcp",
            "--socket-group", "--hosts-allow", "--tls-cert", "--tls-key", "--token-file", "--state-dir", "--save-dir",
            "--max-body", "--threads", "--minimum-restart-interval", "--log-level", "--relocation-server",
            "--relocation-address", "--relocation-port", "--relocation-hosts-allow", "--allowed-origins",
            "--allowed-hosts", "--relocation-secret-file", "--relocation-tls-server", "--relocation-tls",
            "--relocation-tls-cert", "--relocation-tls-key", "--relocation-tls-ca", "--relocation-tls-client-ca",
        ] {
            #expect(output.contains(flag), "\(flag)")
        }
    }

    @Test(
        "bad flags and an unavailable backend exit non-zero, saying why",
        arguments: [
            ("--tcp-port 70000", Int32(64), "--tcp-port must be 0 to 65535"),
            ("--tls-cert /x.pem", 64, "--tls-cert and --tls-key go together"),
            ("--backend xen", 64, "backend"),
            ("--config /nonexistent/xend-config.sxp", 2, "cannot read /nonexistent/xend-config.sxp"),
            (
                "--config /dev/null --backend libxl --no-tcp --unix-path /nonexistent/s", 1,
                "--backend libxl: cannot open a libxl context"
            ),
            (
                "--config /dev/null --no-tcp --no-unix --state-dir /nonexistent/state --save-dir /nonexistent/save", 1,
                "no listener"
            ),
        ])
    func failures(arguments: String, status: Int32, message: String) throws {
        try #require(access(Self.executable, X_OK) == 0, "xend is not built at \(Self.executable)")
        let (output, exitStatus) = Self.run(arguments)
        #expect(exitStatus == status)
        #expect(output.contains(message))
    }
}
