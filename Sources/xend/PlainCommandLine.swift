/// The daemon's everyday command lines (`--backend auto`, the options tests and benchmarks pass) read
/// without swift-argument-parser, which costs about 40 % of the instructions from exec to the first
/// answer: the Swift runtime's first protocol-conformance lookups and generic metadata for every
/// property wrapper of ``XendOptions`` (docs/performance.md, "Start-up").
///
/// It takes a command line only when it is sure to read it as swift-argument-parser would: every
/// argument is one of ``XendOptions``' long names, written `--name value` or `--flag`, a value given
/// as its own argument that does not start with `-` and converts with the same initialiser the parser
/// uses, no single-valued option or flag twice, and ``XendOptions/validate()`` passes. Anything else
/// (help, `--version`, completion scripts, `--name=value`, unknown or repeated names, bad values) is
/// `nil`, and the parser reads it, with its messages and exit codes.
enum PlainCommandLine {
    /// The options of `arguments` (without the program name), or `nil` for swift-argument-parser.
    static func options(_ arguments: [String]) -> XendOptions? {
        var options = XendOptions.defaults
        var seen = Set<String>()
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let name = arguments[index]
            index += 1
            if setFlag(name, in: &options) {
                guard seen.insert(name).inserted else { return nil }
                continue
            }
            guard index < arguments.endIndex else { return nil }
            let value = arguments[index]
            guard !value.isEmpty, !value.hasPrefix("-") else { return nil }
            index += 1
            if !repeatable.contains(name) {
                guard seen.insert(name).inserted else { return nil }
            }
            guard set(name, value, in: &options) else { return nil }
        }
        do {
            try options.validate()
        } catch {
            return nil
        }
        return options
    }

    /// The long names of every flag and option it reads; a test checks them against ``XendOptions``.
    static let names: Set<String> = [
        "--no-unix", "--no-tcp", "--relocation-server", "--relocation-tls-server", "--relocation-tls", "--no-metrics",
        "--config", "--backend", "--unix-path", "--tcp-address", "--tcp-port", "--socket-group", "--hosts-allow",
        "--allowed-origins", "--allowed-hosts", "--tls-cert", "--tls-key", "--token-file", "--state-dir",
        "--save-dir", "--max-body", "--threads", "--max-connections", "--max-connections-per-peer",
        "--relocation-address", "--relocation-port", "--relocation-hosts-allow", "--relocation-secret-file",
        "--relocation-tls-cert", "--relocation-tls-key", "--relocation-tls-ca", "--relocation-tls-client-ca",
        "--daemon-log", "--minimum-restart-interval", "--log-level",
    ]

    /// Sets flag `name`; `false` when `name` is not a flag.
    private static func setFlag(_ name: String, in options: inout XendOptions) -> Bool {
        switch name {
        case "--no-unix": options.noUnix = true
        case "--no-tcp": options.noTcp = true
        case "--relocation-server": options.relocationServer = true
        case "--relocation-tls-server": options.relocationTlsServer = true
        case "--relocation-tls": options.relocationTls = true
        case "--no-metrics": options.noMetrics = true
        default: return false
        }
        return true
    }

    /// Options that may be given several times, each adding a value.
    private static let repeatable: Set<String> = [
        "--hosts-allow", "--allowed-origins", "--allowed-hosts", "--relocation-hosts-allow",
    ]

    /// Sets option `name` from `value` as the parser converts it (`Int(_:)`, `Double(_:)`, `init(rawValue:)`);
    /// `false` for an unknown name or a value that does not convert.
    private static func set(_ name: String, _ value: String, in options: inout XendOptions) -> Bool {
        switch name {
        case "--config": options.config = value
        case "--backend":
            guard let backend = BackendChoice(rawValue: value) else { return false }
            options.backend = backend
        case "--unix-path": options.unixPath = value
        case "--tcp-address": options.tcpAddress = value
        case "--tcp-port":
            guard let port = Int(value) else { return false }
            options.tcpPort = port
        case "--socket-group": options.socketGroup = value
        case "--hosts-allow": options.hostsAllow.append(value)
        case "--allowed-origins": options.allowedOrigins.append(value)
        case "--allowed-hosts": options.allowedHosts.append(value)
        case "--tls-cert": options.tlsCert = value
        case "--tls-key": options.tlsKey = value
        case "--token-file": options.tokenFile = value
        case "--state-dir": options.stateDir = value
        case "--save-dir": options.saveDir = value
        case "--max-body":
            guard let bytes = Int(value) else { return false }
            options.maxBody = bytes
        case "--threads":
            guard let threads = Int(value) else { return false }
            options.threads = threads
        case "--max-connections":
            guard let connections = Int(value) else { return false }
            options.maxConnections = connections
        case "--max-connections-per-peer":
            guard let connections = Int(value) else { return false }
            options.maxConnectionsPerPeer = connections
        case "--relocation-address": options.relocationAddress = value
        case "--relocation-port":
            guard let port = Int(value) else { return false }
            options.relocationPort = port
        case "--relocation-hosts-allow": options.relocationHostsAllow.append(value)
        case "--relocation-secret-file": options.relocationSecretFile = value
        case "--relocation-tls-cert": options.relocationTlsCert = value
        case "--relocation-tls-key": options.relocationTlsKey = value
        case "--relocation-tls-ca": options.relocationTlsCa = value
        case "--relocation-tls-client-ca": options.relocationTlsClientCa = value
        case "--daemon-log": options.daemonLog = value
        case "--minimum-restart-interval":
            guard let seconds = Double(value) else { return false }
            options.minimumRestartInterval = seconds
        case "--log-level":
            guard let level = LogLevelChoice(rawValue: value) else { return false }
            options.logLevel = level
        default: return false
        }
        return true
    }
}

extension XendOptions {
    /// Every option at its default, as swift-argument-parser leaves those a command line does not name.
    static var defaults: XendOptions {
        var options = XendOptions()
        options.config = nil
        options.backend = .auto
        options.unixPath = nil
        options.noUnix = false
        options.tcpAddress = nil
        options.tcpPort = nil
        options.noTcp = false
        options.socketGroup = nil
        options.hostsAllow = []
        options.allowedOrigins = []
        options.allowedHosts = []
        options.tlsCert = nil
        options.tlsKey = nil
        options.tokenFile = nil
        options.stateDir = nil
        options.saveDir = nil
        options.maxBody = nil
        options.threads = nil
        options.maxConnections = nil
        options.maxConnectionsPerPeer = nil
        options.relocationServer = false
        options.relocationAddress = nil
        options.relocationPort = nil
        options.relocationHostsAllow = []
        options.relocationSecretFile = nil
        options.relocationTlsServer = false
        options.relocationTls = false
        options.relocationTlsCert = nil
        options.relocationTlsKey = nil
        options.relocationTlsCa = nil
        options.relocationTlsClientCa = nil
        options.noMetrics = false
        options.daemonLog = nil
        options.minimumRestartInterval = nil
        options.logLevel = .info
        return options
    }
}
