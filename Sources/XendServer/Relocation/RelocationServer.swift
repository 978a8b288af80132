public import Hypervisor
public import Logging
public import RelocationTLS
import Synchronization
import XendHTTP
import XendModel

#if canImport(Glibc)
    import Glibc
#endif

/// xend's relocation server (`xend-relocation-server`): receives the domains other hosts' `op=migrate`
/// sends, over the conversation ``Hypervisor/MigrationChannel`` describes. Not HTTP: a TCP listener of its
/// own, on `xend-relocation-port` (8002), guarded by `xend-relocation-hosts-allow` (checked before a
/// byte is read) and, when configured, by `xend-relocation-secret-file` (the peer proves the secret).
/// With `xend-relocation-ssl-server` the whole conversation, the guest included, runs inside TLS
/// (`Sources/RelocationTLS/`), and a sender in clear is refused with an `error` line in clear; without it,
/// a sender that opens with a TLS handshake is refused the same way, so neither side waits for the other.
///
/// One detached thread accepts; each connection gets a thread of its own, since a migration blocks for as
/// long as the guest's memory takes to arrive. At most ``Configuration/maximumMigrations`` run at once;
/// more are refused with an `error` line.
public final class RelocationServer: Sendable {
    /// Where and for whom the server listens.
    public struct Configuration: Sendable, Equatable {
        /// `xend-relocation-address`: a numeric address or host name; empty for every interface.
        public var address = "127.0.0.1"
        /// `xend-relocation-port`; 0 for any free port (tests).
        public var port = MigrationChannel.defaultPort
        /// `xend-relocation-hosts-allow`: regular expressions a peer's address must match (empty: everyone).
        public var hostsAllow: [String] = []
        /// Migrations received at once.
        public var maximumMigrations = 4
        /// `xend-relocation-secret-file`: when set, a peer must prove it holds this secret (and this host
        /// proves it back) before the guest is read; peers without it are refused.
        public var secret: MigrationSecret? = nil
        /// `xend-relocation-ssl-server`: the certificate, key and optional client CA; `nil` speaks in clear.
        public var tls: RelocationTLSServer? = nil

        public init() {}
    }

    /// How long a new connection may take to send its request line.
    static let requestTimeoutSeconds = 10
    /// The port the server listens on (the one the kernel chose when asked for 0).
    public let port: Int
    /// `address:port`, for the log.
    public let name: String
    private let listener: Int32
    private let backend: any Hypervisor
    private let hostsAllow: HostsAllowList
    private let logger: Logger
    private let maximumMigrations: Int
    private let secret: MigrationSecret?
    private let tls: RelocationTLSServer?
    private let running = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    /// Binds the listener and starts accepting.
    /// - Throws: `XendConfigurationError` when the address cannot be bound or a pattern is not a regular
    ///   expression.
    public init(configuration: Configuration, backend: any Hypervisor, logger: Logger) throws(XendConfigurationError) {
        do {
            hostsAllow = try HostsAllowList(patterns: configuration.hostsAllow)
        } catch {
            throw XendConfigurationError("xend-relocation-hosts-allow: \(error)")
        }
        let socket: ListenSocket
        do {
            socket = try ListenSocket.tcp(host: configuration.address, port: configuration.port)
        } catch {
            throw XendConfigurationError("relocation server: \(error)")
        }
        // The HTTP engine's listeners are non-blocking for MHD; this one blocks in `accept`.
        _ = fcntl(socket.fileDescriptor, F_SETFL, fcntl(socket.fileDescriptor, F_GETFL) & ~O_NONBLOCK)
        listener = socket.fileDescriptor
        port = socket.port ?? configuration.port
        let shown = configuration.address.isEmpty ? "*" : configuration.address
        let scheme = configuration.tls == nil ? "relocation" : "relocation (TLS)"
        name = shown.contains(":") ? "\(scheme) [\(shown)]:\(port)" : "\(scheme) \(shown):\(port)"
        self.backend = backend
        self.logger = logger
        maximumMigrations = max(1, configuration.maximumMigrations)
        secret = configuration.secret
        tls = configuration.tls
        do throws(XendError) {
            try DetachedThread.start(name: "xend-relocation") { [self] in acceptLoop() }
        } catch {
            Glibc.close(listener)
            throw XendConfigurationError(error.message)
        }
    }

