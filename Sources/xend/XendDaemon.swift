import Hypervisor
import LibxlBackend
import Logging
import SimulatedHost
import XendHTTP
import XendModel
import XendServer

#if canImport(Glibc)
    import Glibc
#endif

/// A running daemon: the backend, the router and the HTTP engine on their sockets.
final class XendDaemon {
    let server: MHDServer
    let relocation: RelocationServer?
    let logger: Logger

    private init(server: MHDServer, relocation: RelocationServer?, logger: Logger) {
        self.server = server
        self.relocation = relocation
        self.logger = logger
    }

    /// Picks the backend, prepares the directories, binds the sockets and tells systemd it is ready.
    /// Termination signals are blocked first, so every engine thread inherits the mask and only
    /// ``runUntilSignalled()`` receives them.
    static func start(configuration: XendConfiguration, options: XendOptions, log: DaemonLog, logger: Logger) throws
        -> XendDaemon
    {
        SignalWaiter.blockTerminationSignals()
        let inherited = SystemdSocketActivation.listeners()
        if !inherited.isEmpty { logger.info("using \(inherited.count) socket(s) passed by systemd") }
        // Checked before anything is created on disk.
        var serverConfiguration = try configuration.serverConfiguration(inherited: inherited)
        let sessions = BrowserSessions()
        serverConfiguration.browserSessions = sessions
        serverConfiguration.publicPaths = ConsoleResponder.publicPaths
        let relocationSecret = try configuration.relocationSecret()
        let relocationTLS = try configuration.relocationTLSCredentials()
        let relocation = RelocationSettings(
            secret: relocationSecret, connector: try configuration.relocationConnector())
        // The backend first: --backend libxl off a Xen host fails before anything is created on disk.
        let backend = try makeBackend(
            options: options, configuration: configuration, relocation: relocation, logger: logger)
        try Directories.create(configuration.saveDirectory)
        InterruptedWrites.sweep(configuration.saveDirectory, logger: logger)
        let settings = configuration.routerSettings
        let router = XendRouter(backend: backend, settings: settings, daemonLog: log)
        let console = ConsoleResponder(
            next: router, router: router, sessions: sessions, secureCookies: serverConfiguration.tls != nil,
            loginRequired: serverConfiguration.bearerToken != nil)
        let server = try MHDServer(
            configuration: serverConfiguration,
            responder: MetricsResponder.wrapping(console, backend: backend, enabled: configuration.metrics),
            logger: Logger(label: "xend.server"))
        if let port = server.listeners.first(where: { $0.transport == .tcp })?.port {
            router.tcpListenerBound(port: port)
        }
        let relocationServer: RelocationServer?
        do {
            relocationServer = try configuration.relocationServerConfiguration.map { relocationConfiguration in
                var relocationConfiguration = relocationConfiguration
                relocationConfiguration.secret = relocationSecret
                relocationConfiguration.tls = relocationTLS
                return try RelocationServer(
                    configuration: relocationConfiguration, backend: backend, logger: Logger(label: "xend.relocation"))
            }
        } catch {
            server.stop()
            throw error
        }
        let names = (server.listeners.map(\.name) + [relocationServer?.name].compactMap { $0 }).joined(separator: ", ")
        SystemdNotifier.notify("READY=1\nSTATUS=serving \(names)", logger: logger)
        logger.notice("xend ready on \(names)")
        return XendDaemon(server: server, relocation: relocationServer, logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then stops gracefully (requests in flight finish).
    /// SIGHUP is logged and otherwise ignored: the `--daemon-log` file is opened once, so a rotation
    /// must copy and truncate it.
    func runUntilSignalled() {
        while true {
            let signal = SignalWaiter.wait()
            if signal == SIGHUP {
                logger.notice("SIGHUP received; nothing to reload")
                continue
            }
            logger.notice("signal \(signal) received; stopping after requests in flight")
            SystemdNotifier.notify("STOPPING=1", logger: logger)
            relocation?.stop()
            server.stop()
            logger.notice("xend stopped")
            return
        }
    }

    /// The backend `--backend` asks for: `libxl` (which fails clearly where libxl cannot open a context),
    /// `simulated`, or `auto`: libxl in a Xen control domain, the simulated host elsewhere. The log says which.
    static func makeBackend(
        options: XendOptions, configuration: XendConfiguration, relocation: RelocationSettings, logger: Logger
    ) throws -> any Hypervisor {
        switch options.backend {
        case .libxl:
            logger.notice("using libxl (--backend libxl)")
            return try libxlBackend(
                options: options, configuration: configuration, relocation: relocation, logger: logger)
        case .simulated:
            logger.notice("using the simulated host (--backend simulated)")
        case .auto:
            if XenHost.isControlDomain {
                logger.notice("this is a Xen control domain (/proc/xen/capabilities has control_d); using libxl")
                return try libxlBackend(
                    options: options, configuration: configuration, relocation: relocation, logger: logger)
            } else {
                logger.notice(
                    "no Xen control domain here (/proc/xen/capabilities lacks control_d); using the simulated host")
            }
        }
        try Directories.create(configuration.stateDirectory)
        var simulation = SimulatedHypervisor.Configuration()
        simulation.stateDirectory = configuration.stateDirectory
        if let interval = options.minimumRestartInterval { simulation.timing.minimumRestartInterval = interval }
        simulation.relocationSecret = relocation.secret
        simulation.relocationConnector = relocation.connector
        let hypervisor = try SimulatedHypervisor(configuration: simulation, logger: Logger(label: "xend.simulated"))
        for problem in hypervisor.loadProblems { logger.error("state not loaded: \(problem)") }
        return hypervisor
    }
}

extension XendDaemon {
    /// The libxl backend, or a configuration error saying why libxl is unusable here (exit status 1).
    /// Its managed domains live in the state directory, which it creates once libxl answered (off Xen,
    /// nothing is created on disk).
    static func libxlBackend(
        options: XendOptions, configuration: XendConfiguration, relocation: RelocationSettings, logger: Logger
    ) throws -> any Hypervisor {
        var libxl = LibxlHypervisor.Configuration(stateDirectory: configuration.stateDirectory)
        if let interval = options.minimumRestartInterval { libxl.minimumRestartInterval = interval }
        libxl.relocationSecret = relocation.secret
        libxl.relocationConnector = relocation.connector
        do {
            return try LibxlHypervisor(configuration: libxl, logger: Logger(label: "xend.libxl"))
        } catch {
            throw XendConfigurationError("--backend libxl: \(error.message)")
        }
    }
}

/// What op=migrate needs from the configuration, for either backend: the secret it proves and how it connects.
struct RelocationSettings {
    var secret: MigrationSecret?
    var connector: any MigrationConnector
}

/// Whether this machine is a Xen control domain.
enum XenHost {
    static var isControlDomain: Bool {
        guard let file = fopen("/proc/xen/capabilities", "r") else { return false }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 256)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return false }
        let length = buffer.firstIndex(of: 0) ?? buffer.count
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self).contains("control_d")
    }
}

/// Creates the daemon's directories (mode 0700) when missing.
enum Directories {
    static func create(_ path: String) throws {
        var built = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            built += "/" + component
            if mkdir(built, 0o700) != 0 && errno != EEXIST {
                throw XendConfigurationError("cannot create \(built): \(String(cString: strerror(errno)))")
            }
        }
    }
}
