import FoundationEssentials
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
        shell("'\(executable)' \(arguments) 2>&1")
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

    /// Whether this process may hide a file from a child in a private mount namespace (root and unshare(1)).
    static let canHideFiles = geteuid() == 0 && system("unshare -m true > /dev/null 2>&1") == 0

    /// The Xen library the daemon loads first, as the dynamic loader finds it.
    static var xenlight: String? {
        ["/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib"]
            .map { $0 + "/libxenlight.so.4.17" }.first { access($0, F_OK) == 0 }
    }

    @Test(
        "without the Xen libraries the simulated host serves, and --backend libxl names the library it lacks",
        .enabled(if: canHideFiles, "needs root and unshare(1) to hide libxenlight in a mount namespace"))
    func withoutXenLibraries() throws {
        let library = try #require(Self.xenlight, "libxenlight.so.4.17 is not installed (make deps)")
        let directory = try #require(mkdtemp(strdup("/tmp/xend-no-xen.XXXXXX")).map { String(cString: $0) })
        defer { _ = system("rm -rf '\(directory)'") }
        // In its own mount namespace, an empty file stands where the library was: dlopen fails on it.
        let hidden = "touch \(directory)/empty && mount --bind \(directory)/empty \(library)"
        let libxl =
            "'\(Self.executable)' --config /dev/null --backend libxl --no-tcp --unix-path \(directory)/libxl.sock"
        let simulated =
            "'\(Self.executable)' --config /dev/null --backend simulated --no-tcp --unix-path \(directory)/sim.sock"
            + " --state-dir \(directory)/state --save-dir \(directory)/save"
        let script = """
            \(hidden) || exit 90
            \(libxl) > \(directory)/libxl.log 2>&1; echo "libxl exit $?"
            \(simulated) > \(directory)/sim.log 2>&1 & daemon=$!
            for _ in $(seq 100); do
                curl -sf --unix-socket \(directory)/sim.sock http://localhost/xend/node/ > \(directory)/node && break
                sleep 0.05
            done
            kill $daemon; wait $daemon
            """
        try script.write(toFile: directory + "/run.sh", atomically: true, encoding: .utf8)
        let (output, status) = Self.shell("unshare -m sh \(directory)/run.sh 2>&1")
        #expect(status == 0, "\(output)")
        #expect(output.contains("libxl exit 1"), "\(output)")
        let libxlLog = try String(contentsOfFile: directory + "/libxl.log", encoding: .utf8)
        #expect(libxlLog.contains("cannot load the Xen library libxenlight.so.4.17"), "\(libxlLog)")
        let node = try String(contentsOfFile: directory + "/node", encoding: .utf8)
        #expect(node.contains("(node (system Linux)"), "\(node)")
    }

    /// Runs a shell command line, returns its output and exit status.
    static func shell(_ command: String) -> (output: String, status: Int32) {
        guard let pipe = popen(command, "r") else { return ("", -1) }
        let output = RouterGoldenTests.readAll(pipe)
        let status = pclose(pipe)
        return (String(decoding: output, as: UTF8.self), (status >> 8) & 0xFF)
    }
}
