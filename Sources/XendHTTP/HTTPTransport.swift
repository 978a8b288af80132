/// The kind of socket a request arrived on. Security policy differs: bearer tokens, TLS and
/// `xend-hosts-allow` apply to TCP only; the Unix socket is guarded by its file mode.
public enum HTTPTransport: String, Sendable, Hashable, CaseIterable {
    /// An `AF_UNIX` stream socket.
    case unix
    /// An `AF_INET` or `AF_INET6` stream socket.
    case tcp
}
