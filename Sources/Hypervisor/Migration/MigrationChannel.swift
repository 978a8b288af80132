public import XendModel

#if canImport(Glibc)
    import Glibc
#endif

/// One migration's connection to or from a relocation server: the protocol's short lines, and the
/// guest's bytes in between.
///
/// The conversation (the same for both backends; only the guest's bytes differ):
///
/// | sender | receiver |
/// |---|---|
/// | `receive` | `receiving`, or `error <text>` (a peer not allowed, too many migrations at once) |
/// | (with `xend-relocation-secret-file`: the exchange of `MigrationChannel+Authentication.swift` first) | |
/// | the guest (the backend's format: libxl's stream, or the simulated host's save image then its memory) | reads it and builds the domain, paused |
/// | | `ready`, or `error <text>` |
/// | gives up its name (loopback) and sends `go` | |
/// | | takes the name, adopts the domain: `done` (then unpauses), or `error <text>` |
/// | destroys its copy; on `error <text>` resumes it instead | |
///
/// So a guest is never running twice, and it is never lost: until `done` the sender still holds it
/// (suspended), and the receiver's copy is destroyed on any error before it runs. After `go`, a sender
/// that hears neither `done` nor `error` cannot know whether the receiver runs the guest, so it keeps its
/// copy paused and does not resume it; a receiver that cannot send `done` keeps its copy paused and does
/// not run it. An operator then decides which copy runs.
/// Lines are read byte by byte, never ahead, so the socket is positioned at the guest's bytes for libxl.
public struct MigrationChannel: Sendable {
    /// The socket (or the backend's end of a relay's socket pair); the channel closes it in ``close()``.
    public let descriptor: Int32
    /// The relay behind ``descriptor``, when there is one: read and write errors carry its failure.
    public let link: (any MigrationLink)?

    /// xend's relocation port (`xend-relocation-port`).
    public static let defaultPort = 8002
    /// The first line a sender writes.
    public static let receiveRequest = "receive"
    /// The receiver takes the migration: the guest may follow.
    public static let receiving = "receiving"
    /// The receiver built the domain, paused.
    public static let ready = "ready"
    /// The sender gave the domain up; the receiver may run it.
    public static let go = "go"
    /// The receiver runs the domain.
    public static let done = "done"
    /// How long one line, or one read or write of the guest, may take before the migration fails.
    public static let timeoutSeconds = 120
    /// The longest line either side sends.
    package static let maximumLineLength = 4096

    /// Wraps a connected socket and sets its read and write timeouts.
    /// - Parameters:
    ///   - descriptor: the connection, or one end of a socket pair `link` relays.
    ///   - link: the relay, whose failure explains a broken ``descriptor``.
    public init(descriptor: Int32, link: (any MigrationLink)? = nil) {
        self.descriptor = descriptor
        self.link = link
        setTimeout(seconds: Self.timeoutSeconds)
    }

    /// `Migration failed: <reason>`, with the relay's failure when it has one (`... closed early: TLS: ...`).
    func transportFailure(_ reason: String) -> XendError {
        guard let failure = link?.failure else { return .migrationFailed(reason) }
        return .migrationFailed("\(reason): \(failure)")
    }

    /// How long one read or write may take from now on.
    public func setTimeout(seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            setsockopt(descriptor, SOL_SOCKET, option, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    /// Connects to a relocation server.
    /// - Throws: xend's `can't connect: <reason>` when no address of `host` accepts.
    public static func connect(to host: String, port: Int) throws(XendError) -> MigrationChannel {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>? = nil
        let status = getaddrinfo(host, String(port), &hints, &results)
        guard status == 0, let first = results else {
            throw .cannotConnect(String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(results) }
        var lastError: Int32 = ECONNREFUSED
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            let socket = Glibc.socket(
                address.pointee.ai_family, address.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue),
                address.pointee.ai_protocol)
            if socket >= 0 {
                let channel = MigrationChannel(descriptor: socket)
                if Glibc.connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return channel }
                lastError = errno
                Glibc.close(socket)
            } else {
                lastError = errno
            }
            entry = address.pointee.ai_next
        }
        throw .cannotConnect(AtomicFile.errorText(lastError))
    }

    /// Closes the socket.
    public func close() {
        Glibc.close(descriptor)
    }

