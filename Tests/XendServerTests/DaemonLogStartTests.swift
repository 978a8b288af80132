import Testing

@testable import XendHTTP

#if canImport(Glibc)
    import Glibc
#endif

/// `GET /xend/node/log` through the real `xend` binary, in each way it is started: in a terminal, with
/// `--daemon-log`, and by systemd (socket-activated, its standard error the journal).
@Suite("xend: the daemon log in each start mode")
struct DaemonLogStartTests {
    /// A running `xend` on the simulated host, its standard error in `directory/stderr`.
    final class Daemon {
        let directory = makeTemporaryDirectory()
        var socketPath: String { directory + "/xend.sock" }
        var stderrPath: String { directory + "/stderr" }
        private(set) var pid: pid_t = 0

        /// Starts `xend` with `extraArguments`; `journal` makes its stderr the journal stream (as systemd
        /// does with `JOURNAL_STREAM`); `inherited` passes that listening socket as systemd's fd 3.
        init(extraArguments: [String] = [], journal: Bool = false, inherited: Int32? = nil) throws {
            let stderr = open(stderrPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            try #require(stderr >= 0)
            defer { close(stderr) }
            var environment = ["PATH=/usr/bin:/bin"]
            if journal {
                var status = stat()
                fstat(stderr, &status)
                environment.append("JOURNAL_STREAM=\(status.st_dev):\(status.st_ino)")
            }
            var arguments = [
                XendExecutableTests.executable, "--config", "/dev/null", "--backend", "simulated", "--no-tcp",
                "--state-dir", directory + "/state", "--save-dir", directory + "/save",
            ]
            if inherited == nil { arguments += ["--unix-path", socketPath] }
            arguments += extraArguments
            if inherited != nil {
                // systemd sets LISTEN_PID to the service's own pid: the shell's, which exec keeps.
                environment.append("LISTEN_FDS=1")
                arguments = ["/bin/sh", "-c", "LISTEN_PID=$$ exec \"$0\" \"$@\""] + arguments
            }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, stderr, 2)
            if let inherited { posix_spawn_file_actions_adddup2(&actions, inherited, 3) }
            let argv = arguments.map { strdup($0) } + [nil]
            let envp = environment.map { strdup($0) } + [nil]
            defer { (argv + envp).forEach { free($0) } }
            try #require(posix_spawn(&pid, arguments[0], &actions, nil, argv, envp) == 0)
            for _ in 0..<200 where !stderrText.contains("xend ready") { usleep(50_000) }
            try #require(stderrText.contains("xend ready"), "xend did not start: \(stderrText)")
        }

        deinit {
            if pid > 0 {
                kill(pid, SIGTERM)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
            }
            removeTree(directory)
        }

        var stderrText: String { Self.read(stderrPath) }

        /// `GET /xend/node/log` over the Unix socket at `path`.
        func log(over path: String? = nil) throws -> RawResponse {
            let connection = try RawConnection.unix(path ?? socketPath)
            connection.send("GET /xend/node/log HTTP/1.1\r\nHost: localhost\r\n\r\n")
            return try connection.readResponse()
        }

        static func read(_ path: String) -> String {
            guard let file = fopen(path, "r") else { return "" }
            defer { fclose(file) }
            var bytes: [UInt8] = []
            while case let byte = fgetc(file), byte != EOF { bytes.append(UInt8(byte)) }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    @Test("a foreground start without --daemon-log answers the lines it keeps in memory")
    func foreground() throws {
        try #require(access(XendExecutableTests.executable, X_OK) == 0, "xend is not built")
        let daemon = try Daemon()
        let response = try daemon.log()
        #expect(response.status == 200 && response.header("Content-type") == "text/plain")
        #expect(response.bodyText.contains("Z notice xend: xend ready on unix:\(daemon.socketPath)\n"))
        // The terminal gets the same lines, stamped with the time.
        #expect(daemon.stderrText.contains("Z notice xend: xend ready on unix:\(daemon.socketPath)\n"))
        #expect(!daemon.stderrText.contains("<5>"))
    }

    @Test("with --daemon-log the file gets the lines and the route answers the file")
    func withDaemonLogFile() throws {
        try #require(access(XendExecutableTests.executable, X_OK) == 0, "xend is not built")
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/xend.log"
        let earlier = "2013-01-01T00:00:00Z notice xend: an earlier run\n"
        let file = try #require(fopen(path, "w"))
        fputs(earlier, file)
        fclose(file)
        let daemon = try Daemon(extraArguments: ["--daemon-log", path])
        let first = try daemon.log()
        #expect(first.status == 200 && first.header("Content-type") == "text/plain")
        #expect(first.bodyText.hasPrefix(earlier) && first.bodyText.contains("notice xend: xend ready"))
        // The request that read the log is in the file afterwards.
        let second = try daemon.log()
        #expect(second.bodyText.contains("info xend.server: GET /xend/node/log 200"))
        let fileText = Daemon.read(path)
        #expect(fileText.hasPrefix(second.bodyText))
        #expect(fileText.components(separatedBy: "xend ready").count == 2)
        #expect(daemon.stderrText.contains("Z notice xend: xend ready on unix:\(daemon.socketPath)\n"))
    }

    @Test("under systemd (socket-activated, stderr the journal) lines carry <N> and the route answers")
    func systemd() throws {
        try #require(access(XendExecutableTests.executable, X_OK) == 0, "xend is not built")
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let socket = try ListenSocket.unix(path: directory + "/activated", group: nil)
        defer { close(socket.fileDescriptor) }
        let daemon = try Daemon(journal: true, inherited: socket.fileDescriptor)
        let response = try daemon.log(over: directory + "/activated")
        #expect(response.status == 200 && response.bodyText.contains("Z notice xend: xend ready on"))
        let lines = daemon.stderrText.split(separator: "\n")
        #expect(lines.contains("<6>info xend: using 1 socket(s) passed by systemd"))
        #expect(lines.contains { $0.hasPrefix("<5>notice xend: xend ready on ") })
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("<") && $0.dropFirst(2).hasPrefix(">") })
    }
}
