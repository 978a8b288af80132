import Hypervisor
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Synchronization
import XendModel

#if canImport(Glibc)
    import Glibc
#endif

/// The relay between a backend and a TLS connection: the backend gets one end of a socket pair as its
/// ``MigrationChannel/descriptor`` and reads and writes it in clear (libxl does so itself); the relay pumps
/// the pair's other end through the TLS connection, in both directions, on one NIO event loop.
///
/// - End of stream crosses in both directions: the backend's `shutdown(SHUT_WR)` becomes TLS
///   `close_notify` (and a TCP half-close), the peer's `close_notify` becomes a half-close of the pair, so
///   ``MigrationChannel/finish(waitSeconds:)`` works as it does on a plain socket.
/// - Backpressure: a side stops reading while the other cannot take more (a 512 MiB libxl stream never
///   sits in memory).
/// - Errors: a TLS failure (a certificate refused, an alert, a connection torn down without `close_notify`)
///   is kept as ``failure`` before the pair is closed, so the backend's failed read or write names it.
final class TLSRelay: MigrationLink {
    private let reason = Mutex<String?>(nil)

    var failure: String? { reason.withLock { $0 } }

    /// Keeps the first failure: later ones are its consequences.
    func fail(_ text: String) {
        reason.withLock { if $0 == nil { $0 = text } }
    }

    /// Starts a relay over `descriptor`, a connected TCP socket the relay then owns, and waits for the TLS
    /// handshake. Returns the backend's channel once it completed.
    /// - Parameters:
    ///   - makeHandler: the client or server TLS handler (made on the event loop).
    ///   - peerLabel: the peer, for errors (`relocation server 10.0.0.2:8002`).
    ///   - handshakeSeconds: how long the handshake may take.
    /// - Throws: `Migration failed: …` saying why the handshake failed; the relay's resources are released.
    static func start(
        descriptor: Int32, peerLabel: String, handshakeSeconds: Int,
        makeHandler: @escaping @Sendable () throws -> NIOSSLHandler
    ) throws(XendError) -> MigrationChannel {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            let text = AtomicFile.errorText()
            Glibc.close(descriptor)
            throw .migrationFailed("cannot make the TLS relay's socket pair: \(text)")
        }
        let relay = TLSRelay()
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let plain: Channel
        do {
            // The backend's side reads nothing until the handshake is done.
            plain = try ClientBootstrap(group: loop)
                .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
                .channelOption(ChannelOptions.autoRead, value: false)
                .withConnectedSocket(pair[1]).wait()
        } catch {
            for end in pair { Glibc.close(end) }
            Glibc.close(descriptor)
            throw .migrationFailed("cannot start the TLS relay: \(error)")
        }
        let handshake = loop.makePromise(of: Void.self)
        let sniffer = FirstBytes()
        let tls: Channel
        do {
            tls = try ClientBootstrap(group: loop)
                .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        try pipeline.addHandler(WrittenBeforeClose())
                        try pipeline.addHandler(FirstBytesHandler(sniffer))
                        try pipeline.addHandler(try makeHandler())
                        try pipeline.addHandler(
                            RelayHandler(relay: relay, partner: plain, tlsSide: true, handshake: handshake))
                    }
                }
                .withConnectedSocket(descriptor).wait()
        } catch {
            plain.close(promise: nil)
            Glibc.close(pair[0])
            throw .migrationFailed("TLS with \(peerLabel) failed: \(TLSFailure.describe(error))")
        }
        let timeout = loop.scheduleTask(in: .seconds(Int64(handshakeSeconds))) {
            handshake.fail(TLSFailure.handshakeTimeout(handshakeSeconds))
        }
        do {
            try handshake.futureResult.wait()
            timeout.cancel()
            try loop.submit {
                try plain.pipeline.syncOperations.addHandler(
                    RelayHandler(relay: relay, partner: tls, tlsSide: false, handshake: nil))
                try plain.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
            }.wait()
        } catch {
            timeout.cancel()
            tls.close(promise: nil)
            plain.close(promise: nil)
            Glibc.close(pair[0])
            // A peer that answered in clear is no TLS server: its line says why (`error …`).
            if let line = sniffer.plainLine() {
                if line.hasPrefix("error ") { throw .migrationFailed(String(line.dropFirst(6))) }
                throw .migrationFailed("\(peerLabel) does not speak TLS (it said '\(line.prefix(80))')")
            }
            throw .migrationFailed("TLS handshake with \(peerLabel) failed: \(TLSFailure.describe(error))")
        }
        return MigrationChannel(descriptor: pair[0], link: relay)
    }
}

/// The first bytes the peer sent, kept so that a handshake that fails because the peer answered in clear
/// (a relocation server without TLS says `error …`) can say what it said.
final class FirstBytes: Sendable {
    private let bytes = Mutex<[UInt8]>([])
    static let limit = 512

    func add(_ buffer: ByteBuffer) {
        bytes.withLock { bytes in
            guard bytes.count < Self.limit else { return }
            bytes += buffer.readableBytesView.prefix(Self.limit - bytes.count)
        }
    }

    /// The first line, when the bytes are printable text (a TLS record never is: its first byte is 0x14 to 0x17).
    func plainLine() -> String? {
        let line = bytes.withLock { $0.prefix { $0 != UInt8(ascii: "\n") } }
        guard let first = line.first, first >= 0x20,
            line.allSatisfy({ (0x20..<0x7F).contains($0) || $0 == UInt8(ascii: "\r") })
        else { return nil }
        return String(decoding: line, as: UTF8.self).trimmingSuffix("\r")
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}

/// Sits below the TLS handler and copies the first bytes the peer sends into a ``FirstBytes``.
final class FirstBytesHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    private let sink: FirstBytes
    private var seen = 0

