import Logging
import XendHTTP
import XendServer

#if canImport(Glibc)
    import Glibc
#endif

/// Serves the node S-expression of vector #2 (docs/protocol.md#golden-vectors) through `MHDServer` for
/// `Benchmarks/bench-http.sh`, which compares it with a bare libmicrohttpd server sending the same bytes.
///
/// Usage: `xend-http-bench <unix-socket-path> <tcp-port> [threads] [log-level]` (log level `info`
/// logs one line per request to stderr, as the daemon does; `warning` measures without it). Prints `ready` on stdout once
/// both listeners are up, then serves until SIGTERM or SIGINT, then stops gracefully.
@main
struct XendHTTPBench {
    static func main() {
        let arguments = CommandLine.arguments
        if arguments.count == 2, arguments[1] == "--request-path" {
            measureRequestPath()
            return
        }
        guard arguments.count >= 3, let port = Int(arguments[2]) else {
            write(2, "usage: xend-http-bench <unix-socket-path> <tcp-port> [threads]\n")
            exit(2)
        }
        var configuration = HTTPServerConfiguration()
        configuration.listeners = [.unix(path: arguments[1]), .tcp(host: "127.0.0.1", port: port)]
        if arguments.count >= 4, let threads = Int(arguments[3]) { configuration.threadPoolSize = threads }
        // The daemon's handler (Sources/xend/Xend.swift), so the figures include what its log line costs.
        let log = DaemonLog()
        LoggingSystem.bootstrap { DaemonLogHandler(label: $0, destination: log) }
        var logger = Logger(label: "xend.server")
        logger.logLevel = arguments.count >= 5 ? Logger.Level(rawValue: arguments[4]) ?? .info : .info

        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)

        let server: MHDServer
        do {
            server = try MHDServer(configuration: configuration, responder: NodeResponder(), logger: logger)
        } catch {
            write(2, "xend-http-bench: \(error)\n")
            exit(1)
        }
        write(1, "ready\n")
        var received: Int32 = 0
        sigwait(&signals, &received)
        server.stop()
    }
}

/// Times the engine's Swift work for one libvirt-style GET without sockets, in CPU time of this
/// thread (wall time is meaningless on a shared machine): building the `HTTPRequest`, the
/// responder and the keep-alive decision, then the same plus one log line through the daemon's handler
/// (`DaemonLogHandler`: standard error, pointed at /dev/null while this runs, and the in-memory lines).
private func measureRequestPath() {
    let savedStandardError = dup(2)
    let null = open("/dev/null", O_WRONLY)
    dup2(null, 2)
    defer {
        dup2(savedStandardError, 2)
        close(savedStandardError)
        close(null)
    }
    let log = DaemonLog()
    var logger = Logger(label: "xend.server") { DaemonLogHandler(label: $0, destination: log) }
    logger.logLevel = .info
    let headers: HTTPHeaders = [
        "Host": "localhost:8000", "Accept-Encoding": "identity",
        "Content-Type": "application/x-www-form-urlencoded",
    ]
    let responder = NodeResponder()
    for logging in [false, true] {
        let count = 200_000
        var bytes = 0
        let started = threadCPUNanoseconds()
        for _ in 0..<count {
            let request = HTTPRequest(method: "GET", target: "/xend/node/", headers: headers)
            let response = responder.respond(to: request)
            bytes += response.body.count + (ConnectionPersistence.keepsAlive(request.headers) ? 1 : 0)
            if logging { logger.info("GET \(request.rawPath) \(response.status) 1µs") }
        }
        let perRequest = (threadCPUNanoseconds() - started) / count
        write(
            1,
            "request path\(logging ? " + log line" : ""): \(perRequest) ns CPU per request (\(bytes / count) bytes)\n")
    }
}

private func threadCPUNanoseconds() -> Int {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return now.tv_sec * 1_000_000_000 + now.tv_nsec
}

/// Writes `text` to a file descriptor unbuffered (`stdout`/`stderr` globals are not concurrency-safe).
private func write(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    _ = Glibc.write(fd, &bytes, bytes.count)
}

/// Answers `GET /xend/node` with vector #2's body; anything else gets 404 like the original.
struct NodeResponder: HTTPResponder {
    static let node =
        "(node (system Linux) (host xenhost1) (release 2.6.18-xen) (version '#1 SMP Tue Jan 1 00:00:00 UTC 2013') (machine x86_64) (nr_cpus 4) (nr_nodes 1) (cores_per_socket 4) (threads_per_core 1) (cpu_mhz 2394) (hw_caps bfebfbff:28100800:00000000:00000940:0098e3fd:00000000:00000001:00000000) (virt_caps hvm) (total_memory 8191) (free_memory 6843) (free_cpus 0) (xen_major 4) (xen_minor 1) (xen_extra .6) (xen_caps 'xen-3.0-x86_64 xen-3.0-x86_32p hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64') (xen_scheduler credit) (xen_pagesize 4096) (platform_params 'virt_start=0xffff800000000000') (xen_changeset unavailable) (xen_commandline 'dom0_mem=1024M') (cc_compiler 'gcc version 4.4.7 (GCC)') (cc_compile_by root) (cc_compile_domain example.org) (cc_compile_date 'Tue Jan  1 00:00:00 UTC 2013') (xend_config_format 4))"

    func respond(to request: HTTPRequest) -> HTTPResponse {
        if request.pathSegments.first == "xend", request.pathSegments.dropFirst().first == "node" {
            return .sxp(Self.node)
        }
        return .text("Not found: \(request.pathSegments.last ?? "")", status: 404)
    }
}
