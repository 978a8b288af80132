public import Hypervisor
public import RelocationTLS

/// The daemon's settings: the original's `xend-config.sxp` keys that still mean something, plus this
/// daemon's own (TLS, token, directories, limits). Built from defaults, then the file, then flags.
///
/// Defaults differ from the original on purpose: both listeners are on (the original turned both off
/// unless configured), TCP listens on loopback only, and the body cap is 1 MiB instead of 10 000 bytes.
public struct XendConfiguration: Sendable, Equatable {
    /// `xend-unix-server`: serve the Unix socket.
    public var unixServer = true
    /// `xend-unix-path`.
    public var unixPath = "/var/lib/xend/xend-socket"
    /// Group that may use the Unix socket (mode 0660 then; 0600 otherwise).
    public var socketGroup: String? = nil
    /// `xend-http-server`: serve TCP.
    public var httpServer = true
    /// `xend-address`: where TCP listens; the original's `''` (every interface) must be asked for.
    public var tcpAddress = "127.0.0.1"
    /// `xend-port`.
    public var tcpPort = 8000
    /// `xend-hosts-allow`: regular expressions a TCP peer's address must match (empty: everyone allowed).
    public var hostsAllow: [String] = []
    /// `xend-allowed-origins`: web origins besides the daemon's own that may send requests (a reverse proxy's).
    public var allowedOrigins: [String] = []
    /// `xend-allowed-hosts`: names a TCP `Host` header may carry besides this machine's own.
    public var allowedHosts: [String] = []
    /// `dom0-min-mem` in MiB: the least memory Domain-0 keeps when memory is given to guests.
    public var dom0MinimumMemoryMiB: Int? = nil
    /// `xend-relocation-port`: where the relocation server listens, and the destination port op=migrate
    /// tries when a request says `port=0`.
    public var relocationPort = 8002
    /// `xend-relocation-server`: receive migrations (off by default, as in the original).
    public var relocationServer = false
    /// `xend-relocation-address`: where the relocation server listens; the original's `''` (every
    /// interface) must be asked for.
    public var relocationAddress = "127.0.0.1"
    /// `xend-relocation-hosts-allow`: regular expressions a migrating peer's address must match (empty: everyone).
    public var relocationHostsAllow: [String] = []
    /// `xend-relocation-secret-file`: a file, readable by root only, holding the secret both ends of a
    /// migration share; when set, peers must prove they hold it and `op=migrate` proves it to them.
    public var relocationSecretFile: String? = nil
    /// `xend-relocation-ssl-server`: the relocation server accepts TLS only (clear senders are refused).
    public var relocationTLSServer = false
    /// `xend-relocation-ssl`: op=migrate speaks TLS to the destination and verifies its certificate.
    public var relocationTLS = false
    /// `xend-relocation-server-ssl-cert-file`: the relocation server's PEM certificate, also presented by
    /// op=migrate to receivers that check senders; `tlsCertificatePath` when unset.
    public var relocationCertificatePath: String? = nil
    /// `xend-relocation-server-ssl-key-file`: its PEM private key; `tlsKeyPath` when unset.
    public var relocationKeyPath: String? = nil
    /// `xend-relocation-ssl-ca-file`: PEM certificates a destination's certificate must chain to (a CA, or
    /// the destination's own self-signed certificate); the system's trust store when unset.
    public var relocationCAPath: String? = nil
    /// `xend-relocation-ssl-client-ca-file`: when set, senders must present a certificate these PEM
    /// certificates sign (the relocation server asks for one).
    public var relocationClientCAPath: String? = nil
    /// PEM certificate for TLS on TCP; set together with `tlsKeyPath`.
    public var tlsCertificatePath: String? = nil
    /// PEM private key for TLS on TCP; set together with `tlsCertificatePath`.
    public var tlsKeyPath: String? = nil
    /// A file holding the bearer token TCP requests must present.
    public var tokenFile: String? = nil
    /// Where managed domains and the simulated host's state are kept.
    public var stateDirectory = "/var/lib/xend/domains"
    /// The only directory save, restore and dump may use.
    public var saveDirectory = "/var/lib/xend/save"
    /// Largest request body accepted (413 beyond).
    public var maximumBodySize = 1 << 20
    /// Worker threads per listener; `nil` for the engine's default (twice the cpu count).
    public var threads: Int? = nil
    /// Connections open at once per listener; `nil` for the engine's default.
    public var connectionLimit: Int? = nil
    /// Connections open at once from one TCP peer address (0: no limit); `nil` for the engine's default.
    public var perPeerConnectionLimit: Int? = nil
    /// `xend-metrics`: serve `GET /metrics` in the Prometheus text format (this daemon's own key).
    public var metrics = true
    /// Where settings came from that this daemon does not use, for the log.
    public var notes: [String] = []