    init(_ sink: FirstBytes) {
        self.sink = sink
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if seen < FirstBytes.limit {
            let buffer = unwrapInboundIn(data)
            seen += buffer.readableBytes
            sink.add(buffer)
        }
        context.fireChannelRead(data)
    }
}

/// One side of the relay: what its channel reads goes to the partner channel (both on one event loop).
final class RelayHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let relay: TLSRelay
    private let partner: Channel
    private let tlsSide: Bool
    private var handshake: EventLoopPromise<Void>?
    /// The last write to the partner: a half-close waits for it, since a channel whose input has ended
    /// escalates a half-close to a full one, which drops writes still queued.
    private var lastWrite: EventLoopFuture<Void>?

    init(relay: TLSRelay, partner: Channel, tlsSide: Bool, handshake: EventLoopPromise<Void>?) {
        self.relay = relay
        self.partner = partner
        self.tlsSide = tlsSide
        self.handshake = handshake
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // The backend's side joins after the handshake, and the TLS side may already have stopped reading
        // because this channel was full: a drain before now went unseen, so look at writability here.
        if !tlsSide && context.channel.isWritable {
            try? partner.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let written = partner.eventLoop.makePromise(of: Void.self)
        partner.write(unwrapInboundIn(data), promise: written)
        lastWrite = written.futureResult
        if !partner.isWritable {
            // The partner's buffer is full: stop reading until it drains (its writability event restarts us).
            try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: false)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        partner.flush()
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // This channel drained what the partner sent it: the partner may read again.
        if context.channel.isWritable {
            try? partner.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
        }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent {
            handshake?.succeed(())
            handshake = nil
        }
        switch event {
        case ChannelEvent.inputClosed:
            // End of stream, after everything read so far: half-close the other way (TLS: close_notify).
            closePartner(mode: .output)
        default:
            break
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Closes the partner (`.output`: half-closes it) once everything read from this side has been written
    /// to it.
    private func closePartner(mode: CloseMode) {
        let partner = partner
        partner.flush()
        guard let lastWrite else { return partner.close(mode: mode, promise: nil) }
        lastWrite.whenComplete { _ in partner.close(mode: mode, promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if tlsSide {
            relay.fail("TLS: \(TLSFailure.describe(error))")
            if let handshake {
                self.handshake = nil
                handshake.fail(error)
            }
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let handshake {
            self.handshake = nil
            handshake.fail(relay.failure.map(TLSFailure.closed) ?? TLSFailure.closedDuringHandshake)
        }
        // Either side gone takes the other down once what it read has been written: the backend reads what
        // arrived, then end of stream (``TLSRelay/failure`` says why if TLS broke), and its next write fails
        // at once instead of pouring the rest of a guest into nowhere; a backend gone gets close_notify sent
        // (NIOSSL waits a few seconds for the peer's), so a peer still sending learns at once, as it would
        // from a closed TCP socket.
        closePartner(mode: .all)
        context.fireChannelInactive()
    }
}

/// Next to the TLS socket: a close (or half-close) goes ahead once what was written before it reached the
/// kernel, or after ``MigrationChannel/timeoutSeconds``. NIOSSL writes its `close_notify` and closes in the same
/// step, and NIO drops writes still queued when it closes a socket whose input has ended; on a full socket
/// buffer the peer would then see the connection end without `close_notify`, which it must treat as a
/// broken connection.
final class WrittenBeforeClose: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode != .input, context.channel.isActive else { return context.close(mode: mode, promise: promise) }
        // Writes complete in order, so an empty one completes once everything before it went out.
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: written)
        var closed = false
        let loop = context.eventLoop.assumeIsolated()
        let proceed = {
            guard !closed else { return }
            closed = true
            context.close(mode: mode, promise: promise)
        }
        let limit = loop.scheduleTask(in: .seconds(Int64(MigrationChannel.timeoutSeconds))) { proceed() }
        written.futureResult.assumeIsolated().whenComplete { _ in
            limit.cancel()
            proceed()
        }
    }
}

/// Errors of the relay's own, and the words for NIOSSL's.
enum TLSFailure: Error, CustomStringConvertible {
    case handshakeTimeout(Int)
    case closedDuringHandshake
    case closed(String)

    var description: String {
        switch self {
        case .handshakeTimeout(let seconds): "no TLS handshake within \(seconds) s"
        case .closedDuringHandshake: "the connection closed during the TLS handshake"
        case .closed(let reason): reason
        }
    }

    /// A readable reason for a NIOSSL or BoringSSL error: what it means first, then BoringSSL's words.
    static func describe(_ error: any Error) -> String {
        if let error = error as? TLSFailure { return error.description }
        let raw = String(describing: error)
        let meanings: [(String, String)] = [
            ("CERTIFICATE_VERIFY_FAILED", "the peer's certificate is not trusted"),
            ("failedToValidateHostname", "the peer's certificate does not name the host it was reached at"),
            ("ALERT_UNKNOWN_CA", "the peer does not trust this host's certificate"),
            ("ALERT_BAD_CERTIFICATE", "the peer refused this host's certificate"),
            ("CERTIFICATE_REQUIRED", "the peer requires a client certificate, and this host sent none it accepts"),
            ("PEER_DID_NOT_RETURN_A_CERTIFICATE", "the peer sent no client certificate"),
            ("WRONG_VERSION_NUMBER", "the peer does not speak TLS"),
            ("uncleanShutdown", "the peer closed the connection without ending TLS"),
        ]
        guard let meaning = meanings.first(where: { raw.contains($0.0) })?.1 else { return raw }
        return "\(meaning) (\(raw))"
    }
}
