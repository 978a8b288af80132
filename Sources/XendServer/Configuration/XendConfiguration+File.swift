import Hypervisor
import SExpression

#if canImport(Glibc)
    import Glibc
#endif

extension XendConfiguration {
    /// Where the original looked for its configuration (`XEND_CONFIG` overrode it).
    public static let defaultFilePath = "/etc/xen/xend-config.sxp"

    /// Keys of the original that configure things this daemon does not do; read and reported, not used.
    static let ignoredKeys: Set<String> = [
        "xend-tcp-xmlrpc-server", "xend-unix-xmlrpc-server", "xend-tcp-xmlrpc-server-address",
        "xend-tcp-xmlrpc-server-port", "xend-tcp-xmlrpc-server-ssl-key-file",
        "xend-tcp-xmlrpc-server-ssl-cert-file", "xen-api-server", "logfile", "loglevel", "network-script",
        "vif-script", "dom0-cpus", "enable-dump", "vncpasswd", "vnc-listen", "vnc-tls", "vnc-x509-cert-dir",
        "vnc-x509-verify", "keymap", "resource-label-change-script", "xend-domain-lock", "xend-domain-lock-path",
        "xend-domain-lock-utility", "external-migration-tool", "device-create-timeout", "device-destroy-timeout",
        "console-limit", "xend-storage-path", "xend-state-path", "xend-security-module", "xend-debug",
        "xend-http-server-address", "xend-unix-xmlrpc-server-path", "dom0-min-space",
    ]

    /// Applies the `(option value)` forms of a `xend-config.sxp` text over this configuration.
    /// - Throws: `XendConfigurationError` for text that does not parse, a form that is not `(option value)`,
    ///   or a value of the wrong type (`expected bool`, `expected int`).
    public mutating func apply(fileText text: String, source: String) throws(XendConfigurationError) {
        let forms: [SExpression]
        do {
            forms = try SExpression.parseAll(text)
        } catch {
            throw XendConfigurationError("\(source): \(error.message)")
        }
        for form in forms {
            guard let key = form.head, let elements = form.listValue else {
                throw XendConfigurationError("\(source): expected (option value), found \(form)")
            }
            let values = elements.dropFirst().compactMap(\.atomValue)
            guard values.count == elements.count - 1, values.count <= 1 else {
                throw XendConfigurationError("\(source): expected (option value), found \(form)")
            }
            try apply(key: key, value: values.first ?? "", source: source)
        }
    }

    /// Reads `path` and applies it.
    /// - Throws: `XendConfigurationError` when the file cannot be read or is invalid.
    public mutating func apply(filePath path: String) throws(XendConfigurationError) {
        let bytes: [UInt8]
        do throws(AtomicFile.Failure) {
            bytes = try AtomicFile.readAll(path)
        } catch {
            throw XendConfigurationError("cannot read \(path): \(error.reason)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw XendConfigurationError("\(path): not UTF-8 text")
        }
        try apply(fileText: text, source: path)
    }

    private mutating func apply(key: String, value: String, source: String) throws(XendConfigurationError) {
        switch key {
        case "xend-unix-server": unixServer = try Self.bool(key, value, source)
        case "xend-unix-path": unixPath = value
        case "xend-http-server": httpServer = try Self.bool(key, value, source)
        case "xend-port": tcpPort = try Self.int(key, value, source)
        case "xend-address":
            tcpAddress = value
            if value.isEmpty { notes.append("\(source): (xend-address '') listens on every interface") }
        case "xend-hosts-allow": hostsAllow = value.split(separator: " ").map(String.init)
        case "xend-allowed-origins": allowedOrigins = value.split(separator: " ").map(String.init)
        case "xend-allowed-hosts": allowedHosts = value.split(separator: " ").map(String.init)
        case "dom0-min-mem": dom0MinimumMemoryMiB = try Self.int(key, value, source)
        case "xend-relocation-port": relocationPort = try Self.int(key, value, source)
        case "xend-relocation-server": relocationServer = try Self.bool(key, value, source)
        case "xend-relocation-address":
            relocationAddress = value
            if value.isEmpty { notes.append("\(source): (xend-relocation-address '') listens on every interface") }
        case "xend-relocation-hosts-allow": relocationHostsAllow = value.split(separator: " ").map(String.init)
        case "xend-relocation-secret-file": relocationSecretFile = value.isEmpty ? nil : value
        case "xend-relocation-ssl-server": relocationTLSServer = try Self.bool(key, value, source)
        case "xend-relocation-ssl": relocationTLS = try Self.bool(key, value, source)
        case "xend-relocation-server-ssl-cert-file": relocationCertificatePath = value.isEmpty ? nil : value
        case "xend-relocation-server-ssl-key-file": relocationKeyPath = value.isEmpty ? nil : value
        case "xend-relocation-ssl-ca-file": relocationCAPath = value.isEmpty ? nil : value
        case "xend-relocation-ssl-client-ca-file": relocationClientCAPath = value.isEmpty ? nil : value
        case "xend-metrics": metrics = try Self.bool(key, value, source)
        case "xend-relocation-ssl-port":
            notes.append(
                "\(source): \(key) ignored: xend-relocation-ssl-server makes xend-relocation-port itself TLS-only")
        case _ where key.hasPrefix("xend-relocation-"):
            notes.append("\(source): unknown relocation option \(key) ignored")
        case _ where Self.ignoredKeys.contains(key):
            notes.append("\(source): \(key) ignored: not used by this daemon")
        default:
            notes.append("\(source): unknown option \(key) ignored")
        }
    }

    /// The original's `get_config_bool`: `yes y 1 on true t` and `no n 0 off false f`, any case.
    static func bool(_ key: String, _ value: String, _ source: String) throws(XendConfigurationError) -> Bool {
        switch value.lowercased() {
        case "yes", "y", "1", "on", "true", "t": return true
        case "no", "n", "0", "off", "false", "f": return false
        default: throw XendConfigurationError("\(source): invalid xend config \(key): expected bool: \(value)")
        }
    }

    static func int(_ key: String, _ value: String, _ source: String) throws(XendConfigurationError) -> Int {
        guard let number = PythonInteger.parse(value) else {
            throw XendConfigurationError("\(source): invalid xend config \(key): expected int: \(value)")
        }
        return number
    }
}
