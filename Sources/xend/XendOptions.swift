import ArgumentParser
import Logging
import XendServer

#if canImport(Glibc)
    import Glibc
#endif

/// Which host the daemon manages.
enum BackendChoice: String, ExpressibleByArgument, CaseIterable {
    /// libxl on a Xen dom0, otherwise the simulated host (the log says which and why).
    case auto
    /// The simulated host, anywhere.
    case simulated
    /// A real Xen host through libxl.
    case libxl
}

/// swift-log levels by name.
enum LogLevelChoice: String, ExpressibleByArgument, CaseIterable {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .info }
}

/// The daemon's flags; each overrides the matching `xend-config.sxp` key.
struct XendOptions: ParsableArguments {
    @Option(help: "Configuration file (default: $XEND_CONFIG, else /etc/xen/xend-config.sxp when it exists).")
    var config: String?

    @Option(help: "Host backend: auto, simulated or libxl.")
    var backend: BackendChoice = .auto

    @Option(help: "Unix socket path (xend-unix-path; default /var/lib/xend/xend-socket).")
    var unixPath: String?

    @Flag(help: "Do not serve the Unix socket (xend-unix-server no).")
    var noUnix = false

    @Option(help: "TCP listen address (xend-address; default 127.0.0.1).")
    var tcpAddress: String?

    @Option(help: "TCP port, 0 for any free port (xend-port; default 8000).")
    var tcpPort: Int?

    @Flag(help: "Do not serve TCP (xend-http-server no).")
    var noTcp = false

    @Option(help: "Group allowed to use the Unix socket (mode 0660 instead of 0600).")
    var socketGroup: String?

    @Option(help: "Regular expression a TCP peer address must match; repeat for several (xend-hosts-allow).")
    var hostsAllow: [String] = []

    @Option(
        help:
            "Web origin besides the daemon's own whose pages may send requests; repeat for several (xend-allowed-origins)."
    )
    var allowedOrigins: [String] = []

    @Option(
        help: "Name a TCP Host header may carry besides this machine's own; repeat for several (xend-allowed-hosts).")
    var allowedHosts: [String] = []

    @Option(help: "PEM certificate for TLS on TCP (with --tls-key).")
    var tlsCert: String?

    @Option(help: "PEM private key for TLS on TCP (with --tls-cert).")
    var tlsKey: String?

    @Option(help: "File holding a bearer token that TCP requests must present.")
    var tokenFile: String?

    @Option(help: "State directory for managed domains and the simulated host (default /var/lib/xend/domains).")
    var stateDir: String?

    @Option(help: "The only directory save, restore and dump may use (default /var/lib/xend/save).")
    var saveDir: String?

    @Option(help: "Largest request body in bytes; larger gets 413 (default 1048576).")
    var maxBody: Int?

    @Option(help: "Worker threads per listener (default: twice the cpu count).")
    var threads: Int?

    @Option(help: "Connections open at once per listener (default 1024).")
    var maxConnections: Int?

    @Option(
        help: """
            Connections open at once from one TCP peer address; 0 for no limit (default 64). \
            Connections still closing count too, so clients that open one per request need headroom.
            """)
    var maxConnectionsPerPeer: Int?

    @Flag(help: "Receive migrations from other hosts (xend-relocation-server yes).")
    var relocationServer = false

    @Option(help: "Relocation server address, '' for every interface (xend-relocation-address; default 127.0.0.1).")
    var relocationAddress: String?

    @Option(help: "Relocation port, 0 for any free port (xend-relocation-port; default 8002).")
    var relocationPort: Int?

    @Option(
        help:
            "Regular expression a migrating peer's address must match; repeat for several (xend-relocation-hosts-allow)."
    )
    var relocationHostsAllow: [String] = []

    @Option(
        help: "File holding the secret migrating peers must prove they share, root-only (xend-relocation-secret-file).")
    var relocationSecretFile: String?

    @Flag(help: "The relocation server accepts TLS only (xend-relocation-ssl-server yes).")
    var relocationTlsServer = false

    @Flag(help: "Migrate to other hosts over TLS, verifying their certificate (xend-relocation-ssl yes).")
    var relocationTls = false

    @Option(
        help:
            "PEM certificate of the relocation server, also shown to receivers that check senders (xend-relocation-server-ssl-cert-file; default --tls-cert)."
    )
    var relocationTlsCert: String?

    @Option(help: "PEM private key of --relocation-tls-cert (xend-relocation-server-ssl-key-file; default --tls-key).")
    var relocationTlsKey: String?