    /// Closes once the peer can read what was sent: a half-close, then the peer's remaining bytes (1 MiB at
    /// most) are read and dropped, waiting up to `waitSeconds` for them (0: only what has arrived). Closing
    /// over unread bytes would make the kernel reset the connection, and the peer could lose the last
    /// line, which says why.
    public func finish(waitSeconds: Int = 1) {
        Glibc.shutdown(descriptor, Int32(SHUT_WR))
        setTimeout(seconds: max(waitSeconds, 1))
        let flags = waitSeconds == 0 ? Int32(MSG_DONTWAIT) : 0
        var buffer = [UInt8](repeating: 0, count: 65536)
        var drained = 0
        while drained < 1 << 20 {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, flags) }
            guard count > 0 else { break }
            drained += count
        }
        close()
    }

    /// Writes every byte.
    public func send(_ bytes: [UInt8]) throws(XendError) {
        do throws(AtomicFile.Failure) {
            try AtomicFile.writeAll(bytes, to: descriptor, path: "the relocation connection")
        } catch {
            throw transportFailure("cannot send: \(error.reason)")
        }
    }

    /// Writes one line (the newline is added).
    public func send(line: String) throws(XendError) {
        try send(Array("\(line)\n".utf8))
    }

    /// Tells the other side why this side gives up; a closed connection is ignored (the error is what matters).
    public func send(error message: String) {
        let oneLine = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        try? send(line: "error \(oneLine.prefix(Self.maximumLineLength - 7))")
    }

    /// Reads exactly `count` bytes.
    /// - Throws: when the connection ends first or a read times out.
    public func read(_ count: Int) throws(XendError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try read(into: &bytes)
        return bytes
    }

    /// Fills all of `bytes` with the next bytes, for data read in many large pieces (a guest's memory)
    /// into one buffer.
    /// - Throws: when the connection ends first or a read times out.
    public func read(into bytes: inout [UInt8]) throws(XendError) {
        let count = bytes.count
        var offset = 0
        while offset < count {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + offset, count - offset) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else {
                throw transportFailure(
                    got == 0 ? "the connection closed early" : "cannot read: \(AtomicFile.errorText())")
            }
            offset += got
        }
    }

    /// Reads one line, without its newline.
    public func readLine() throws(XendError) -> String {
        var line: [UInt8] = []
        while true {
            let byte = try read(1)[0]
            if byte == UInt8(ascii: "\n") { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
            guard line.count <= Self.maximumLineLength else { throw .migrationFailed("protocol line too long") }
        }
    }

    /// The sender's opening: `receive`, and the receiver's consent.
    public func request() throws(XendError) {
        try send(line: Self.receiveRequest)
        try expect(Self.receiving)
    }

    /// Reads the other side's next line and accepts only `word`; `error <text>` becomes that error.
    public func expect(_ word: String) throws(XendError) {
        do throws(Refusal) {
            try expectAnswer(word)
        } catch {
            throw error.reason
        }
    }

    /// Why ``expectAnswer(_:)`` did not get its word.
    public enum Refusal: Error, Sendable {
        /// The other side said `error <text>`: it gave up, so it does not run the guest.
        case refused(XendError)
        /// No usable answer (the connection closed or timed out, or an unexpected line): the other
        /// side may have done anything, so the guest may be running there.
        case unanswered(XendError)

        /// The error either way.
        public var reason: XendError {
            switch self {
            case .refused(let error), .unanswered(let error): error
            }
        }
    }

    /// Like ``expect(_:)``, but says whether the other side answered `error <text>` or not at all; the
    /// sender needs this after `go`, where only an explicit error proves the receiver does not run the guest.
    public func expectAnswer(_ word: String) throws(Refusal) {
        let line: String
        do throws(XendError) {
            line = try readLine()
        } catch {
            throw .unanswered(error)
        }
        guard line != word else { return }
        if line.hasPrefix("error ") { throw .refused(.migrationFailed(String(line.dropFirst(6)))) }
        throw .unanswered(.migrationFailed("expected '\(word)', the other side said '\(line.prefix(80))'"))
    }
}

extension XendError {
    /// `Migration failed: <reason>`.
    public static func migrationFailed(_ reason: String) -> XendError {
        XendError(.operationFailed, "Migration failed: \(reason)")
    }

    /// The sender's error when the receiver went silent after `go`: `failure`'s text, then where the guest is.
    public static func migrationUnanswered(_ failure: XendError, host: String, port: Int) -> XendError {
        XendError(
            .operationFailed,
            "\(failure.message); the guest is left paused here and may be running at \(host):\(port)")
    }

    /// The receiver's error when it cannot send `done`: the sender may resume its copy, so this one stays paused.
    public static func migrationDoneUnsent(_ failure: XendError, domain name: String) -> XendError {
        XendError(
            .operationFailed,
            "\(failure.message) (done); domain \(name) is left paused here: the sender may run its own copy")
    }
}