    /// The defaults.
    public init() {}

    /// Why the TCP listener is exposed, or `nil`: it listens beyond loopback with neither a hosts-allow
    /// list nor a token, so anyone who reaches it controls the host (the original's situation).
    public var exposureWarning: String? {
        guard httpServer, !["127.0.0.1", "::1", "localhost"].contains(tcpAddress), hostsAllow.isEmpty,
            tokenFile == nil
        else { return nil }
        let address = tcpAddress.isEmpty ? "every interface" : tcpAddress
        return "TCP listens on \(address) without --hosts-allow or --token-file: anyone who can reach port "
            + "\(tcpPort) controls this host"
    }

    /// Why the relocation server is exposed, or `nil`: it listens beyond loopback with neither
    /// `xend-relocation-hosts-allow` nor `xend-relocation-secret-file`, so anyone who reaches it can start
    /// guests on this host.
    public var relocationExposureWarning: String? {
        guard relocationServer, !["127.0.0.1", "::1", "localhost"].contains(relocationAddress),
            relocationHostsAllow.isEmpty, relocationSecretFile == nil, relocationClientCAPath == nil
        else { return nil }
        let address = relocationAddress.isEmpty ? "every interface" : relocationAddress
        return "the relocation server listens on \(address) without --relocation-hosts-allow or "
            + "--relocation-secret-file: anyone who can reach port \(relocationPort) can start guests on this host"
    }

    /// The relocation secret `xend-relocation-secret-file` names, read and checked, or `nil` when none is set.
    /// - Throws: `XendConfigurationError` when the file cannot be read, is too short, or others may read it.
    public func relocationSecret() throws(XendConfigurationError) -> MigrationSecret? {
        guard let relocationSecretFile else { return nil }
        do {
            return try MigrationSecret(contentsOfFile: relocationSecretFile)
        } catch {
            throw XendConfigurationError("xend-relocation-secret-file: \(error.message)")
        }
    }

    /// The relocation server's TLS (`xend-relocation-ssl-server`), its files read and checked, or `nil` when
    /// it speaks in clear.
    /// - Throws: `XendConfigurationError` when no certificate and key are configured or a file is unusable.
    public func relocationTLSCredentials() throws(XendConfigurationError) -> RelocationTLSServer? {
        guard relocationTLSServer else {
            guard relocationClientCAPath == nil else {
                throw XendConfigurationError("xend-relocation-ssl-client-ca-file needs xend-relocation-ssl-server")
            }
            return nil
        }
        guard let certificate = relocationCertificatePath ?? tlsCertificatePath,
            let key = relocationKeyPath ?? tlsKeyPath
        else {
            throw XendConfigurationError(
                "xend-relocation-ssl-server needs a certificate and key: xend-relocation-server-ssl-cert-file and "
                    + "xend-relocation-server-ssl-key-file (--relocation-tls-cert, --relocation-tls-key), "
                    + "or --tls-cert and --tls-key")
        }
        do {
            return try RelocationTLSServer(
                certificateFile: certificate, keyFile: key, clientCAFile: relocationClientCAPath)
        } catch {
            throw XendConfigurationError("xend-relocation-ssl-server: \(error.message)")
        }
    }

    /// How op=migrate reaches destinations: TLS with `xend-relocation-ssl` (presenting the relocation
    /// certificate when one is configured), plain TCP otherwise.
    /// - Throws: `XendConfigurationError` when a TLS file is unusable.
    public func relocationConnector() throws(XendConfigurationError) -> any MigrationConnector {
        guard relocationTLS else { return PlainMigrationConnector() }
        let certificate = relocationCertificatePath ?? tlsCertificatePath
        let key = relocationKeyPath ?? tlsKeyPath
        do {
            return try TLSMigrationConnector(
                trustedCertificatesFile: relocationCAPath, certificateFile: certificate, keyFile: key)
        } catch {
            throw XendConfigurationError("xend-relocation-ssl: \(error.message)")
        }
    }

    /// The relocation server's settings, or `nil` when it is off. Its ``RelocationServer/Configuration/secret``
    /// and ``RelocationServer/Configuration/tls`` are left for the caller to fill from ``relocationSecret()``
    /// and ``relocationTLSCredentials()``.
    public var relocationServerConfiguration: RelocationServer.Configuration? {
        guard relocationServer else { return nil }
        var configuration = RelocationServer.Configuration()
        configuration.address = relocationAddress
        configuration.port = relocationPort
        configuration.hostsAllow = relocationHostsAllow
        return configuration
    }
}

/// A configuration file or value the daemon cannot use; the message names the key or line.
public struct XendConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