    /// Stops accepting; migrations under way finish on their own threads.
    public func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
    }

    private func acceptLoop() {
        while true {
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let connection = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    accept(listener, $0, &length)
                }
            }
            if stopped.load(ordering: .acquiring) {
                if connection >= 0 { Glibc.close(connection) }
                Glibc.close(listener)
                return
            }
            guard connection >= 0 else {
                if errno != EINTR && errno != ECONNABORTED {
                    logger.error("relocation server: accept failed: \(AtomicFile.errorText())")
                    usleep(100_000)  // a full file table: do not spin
                }
                continue
            }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)  // Glibc's module does not export accept4
            let peer = Self.numericHost(&address, length)
            serve(MigrationChannel(descriptor: connection), peer: peer)
        }
    }

    /// Checks the peer and the limit here, then receives on a thread of the connection's own.
    private func serve(_ channel: MigrationChannel, peer: String) {
        guard hostsAllow.allows(peer) else {
            logger.warning("relocation server: refused \(peer): not in xend-relocation-hosts-allow")
            channel.send(error: "Host not allowed: \(peer)")
            channel.finish(waitSeconds: 0)  // on the accept thread: never wait
            return
        }
        guard running.add(1, ordering: .acquiringAndReleasing).newValue <= maximumMigrations else {
            running.subtract(1, ordering: .acquiringAndReleasing)
            logger.warning("relocation server: refused \(peer): \(maximumMigrations) migrations under way")
            channel.send(error: "too many migrations under way; try again later")
            channel.finish(waitSeconds: 0)  // on the accept thread: never wait
            return
        }
        do throws(XendError) {
            try DetachedThread.start(name: "xend-relocation-receive") { [self] in
                receive(channel, peer: peer)
                running.subtract(1, ordering: .acquiringAndReleasing)
            }
        } catch {
            running.subtract(1, ordering: .acquiringAndReleasing)
            logger.error("relocation server: \(error.message)")
            channel.send(error: error.message)
            channel.finish(waitSeconds: 0)  // on the accept thread: never wait
        }
    }

    private func receive(_ connection: MigrationChannel, peer: String) {
        // A peer that connects and says nothing must not hold one of the few migration slots for long.
        connection.setTimeout(seconds: Self.requestTimeoutSeconds)
        guard let channel = secured(connection, peer: peer) else { return }
        defer { channel.finish() }
        do throws(XendError) {
            let request = try channel.readLine()
            try channel.admit(request: request, secret: secret)
            channel.setTimeout(seconds: MigrationChannel.timeoutSeconds)
            try channel.send(line: MigrationChannel.receiving)
        } catch {
            channel.send(error: error.message)
            logger.error("relocation server: request from \(peer) refused: \(error.message)")
            return
        }
        logger.info("relocation server: receiving a domain from \(peer)")
        do throws(XendError) {
            // The backend tells the sender of its own failures.
            let record = try backend.receiveMigration(over: channel)
            logger.notice("relocation server: received domain \(record.name.rawValue) from \(peer)")
        } catch {
            logger.error("relocation server: migration from \(peer) failed: \(error.message)")
        }
    }

    /// The channel the conversation runs on: `connection` itself in clear, the clear end of a TLS relay
    /// with `xend-relocation-ssl-server`; `nil` when the peer speaks the other way or the handshake fails
    /// (the peer was told, the connection is closed).
    private func secured(_ connection: MigrationChannel, peer: String) -> MigrationChannel? {
        let opensWithTLS = Self.firstByte(of: connection.descriptor) == RelocationTLSServer.handshakeRecordType
        let refusal: String
        switch (tls, opensWithTLS) {
        case (nil, false): return connection
        case (let tls?, true):
            do throws(XendError) {
                let channel = try tls.accept(descriptor: connection.descriptor, peer: peer)
                channel.setTimeout(seconds: Self.requestTimeoutSeconds)
                return channel
            } catch {
                // The relay owns the descriptor and has closed it.
                logger.error("relocation server: request from \(peer) refused: \(error.message)")
                return nil
            }
        case (nil, true):
            refusal = "this relocation server does not use TLS (xend-relocation-ssl-server), but the sender does"
        case (.some, false):
            refusal =
                "this relocation server only accepts TLS (xend-relocation-ssl-server): the sender must use xend-relocation-ssl"
        }
        connection.send(error: refusal)
        connection.finish()
        logger.error("relocation server: request from \(peer) refused: \(refusal)")
        return nil
    }

    /// The first byte the peer sent, left unread; `nil` when it closed or sent nothing in time.
    private static func firstByte(of descriptor: Int32) -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = recv(descriptor, &byte, 1, Int32(MSG_PEEK))
            if count < 0 && errno == EINTR { continue }
            return count == 1 ? byte : nil
        }
    }

    /// The peer's numeric address (`127.0.0.1`, `::1`), as hosts-allow patterns see it.
    private static func numericHost(_ address: inout sockaddr_storage, _ length: socklen_t) -> String {
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST)
            }
        }
        guard status == 0 else { return "unknown" }
        let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.hasPrefix("::ffff:") ? String(text.dropFirst(7)) : text
    }
}
