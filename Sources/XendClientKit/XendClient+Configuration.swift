extension XendClient {
    /// How a client talks to the daemon. Every property has a default; change the ones you need.
    ///
    /// ```swift
    /// var configuration = XendClient.Configuration()
    /// configuration.bearerToken = "s3cret"
    /// configuration.tls = .init(trustedCertificateFile: "/etc/xen/xend-ca.pem")
    /// let client = XendClient(host: "dom0.example", port: 8000, configuration: configuration)
    /// ```
    public struct Configuration: Sendable {
        /// TLS for TCP endpoints; `nil` (the default) speaks plain HTTP as the original xend did.
        public var tls: TLS?
        /// Sent as `Authorization: Bearer <token>` on TCP requests when set. Never sent over the Unix socket,
        /// whose file permissions are its access control.
        public var bearerToken: String?
        /// Connection and request time limits.
        public var timeout: Timeout
        /// The largest reply body accepted; bigger replies fail with ``XendClientError/Kind/invalidResponse``.
        /// The default (16 MiB) leaves room for a long `xend.log`.
        public var maximumResponseBytes: Int
        /// Whether requests ask the daemon to keep the connection open (`Connection: keep-alive`) so the
        /// next request reuses it. Off by default: each request says `Connection: close`, as libvirt's did.
        /// A client making many calls one after another (libxend's `struct xend`) turns it on: its requests
        /// then share one connection per endpoint (concurrent ones wait their turn), which the client closes
        /// after ``keepAliveIdleTime`` unused, before the daemon's own idle limit.
        public var keepsConnectionsAlive: Bool
        /// How long an unused kept-alive connection stays open (10 seconds by default). With
        /// ``Transport-swift.enum/blockingSockets`` a connection idle for longer is closed when the next
        /// request comes, and that request opens a new one.
        public var keepAliveIdleTime: Duration
        /// What moves the bytes: AsyncHTTPClient (the default) or plain sockets on the caller's thread.
        public var transport: Transport

        /// A configuration with plain HTTP, no token and the default time limits.
        public init(
            tls: TLS? = nil,
            bearerToken: String? = nil,
            timeout: Timeout = Timeout(),
            maximumResponseBytes: Int = 16 << 20,
            keepsConnectionsAlive: Bool = false,
            keepAliveIdleTime: Duration = .seconds(10),
            transport: Transport = .asyncHTTPClient
        ) {
            self.tls = tls
            self.bearerToken = bearerToken
            self.timeout = timeout
            self.maximumResponseBytes = maximumResponseBytes
            self.keepsConnectionsAlive = keepsConnectionsAlive
            self.keepAliveIdleTime = keepAliveIdleTime
            self.transport = transport
        }
    }
}

extension XendClient.Configuration {
    /// What carries a client's requests. Both send the same requests and read replies by the same rules;
    /// they differ in which thread does the I/O.
    public enum Transport: Hashable, Sendable {
        /// AsyncHTTPClient on an event-loop group: a call suspends while the group's threads do its I/O.
        /// For async callers, which must not block the concurrency pool's threads.
        case asyncHTTPClient
        /// Plain POSIX sockets, Unix and TCP, on the thread that runs the call, which blocks in the system
        /// calls (every wait bounded by ``XendClient/Configuration/timeout``). For callers that give each
        /// call a thread of their own, such as libxend's blocking C API: a call then never changes thread.
        /// A kept-alive connection the daemon has closed meanwhile is replaced without an error. TCP
        /// endpoints with ``XendClient/Configuration/tls`` set still go through AsyncHTTPClient.
        case blockingSockets
    }

    /// Time limits. Save, restore, dump and migrate answer only when they finish, so the request limit
    /// is long by default.
    public struct Timeout: Sendable, Hashable {
        /// How long to wait for a connection to be accepted.
        public var connect: Duration
        /// How long to wait for a whole reply.
        public var request: Duration

        /// Limits of 5 seconds to connect and 10 minutes per request.
        public init(connect: Duration = .seconds(5), request: Duration = .seconds(600)) {
            self.connect = connect
            self.request = request
        }
    }

    /// TLS settings for TCP endpoints (the daemon's `xend-tls-cert-file` listener).
    public struct TLS: Sendable, Hashable {
        /// A PEM file of certificates to trust instead of the system's roots, for a private CA or a
        /// self-signed daemon certificate.
        public var trustedCertificateFile: String?
        /// Whether the daemon's certificate must match the host name. Turn off only for a certificate
        /// issued to another name (an IP address without a SAN); the chain is still verified.
        public var verifiesHostname: Bool

        /// TLS trusting `trustedCertificateFile` (or the system roots when `nil`), checking the host name.
        public init(trustedCertificateFile: String? = nil, verifiesHostname: Bool = true) {
            self.trustedCertificateFile = trustedCertificateFile
            self.verifiesHostname = verifiesHostname
        }
    }
}
