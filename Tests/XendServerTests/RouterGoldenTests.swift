import Testing
import XendHTTP

@testable import XendServer

#if canImport(Glibc)
    import Glibc
#endif

/// The live suite for docs/protocol.md#golden-vectors: the real engine and router on a temporary Unix socket and an
/// ephemeral TCP port, a raw-socket client, and the exact bytes (status line, every header, body)
/// compared with `Golden/<vector>.sxp`. A missing golden file is recorded, as is every file when
/// `RECORD_SNAPSHOTS` is set; recorded files were checked against the vectors by hand and by the
/// router tests' explicit assertions.
@Suite("golden vectors over real sockets", .serialized)
struct RouterGoldenTests {
    static let goldenDirectory = String(#filePath.dropLast("RouterGoldenTests.swift".count)) + "Golden/"
    /// Stands for the host's temporary directory, same length, so Content-Length stays right.
    static let stableDirectory = "/tmp/xend-http-test.GOLDEN"

    @Test("golden vector", arguments: RouterGoldenVector.all)
    func vector(_ vector: RouterGoldenVector) throws {
        let host = try RouterHost(relocationPort: try closedLoopbackPort())
        // The daemon's stack: the web console in front of the router, which legacy clients must not notice.
        let sessions = BrowserSessions()
        let console = ConsoleResponder(
            next: host.router, router: host.router, sessions: sessions, secureCookies: false, loginRequired: false)
        let server = try TestServer(responder: console) {
            $0.maximumBodySize = vector.maximumBodySize
            $0.browserSessions = sessions
            $0.publicPaths = ConsoleResponder.publicPaths
        }
        for request in vector.setup { _ = try server.exchange(request) }
        let request = Self.substituting(host.directory, in: vector.request)
        let (received, _) = try server.exchange(request, over: vector.transport)
        let bytes = Array(
            String(decoding: received, as: UTF8.self).replacingOccurrences(
                of: host.directory, with: Self.stableDirectory
            )
            .utf8)
        #expect(host.directory.utf8.count == Self.stableDirectory.utf8.count)
        let path = Self.goldenDirectory + vector.name + ".sxp"
        let recorded = Self.readGolden(path)
        if recorded == nil || getenv("RECORD_SNAPSHOTS") != nil {
            var header = "# vector \(vector.name) of docs/protocol.md#golden-vectors\n"
            if !vector.note.isEmpty { header += "# \(vector.note)\n" }
            try Self.write(Array(header.utf8) + bytes, to: path)
            return
        }
        let expected = try #require(recorded)
        #expect(
            String(decoding: bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
            "response differs from \(path)")
    }

    /// `vector.request` with `$DIR` replaced in its body and Content-Length recomputed.
    static func substituting(_ directory: String, in request: String) -> String {
        guard request.contains("$DIR"), let split = request.firstRange(of: "\r\n\r\n") else { return request }
        let body = String(request[split.upperBound...]).replacingOccurrences(of: "$DIR", with: directory)
        let head = request[..<split.lowerBound].split(separator: "\r\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("Content-Length:") ? "Content-Length: \(body.utf8.count)" : String(line)
        }
        return head.joined(separator: "\r\n") + "\r\n\r\n" + body
    }

    /// Everything left to read from `file` (a file or a `popen` pipe).
    static func readAll(_ file: UnsafeMutablePointer<FILE>) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { return bytes }
            bytes += buffer[0..<count]
        }
    }

    /// The raw bytes after the leading `# ` comment lines, or `nil` when the file does not exist.
    static func readGolden(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var rest = readAll(file)[...]
        while rest.starts(with: Array("# ".utf8)), let newline = rest.firstIndex(of: 10) {
            rest = rest[(newline + 1)...]
        }
        return Array(rest)
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "wb") else { throw RawConnection.Failure(description: "cannot write \(path)") }
        defer { fclose(file) }
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    }
}

/// A loopback TCP port with nothing listening on it (bound, then closed).
func closedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
            bind(fd, generic, length) == 0 && getsockname(fd, generic, &length) == 0
        }
    }
    guard bound else { throw RawConnection.Failure(description: "cannot bind a loopback port") }
    return Int(UInt16(bigEndian: address.sin_port))
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
