import Logging
import Testing

@testable import XendHTTP
@testable import XendServer

#if canImport(Glibc)
    import Glibc
#endif

/// Socket set-up: file modes, stale sockets, TCP port read-back, systemd-passed descriptors.
@Suite("MHDServer listeners")
struct MHDServerListenerTests {
    static var quietLogger: Logger {
        var logger = Logger(label: "xend.server")
        logger.logLevel = .warning
        return logger
    }

    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return status.st_mode
    }

    @Test("the socket file is a 0600 socket in a created 0700 directory; TCP reports its real port")
    func socketFile() throws {
        let server = try TestServer()
        let mode = try #require(Self.mode(server.socketPath))
        #expect(mode & S_IFMT == S_IFSOCK)
        #expect(mode & 0o777 == 0o600)
        #expect(Self.mode(server.directory + "/run").map { $0 & 0o777 } == 0o700)
        #expect(server.tcpPort > 0)
        #expect(server.server.listeners.map(\.transport) == [.unix, .tcp])
        #expect(server.server.listeners[1].name == "tcp:127.0.0.1:\(server.tcpPort)")
    }

    @Test("--socket-group makes the socket 0660 and owned by the group")
    func socketGroup() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        var configuration = HTTPServerConfiguration()
        let group = try #require(getgrgid(getegid())).pointee
        configuration.listeners = [.unix(path: directory + "/s", group: String(cString: group.gr_name))]
        let server = try MHDServer(configuration: configuration, responder: TestResponder(), logger: Self.quietLogger)
        defer { server.stop() }
        var status = stat()
        #expect(lstat(directory + "/s", &status) == 0)
        #expect(status.st_mode & 0o777 == 0o660)
        #expect(status.st_gid == group.gr_gid)
        #expect(throws: HTTPEngineError.self) {
            var other = HTTPServerConfiguration()
            other.listeners = [.unix(path: directory + "/t", group: "no-such-group-xend")]
            _ = try MHDServer(configuration: other, responder: TestResponder(), logger: Self.quietLogger)
        }
    }

    @Test("a stale socket file is replaced; a live one or a regular file is refused")
    func staleSocket() throws {
        let first = try TestServer()
        var configuration = HTTPServerConfiguration()
        configuration.listeners = [.unix(path: first.socketPath)]
        #expect(
            throws: HTTPEngineError.invalidConfiguration("another server is already listening on \(first.socketPath)")
        ) {
            _ = try MHDServer(configuration: configuration, responder: TestResponder(), logger: Self.quietLogger)
        }

        // A socket file left behind by a process that died.
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let stalePath = directory + "/stale"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(stalePath.utf8)) }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        close(fd)
        #expect(Self.mode(stalePath).map { $0 & S_IFMT } == S_IFSOCK)
        configuration.listeners = [.unix(path: stalePath)]
        let server = try MHDServer(configuration: configuration, responder: TestResponder(), logger: Self.quietLogger)
        let response = try RawConnection.unix(stalePath)
        response.send("GET /xend/node HTTP/1.1\r\n\r\n")
        #expect(try response.readResponse().status == 200)
        server.stop()

        let regular = directory + "/file"
        let file = open(regular, O_CREAT | O_WRONLY, 0o600)
        close(file)
        configuration.listeners = [.unix(path: regular)]
        #expect(throws: HTTPEngineError.invalidConfiguration("\(regular) exists and is not a socket")) {
            _ = try MHDServer(configuration: configuration, responder: TestResponder(), logger: Self.quietLogger)
        }
        #expect(Self.mode(regular).map { $0 & S_IFMT } == S_IFREG)
    }

    @Test("sockets passed by systemd (LISTEN_FDS) are adopted; Unix or TCP is detected")
    func inheritedSockets() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        // Bind them the way systemd would, then hand over only the descriptor numbers.
        let unixSocket = try ListenSocket.unix(path: directory + "/activated", group: nil)
        let tcpSocket = try ListenSocket.tcp(host: "127.0.0.1", port: 0)
        var configuration = HTTPServerConfiguration()
        configuration.listeners = [
            .inherited(fileDescriptor: unixSocket.fileDescriptor), .inherited(fileDescriptor: tcpSocket.fileDescriptor),
        ]
        let server = try MHDServer(configuration: configuration, responder: TestResponder(), logger: Self.quietLogger)
        defer { server.stop() }
        #expect(server.listeners.map(\.transport) == [.unix, .tcp])
        #expect(server.listeners[1].port == tcpSocket.port)
        let overUnix = try RawConnection.unix(directory + "/activated")
        overUnix.send("GET /echo HTTP/1.1\r\n\r\n")
        #expect(try overUnix.readResponse().bodyText.contains("transport=unix"))
        let overTCP = try RawConnection.tcp(port: tcpSocket.port ?? 0)
        overTCP.send("GET /echo HTTP/1.1\r\n\r\n")
        #expect(try overTCP.readResponse().bodyText.contains("transport=tcp"))
    }

    @Test("a descriptor that is not a listening socket is refused")
    func inheritedNonListening() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var configuration = HTTPServerConfiguration()
        configuration.listeners = [.inherited(fileDescriptor: fd)]
        #expect(throws: HTTPEngineError.invalidConfiguration("inherited descriptor \(fd) is not a listening socket")) {
            _ = try MHDServer(configuration: configuration, responder: TestResponder(), logger: Self.quietLogger)
        }
    }

    /// Whether the kernel has IPv6 with a loopback address configured.
    static var hasIPv6Loopback: Bool {
        guard let file = fopen("/proc/net/if_inet6", "r") else { return false }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            if String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                .hasPrefix("00000000000000000000000000000001")
            {
                return true
            }
        }
        return false
    }

    @Test("TCP on the IPv6 loopback", .enabled(if: hasIPv6Loopback, "needs ::1 on this host"))
    func ipv6() throws {
        var configuration = HTTPServerConfiguration()
        configuration.listeners = [.tcp(host: "::1", port: 0)]
        let server = try MHDServer(configuration: configuration, responder: TestResponder(), logger: Self.quietLogger)
        defer { server.stop() }
        #expect(server.listeners[0].port ?? 0 > 0)
        #expect(server.listeners[0].name.hasPrefix("tcp:::1:"))
    }

    @Test("a bad TCP address or port is a clear start-up error and nothing keeps running")
    func badAddress() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        var configuration = HTTPServerConfiguration()
        configuration.listeners = [.unix(path: directory + "/s"), .tcp(host: "127.0.0.1", port: 70000)]
        #expect(throws: HTTPEngineError.invalidConfiguration("TCP port out of range: 70000")) {
            _ = try MHDServer(configuration: configuration, responder: TestResponder(), logger: Self.quietLogger)
        }
        // The Unix listener started first was stopped and its socket file removed.
        #expect(Self.mode(directory + "/s") == nil)
    }
}
