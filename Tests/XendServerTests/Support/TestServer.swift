import Logging

@testable import XendHTTP
@testable import XendServer

#if canImport(Glibc)
    import Glibc
#endif

/// Answers by path, for engine tests:
/// `/echo` (and any request that failed to decode) prints the decoded request; `/slow` waits 600 ms; `/empty` has no body;
/// `/bad-header` carries a header value the engine must refuse; `/phrase` is a 500 with a reason phrase naming
/// the `op` parameter; `/unavailable` is a 503; anything else gets the node record.
struct TestResponder: HTTPResponder {
    static let node = "(node (system Linux) (host xenhost1) (xend_config_format 4))"

    func respond(to request: HTTPRequest) -> HTTPResponse {
        if request.decodingError != nil { return .text(Self.describe(request), status: 400) }
        switch request.pathSegments.first {
        case "echo":
            return .text(Self.describe(request))
        case "slow":
            usleep(600_000)
            return .sxp("(slow done)")
        case "empty":
            return .empty()
        case "bad-header":
            var response = HTTPResponse.sxp("x")
            response.headers.add("X-Broken", "a\r\nInjected: yes")
            return response
        case "phrase":
            var response = HTTPResponse.sxp("(xend.err 'x')", status: 500)
            response.reasonPhrase = "Request failed: \(request.parameter("op") ?? "-")"
            return response
        case "unavailable":
            return .sxp("()", status: 503)
        case "created":
            var response = HTTPResponse.sxp("(domain)", status: 201)
            response.headers.add("Location", "http://\(request.host ?? ""):8080/xend/domain//vm3")
            return response
        default:
            return .sxp(Self.node)
        }
    }

    /// One line per fact, parameters sorted, so tests compare text.
    static func describe(_ request: HTTPRequest) -> String {
        var lines = [
            "method=\(request.method)", "target=\(request.target)", "segments=\(request.pathSegments)",
            "transport=\(request.transport.rawValue)", "peer=\(request.peerAddress ?? "-")",
            "host=\(request.host ?? "-")", "body=\(request.body.count)",
        ]
        for name in request.parameters.keys.sorted() {
            lines.append("param \(name)=\(request.parameters[name] ?? [])")
        }
        if let error = request.decodingError { lines.append("error=\(error.message)") }
        return lines.joined(separator: "\n")
    }
}

/// A server on a fresh temporary Unix socket and an ephemeral loopback TCP port.
final class TestServer {
    let directory: String
    let socketPath: String
    let server: MHDServer
    /// Everything the server logged at info level and above.
    let logs = CollectingLogHandler.Store()

    var tcpPort: Int { server.listeners.first { $0.transport == .tcp }?.port ?? 0 }

    /// A server whose logger is `logger` when given (the daemon's `DaemonLogHandler`, say), otherwise one
    /// that collects into ``logs``.
    init(
        responder: any HTTPResponder = TestResponder(), logger: Logger? = nil,
        configure: (inout HTTPServerConfiguration) -> Void = { _ in }
    ) throws {
        directory = makeTemporaryDirectory()
        socketPath = directory + "/run/xend-socket"
        var configuration = HTTPServerConfiguration()
        configuration.listeners = [.unix(path: socketPath), .tcp(host: "127.0.0.1", port: 0)]
        configuration.threadPoolSize = 2
        configure(&configuration)
        let store = logs
        let logger = logger ?? Logger(label: "xend.server") { _ in CollectingLogHandler(store: store) }
        do {
            server = try MHDServer(configuration: configuration, responder: responder, logger: logger)
        } catch {
            // deinit does not run for a half-initialised object.
            removeTree(directory)
            throw error
        }
    }

    deinit {
        server.stop()
        removeTree(directory)
    }

    func unix() throws -> RawConnection { try RawConnection.unix(socketPath) }
    func tcp() throws -> RawConnection { try RawConnection.tcp(port: tcpPort) }

    /// Sends `request` on a new connection and returns everything until the server closes it.
    func exchange(_ request: String, over transport: HTTPTransport = .unix) throws -> (bytes: [UInt8], closed: Bool) {
        let connection = transport == .unix ? try unix() : try tcp()
        connection.send(request)
        return connection.readUntilClose()
    }

    /// Like `exchange`, parsed into exactly one response.
    func response(_ request: String, over transport: HTTPTransport = .unix) throws -> RawResponse {
        let (bytes, _) = try exchange(request, over: transport)
        let responses = try RawResponse.parseAll(bytes, isHead: request.hasPrefix("HEAD "))
        guard responses.count == 1 else {
            throw RawResponse.Failure(description: "expected one response, got \(responses.count)")
        }
        return responses[0]
    }
}

func makeTemporaryDirectory() -> String {
    var template = Array("/tmp/xend-http-test.XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return "/tmp" }
        return String(cString: result)
    }
}

func removeTree(_ path: String) {
    guard path.hasPrefix("/tmp/xend-http-test.") else { return }
    _ = system("rm -rf '\(path)'")
}
