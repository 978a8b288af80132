import Hypervisor
import XendHTTP

#if canImport(Glibc)
    import Glibc
#endif

extension XendConfiguration {
    /// The engine configuration: the configured listeners, or the sockets systemd passed (`inherited`),
    /// TLS, token, hosts-allow and limits.
    /// - Throws: `XendConfigurationError` when no listener is left, TLS is half configured, a port is out
    ///   of range, or the token file cannot be read or is empty.
    public func serverConfiguration(inherited: [HTTPServerConfiguration.Listener] = [])
        throws(XendConfigurationError) -> HTTPServerConfiguration
    {
        var server = HTTPServerConfiguration()
        if inherited.isEmpty {
            var listeners: [HTTPServerConfiguration.Listener] = []
            if unixServer { listeners.append(.unix(path: unixPath, group: socketGroup)) }
            if httpServer {
                guard (0...65535).contains(tcpPort) else {
                    throw XendConfigurationError("TCP port out of range: \(tcpPort)")
                }
                listeners.append(.tcp(host: tcpAddress, port: tcpPort))
            }
            server.listeners = listeners
        } else {
            server.listeners = inherited
        }
        guard !server.listeners.isEmpty else {
            throw XendConfigurationError("no listener: both the Unix socket and TCP are turned off")
        }
        switch (tlsCertificatePath, tlsKeyPath) {
        case (nil, nil): break
        case (let certificate?, let key?):
            server.tls = .init(privateKey: try Self.readPEM(key), certificate: try Self.readPEM(certificate))
        default: throw XendConfigurationError("TLS needs both --tls-cert and --tls-key")
        }
        if let tokenFile { server.bearerToken = try Self.readToken(tokenFile) }
        server.hostsAllow = hostsAllow
        server.allowedOrigins = allowedOrigins
        server.allowedHosts = allowedHosts
        guard maximumBodySize >= 0 else { throw XendConfigurationError("--max-body must not be negative") }
        server.maximumBodySize = maximumBodySize
        if let threads {
            guard threads >= 1 else { throw XendConfigurationError("--threads must be at least 1") }
            server.threadPoolSize = threads
        }
        if let connectionLimit {
            guard connectionLimit >= 1 else { throw XendConfigurationError("--max-connections must be at least 1") }
            server.connectionLimit = connectionLimit
        }
        if let perPeerConnectionLimit {
            guard perPeerConnectionLimit >= 0 else {
                throw XendConfigurationError("--max-connections-per-peer must not be negative")
            }
            server.perIPConnectionLimit = perPeerConnectionLimit
        }
        return server
    }

    /// The router settings for this configuration, naming `tcpPort` in `Location` headers.
    public var routerSettings: RouterSettings {
        var settings = RouterSettings()
        settings.saveDirectory = saveDirectory
        settings.relocationPort = relocationPort
        settings.tcpPort = tcpPort
        return settings
    }

    /// The first line of `path`, trimmed.
    /// A PEM file's text (`--tls-key`, `--tls-cert`), read whole at start.
    static func readPEM(_ path: String) throws(XendConfigurationError) -> String {
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.readAll(path)
        } catch {
            throw XendConfigurationError("cannot read TLS file \(error.description)")
        }
        guard let text = String(validating: bytes, as: UTF8.self), text.contains("-----BEGIN") else {
            throw XendConfigurationError("\(path) is not a PEM file")
        }
        return text
    }

    static func readToken(_ path: String) throws(XendConfigurationError) -> String {
        guard let file = fopen(path, "r") else {
            throw XendConfigurationError("cannot read token file \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 4096)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else {
            throw XendConfigurationError("token file \(path) is empty")
        }
        let length = buffer.firstIndex(of: 0) ?? buffer.count
        let line = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let token = line.trimmingCharacters(in: [" ", "\t", "\r", "\n"])
        guard !token.isEmpty else { throw XendConfigurationError("token file \(path) is empty") }
        return token
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
