public import XendModel

/// How `op=migrate` reaches a destination's relocation server: plain TCP (``PlainMigrationConnector``), or
/// a transport that encrypts the conversation and hands the backend a plain descriptor all the same (the
/// daemon's TLS relay, `Sources/RelocationTLS/`). Backends only ever read and write
/// ``MigrationChannel/descriptor``, so libxl, which reads and writes a descriptor itself, needs nothing else.
public protocol MigrationConnector: Sendable {
    /// A channel connected to the relocation server at `host`:`port`, ready for the conversation's first line.
    /// - Throws: xend's `can't connect: <reason>`, or `Migration failed: <reason>` when the transport
    ///   cannot be set up (a TLS handshake that fails).
    func connect(to host: String, port: Int) throws(XendError) -> MigrationChannel
}

/// The conversation in clear over TCP, as the original xend spoke it.
public struct PlainMigrationConnector: MigrationConnector {
    public init() {}

    public func connect(to host: String, port: Int) throws(XendError) -> MigrationChannel {
        try MigrationChannel.connect(to: host, port: port)
    }
}

/// What carries a ``MigrationChannel``'s bytes when its descriptor is not the connection itself (one end
/// of a socket pair a relay pumps through TLS): the relay says why it stopped, so that a read or write that
/// fails on the descriptor can name the cause (a certificate refused, the peer's TLS alert).
public protocol MigrationLink: AnyObject, Sendable {
    /// Why the link broke, or `nil` while it works (or after it closed cleanly).
    var failure: String? { get }
}