    @Option(
        help:
            "PEM certificates a destination's certificate must chain to (xend-relocation-ssl-ca-file; default: the system's)."
    )
    var relocationTlsCa: String?

    @Option(
        help:
            "PEM certificates a sender's certificate must chain to; senders must show one (xend-relocation-ssl-client-ca-file)."
    )
    var relocationTlsClientCa: String?

    @Flag(help: "Do not serve GET /metrics (xend-metrics no).")
    var noMetrics = false

    @Option(help: "File the daemon appends its log to; GET /xend/node/log serves it (default: none).")
    var daemonLog: String?

    @Option(
        help: ArgumentHelp(
            "Seconds a domain must have run before a reboot or crash restarts it (default 60, as xend).",
            discussion: "A domain stopping sooner is destroyed instead, so a guest that fails at boot cannot loop."))
    var minimumRestartInterval: Double?

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: LogLevelChoice = .info

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if (relocationTlsCert == nil) != (relocationTlsKey == nil) {
            throw ValidationError("--relocation-tls-cert and --relocation-tls-key go together")
        }
        if let tcpPort, !(0...65535).contains(tcpPort) { throw ValidationError("--tcp-port must be 0 to 65535") }
        if let relocationPort, !(0...65535).contains(relocationPort) {
            throw ValidationError("--relocation-port must be 0 to 65535")
        }
        if let maxBody, maxBody < 0 { throw ValidationError("--max-body must not be negative") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections must be at least 1") }
        if let maxConnectionsPerPeer, maxConnectionsPerPeer < 0 {
            throw ValidationError("--max-connections-per-peer must not be negative")
        }
        if let minimumRestartInterval, !(minimumRestartInterval >= 0) {
            throw ValidationError("--minimum-restart-interval must be a number of seconds, 0 or more")
        }
    }

    /// Defaults, then the configuration file, then these flags.
    func configuration() throws(XendConfigurationError) -> XendConfiguration {
        var configuration = XendConfiguration()
        if let path = config ?? environment("XEND_CONFIG") {
            try configuration.apply(filePath: path)
        } else if access(XendConfiguration.defaultFilePath, R_OK) == 0 {
            try configuration.apply(filePath: XendConfiguration.defaultFilePath)
        }
        if let unixPath { configuration.unixPath = unixPath }
        if noUnix { configuration.unixServer = false }
        if let tcpAddress { configuration.tcpAddress = tcpAddress }
        if let tcpPort { configuration.tcpPort = tcpPort }
        if noTcp { configuration.httpServer = false }
        if let socketGroup { configuration.socketGroup = socketGroup }
        if !hostsAllow.isEmpty { configuration.hostsAllow = hostsAllow }
        if !allowedOrigins.isEmpty { configuration.allowedOrigins = allowedOrigins }
        if !allowedHosts.isEmpty { configuration.allowedHosts = allowedHosts }
        if let tlsCert { configuration.tlsCertificatePath = tlsCert }
        if let tlsKey { configuration.tlsKeyPath = tlsKey }
        if let tokenFile { configuration.tokenFile = tokenFile }
        if let stateDir { configuration.stateDirectory = stateDir }
        if let saveDir { configuration.saveDirectory = saveDir }
        if let maxBody { configuration.maximumBodySize = maxBody }
        if let threads { configuration.threads = threads }
        if let maxConnections { configuration.connectionLimit = maxConnections }
        if let maxConnectionsPerPeer { configuration.perPeerConnectionLimit = maxConnectionsPerPeer }
        if relocationServer { configuration.relocationServer = true }
        if let relocationAddress { configuration.relocationAddress = relocationAddress }
        if let relocationPort { configuration.relocationPort = relocationPort }
        if !relocationHostsAllow.isEmpty { configuration.relocationHostsAllow = relocationHostsAllow }
        if let relocationSecretFile { configuration.relocationSecretFile = relocationSecretFile }
        if relocationTlsServer { configuration.relocationTLSServer = true }
        if relocationTls { configuration.relocationTLS = true }
        if let relocationTlsCert { configuration.relocationCertificatePath = relocationTlsCert }
        if let relocationTlsKey { configuration.relocationKeyPath = relocationTlsKey }
        if let relocationTlsCa { configuration.relocationCAPath = relocationTlsCa }
        if let relocationTlsClientCa { configuration.relocationClientCAPath = relocationTlsClientCa }
        if noMetrics { configuration.metrics = false }
        return configuration
    }

    private func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
