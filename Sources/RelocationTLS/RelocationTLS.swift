public import Hypervisor
import NIOSSL
public import XendModel

#if canImport(Glibc)
    import Glibc
#endif

/// The relocation server's TLS (`xend-relocation-ssl-server`): its certificate and key, and optionally the
/// CA whose certificates senders must present. Loaded once at start, so bad files stop the daemon there.
public struct RelocationTLSServer: Sendable, Equatable {
    private let context: NIOSSLContext
    /// The files it was made from, which make two servers equal.
    private let files: [String?]
    /// Whether senders must present a certificate signed by the client CA.
    public let verifiesSenders: Bool

    /// How long a sender may take to complete the handshake.
    public static let handshakeSeconds = 10

    /// - Parameters:
    ///   - certificateFile: PEM certificate chain, this host's first.
    ///   - keyFile: PEM private key.
    ///   - clientCAFile: PEM certificates; when set, a sender must present a certificate they sign.
    /// - Throws: ``RelocationTLSError`` naming the file that cannot be used.
    public init(certificateFile: String, keyFile: String, clientCAFile: String? = nil) throws(RelocationTLSError) {
        let chain = try RelocationTLSError.loading(certificateFile) { try NIOSSLCertificate.fromPEMFile($0) }
        let key = try RelocationTLSError.loading(keyFile) { try NIOSSLPrivateKey(file: $0, format: .pem) }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv13
        if let clientCAFile {
            let roots = try RelocationTLSError.loading(clientCAFile) { try NIOSSLCertificate.fromPEMFile($0) }
            configuration.trustRoots = .certificates(roots)
            // A server cannot check a client's host name; the CA's signature is the check.
            configuration.certificateVerification = .noHostnameVerification
        }
        context = try RelocationTLSError.making { try NIOSSLContext(configuration: configuration) }
        verifiesSenders = clientCAFile != nil
        files = [certificateFile, keyFile, clientCAFile]
    }

    public static func == (left: RelocationTLSServer, right: RelocationTLSServer) -> Bool {
        left.files == right.files
    }

    /// Runs the server's handshake on `descriptor`, an accepted connection the relay then owns, and returns
    /// the channel the backend receives over (the clear end of the relay).
    /// - Throws: `Migration failed: TLS handshake with <peer> failed: <reason>`.
    public func accept(descriptor: Int32, peer: String) throws(XendError) -> MigrationChannel {
        let context = context
        return try TLSRelay.start(
            descriptor: descriptor, peerLabel: "sender \(peer)", handshakeSeconds: Self.handshakeSeconds
        ) { NIOSSLServerHandler(context: context) }
    }

    /// The first byte of a TLS connection (a handshake record); a sender in clear starts with `r` (`receive`).
    public static let handshakeRecordType: UInt8 = 0x16
}

/// `op=migrate` over TLS (`xend-relocation-ssl`): connects as ``PlainMigrationConnector`` does, then
/// verifies the relocation server's certificate (against the CA file, or the system's roots, and the
/// host name or address the migration was sent to) before a byte of the conversation is sent, and presents
/// this host's certificate when the receiver asks for one. The backend gets the clear end of a
/// ``TLSRelay``, so libxl's stream is encrypted like the simulated host's.
public struct TLSMigrationConnector: MigrationConnector {
    private let context: NIOSSLContext

    /// How long the relocation server may take to complete the handshake.
    public static let handshakeSeconds = 30

    /// - Parameters:
    ///   - trustedCertificatesFile: PEM certificates the receiver's must chain to (a CA, or the receiver's
    ///     own self-signed certificate); `nil` for the system's trust store.
    ///   - certificateFile: PEM certificate presented to receivers that check senders (with `keyFile`).
    ///   - keyFile: its PEM private key.
    /// - Throws: ``RelocationTLSError`` naming the file that cannot be used.
    public init(trustedCertificatesFile: String?, certificateFile: String? = nil, keyFile: String? = nil)
        throws(RelocationTLSError)
    {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv13
        configuration.certificateVerification = .fullVerification
        if let trustedCertificatesFile {
            let roots = try RelocationTLSError.loading(trustedCertificatesFile) {
                try NIOSSLCertificate.fromPEMFile($0)
            }
            configuration.trustRoots = .certificates(roots)
        }
        if let certificateFile, let keyFile {
            let chain = try RelocationTLSError.loading(certificateFile) { try NIOSSLCertificate.fromPEMFile($0) }
            let key = try RelocationTLSError.loading(keyFile) { try NIOSSLPrivateKey(file: $0, format: .pem) }
            configuration.certificateChain = chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(key)
        }
        context = try RelocationTLSError.making { try NIOSSLContext(configuration: configuration) }
    }

    public func connect(to host: String, port: Int) throws(XendError) -> MigrationChannel {
        let tcp = try MigrationChannel.connect(to: host, port: port)
        return try handshake(over: tcp.descriptor, host: host, port: port)
    }

    /// The client's handshake over `descriptor`, a connected socket the relay then owns.
    /// - Throws: `Migration failed: …`: the receiver's own `error` line when it answered in clear (it
    ///   does not use TLS, or refused this host before the handshake), otherwise the handshake's failure.
    public func handshake(over descriptor: Int32, host: String, port: Int) throws(XendError) -> MigrationChannel {
        let context = context
        // Certificates name hosts in SNI; an address is checked against the certificate's IP entries instead.
        let serverName = Self.isAddress(host) ? nil : host
        let label = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return try TLSRelay.start(
            descriptor: descriptor, peerLabel: "relocation server \(label)", handshakeSeconds: Self.handshakeSeconds
        ) { try NIOSSLClientHandler(context: context, serverHostname: serverName) }
    }

    static func isAddress(_ host: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET, host, &address) == 1 || inet_pton(AF_INET6, host, &address) == 1
    }
}

/// A TLS file or setting the daemon cannot use.
public struct RelocationTLSError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the file.
    public let message: String

    public var description: String { message }

    static func loading<T>(_ path: String, _ load: (String) throws -> T) throws(RelocationTLSError) -> T {
        do {
            return try load(path)
        } catch {
            throw RelocationTLSError(message: "cannot use \(path): \(TLSFailure.describe(error))")
        }
    }

    static func making<T>(_ make: () throws -> T) throws(RelocationTLSError) -> T {
        do {
            return try make()
        } catch {
            throw RelocationTLSError(message: "the TLS settings do not fit together: \(TLSFailure.describe(error))")
        }
    }
}
