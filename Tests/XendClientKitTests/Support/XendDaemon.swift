import Foundation
import Testing
import XendClientKit

/// The two ways to reach the daemon; every live test runs over both.
enum Transport: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case unix
    case tcp

    var testDescription: String { rawValue }
}

/// A real `xend` process on the simulated host, listening on a temporary Unix socket and a free
/// loopback TCP port, with its state and save files in a temporary directory.
final class XendDaemon: Sendable {
    let directory: URL
    let socketPath: String
    let tcpPort: Int
    let saveDirectory: String
    let token: String?
    /// The relocation server's port, when the daemon was started with one.
    let relocationPort: Int?
    private let process: Process
    private let errorLog: URL

    /// The built `xend` executable, beside the test bundle (or in `.build/debug`).
    static let executable: URL? = BuiltProduct.find("xend")

    /// Whether the daemon is built; tests that need it say so when it is not.
    static var isAvailable: Bool { executable != nil }

    private init(
        directory: URL, socketPath: String, tcpPort: Int, saveDirectory: String, token: String?,
        relocationPort: Int?, process: Process, errorLog: URL
    ) {
        self.directory = directory
        self.socketPath = socketPath
        self.tcpPort = tcpPort
        self.saveDirectory = saveDirectory
        self.token = token
        self.relocationPort = relocationPort
        self.process = process
        self.errorLog = errorLog
    }

    /// Starts a daemon and waits until its Unix socket accepts connections.
    /// - Parameters:
    ///   - token: A bearer token TCP requests must carry.
    ///   - tls: Serve TCP over TLS with a fresh self-signed certificate for 127.0.0.1 (see ``certificateFile``).
    ///   - relocationHostsAllow: Run a relocation server on a free loopback port, admitting these peers
    ///     (`nil`: no relocation server; empty: every peer).
    ///   - relocationSecret: Written to a mode 0600 file given as `--relocation-secret-file`.
    ///   - arguments: Further flags, such as `--allowed-origins`.
    static func start(
        token: String? = nil, tls: Bool = false, relocationHostsAllow: [String]? = nil,
        relocationSecret: String? = nil, arguments extra: [String] = []
    ) async throws -> XendDaemon {
        let executable = try #require(Self.executable, "the xend executable is not built")
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("xc-\(UUID().uuidString.prefix(8))")
        let state = directory.appendingPathComponent("state")
        let save = directory.appendingPathComponent("save")
        for folder in [state, save] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let socketPath = directory.appendingPathComponent("xend.sock").path
        let errorLog = directory.appendingPathComponent("xend.stderr")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)

        let process = Process()
        process.executableURL = executable
        // The daemon's request log goes to its stderr, which is also the file GET /xend/node/log serves.
        var arguments = [
            "--backend", "simulated",
            "--unix-path", socketPath,
            // Port 0: the kernel picks a free one and the daemon names it in its "ready" line. Picking one
            // here and passing it on would race with every other test binding ports meanwhile.
            "--tcp-port", "0",
            "--state-dir", state.path,
            "--save-dir", save.path,
            "--daemon-log", errorLog.path,
        ]
        if let token {
            let tokenFile = directory.appendingPathComponent("token")
            try Data(token.utf8).write(to: tokenFile)
            arguments += ["--token-file", tokenFile.path]
        }
        if tls {
            let (certificate, key) = try SelfSignedCertificate.make(in: directory)
            arguments += ["--tls-cert", certificate, "--tls-key", key]
        }
        if let relocationSecret {
            let secretFile = directory.appendingPathComponent("relocation-secret").path
            _ = FileManager.default.createFile(
                atPath: secretFile, contents: Data(relocationSecret.utf8), attributes: [.posixPermissions: 0o600])
            arguments += ["--relocation-secret-file", secretFile]
        }
        if let relocationHostsAllow {
            arguments += ["--relocation-server", "--relocation-port", "0"]
            for pattern in relocationHostsAllow { arguments += ["--relocation-hosts-allow", pattern] }
        }
        process.arguments = arguments + extra
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
        let port: Int
        do {
            port = try await waitUntilListening(process, errorLog: errorLog, socketPath: socketPath)
        } catch {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        let relocationPort =
            relocationHostsAllow == nil ? nil : readyPort(in: contents(of: errorLog), "relocation 127.0.0.1:")
        if relocationHostsAllow != nil && relocationPort == nil {
            Issue.record("xend's ready line names no relocation port: \(contents(of: errorLog))")
        }
        return XendDaemon(
            directory: directory, socketPath: socketPath, tcpPort: port, saveDirectory: save.path, token: token,
            relocationPort: relocationPort, process: process, errorLog: errorLog
        )
    }

    /// A client for one transport.
    func client(_ transport: Transport, configuration: XendClient.Configuration = .init()) -> XendClient {
        var configuration = configuration
        if configuration.bearerToken == nil { configuration.bearerToken = token }
        switch transport {
        case .unix: return XendClient(unixSocket: socketPath, configuration: configuration)
        case .tcp: return XendClient(host: "127.0.0.1", port: tcpPort, configuration: configuration)
        }
    }

    /// The `--connect` argument for one transport.
    func connectArgument(_ transport: Transport) -> String {
        switch transport {
        case .unix: "unix:\(socketPath)"
        case .tcp: "tcp:127.0.0.1:\(tcpPort)"
        }
    }

    /// Runs `body` with a daemon and a client, then stops both.
    static func with<Result: Sendable>(
        _ transport: Transport,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (XendClient, XendDaemon) async throws -> Result
    ) async throws -> Result {
        let daemon = try await start()
        defer { daemon.stop() }
        return try await XendClient.withClient(daemon.client(transport)) { xend in try await body(xend, daemon) }
    }

    /// Stops the process and removes its files.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The PEM certificate a TLS daemon serves, to trust in clients.
    var certificateFile: String { directory.appendingPathComponent("cert.pem").path }

    /// What the daemon wrote to standard error, for failure messages.
    var log: String { Self.contents(of: errorLog) }

    private static func contents(of file: URL) -> String { (try? String(contentsOf: file, encoding: .utf8)) ?? "" }

    /// The port after `prefix` in the daemon's "xend ready on ..." line, once it is there.
    private static func readyPort(in text: String, _ prefix: String) -> Int? {
        guard let ready = text.range(of: "xend ready on "), let listener = text[ready.upperBound...].range(of: prefix)
        else { return nil }
        return Int(text[listener.upperBound...].prefix { $0.isNumber })
    }

    /// Waits for the daemon's "xend ready on ..." line; returns the TCP port it names.
    private static func waitUntilListening(_ process: Process, errorLog: URL, socketPath: String) async throws -> Int {
        func log() -> String { contents(of: errorLog) }
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if !process.isRunning {
                Issue.record("xend exited with status \(process.terminationStatus): \(log())")
                throw CancellationError()
            }
            if let port = readyPort(in: log(), "tcp:127.0.0.1:"), FileManager.default.fileExists(atPath: socketPath) {
                return port
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("xend did not start listening within 60 s: \(log())")
        throw CancellationError()
    }
}
