import Glibc
import Hypervisor
import Logging
import SExpression
import SimulatedHost
import XendHTTP
import XendServer

// libFuzzer entry point (libFuzzer brings `main`): the whole request path in process. The input is the
// raw bytes of an HTTP request; `RawRequest` splits it the way the engine would hand it over, the router
// answers it from a simulated host (in memory, manual clock), and the answer is checked: a real status,
// and every `(xend.err ...)` body is a well-formed S-expression. Any crash or trap is a finding.
// Requests with op=migrate are skipped: that op opens a real connection to a host the input names.

/// The host and router under test; rebuilt every `inputsPerHost` inputs so the state stays small.
nonisolated(unsafe) private var current: FuzzHost?
nonisolated(unsafe) private var inputsOnHost = 0
private let inputsPerHost = 2_000

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let raw = RawRequest(parsing: bytes) else { return 0 }
    if current == nil || inputsOnHost >= inputsPerHost {
        current = nil
        current = FuzzHost()
        inputsOnHost = 0
    }
    inputsOnHost += 1
    let request = HTTPRequest(
        method: raw.method, target: raw.target, version: raw.version, headers: HTTPHeaders(raw.headers),
        body: raw.body, transport: raw.method.count % 2 == 0 ? .tcp : .unix, peerAddress: "127.0.0.1")
    if request.parameters["op"]?.contains("migrate") == true { return 0 }
    let response = current!.router.respond(to: request)
    precondition((100...599).contains(response.status), "status \(response.status)")
    let prefix = Array("(xend.err ".utf8)
    if response.body.starts(with: prefix) {
        do {
            _ = try SExpression.parse(response.body)
        } catch {
            fatalError("malformed error body \(String(decoding: response.body, as: UTF8.self)): \(error)")
        }
    }
    return 0
}

/// A simulated host in memory with a throw-away save directory.
final class FuzzHost {
    let directory: String
    let router: XendRouter

    init() {
        var template = Array("/tmp/xend-fuzz-request.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { fatalError("mkdtemp failed") }
        directory = String(cString: made)
        var configuration = SimulatedHypervisor.Configuration()
        configuration.clock = ManualClock()
        configuration.durableWrites = false
        configuration.dumpDirectory = directory
        var logger = Logger(label: "fuzz")
        logger.logLevel = .critical
        do {
            var settings = RouterSettings()
            settings.saveDirectory = directory
            router = XendRouter(
                backend: try SimulatedHypervisor(configuration: configuration, logger: logger), settings: settings)
        } catch {
            fatalError("simulated host: \(error)")
        }
    }

    deinit {
        removeFiles(in: directory)
        rmdir(directory)
    }
}

/// Removes the regular files the router wrote (save images, dumps); the directory has no subdirectories.
private func removeFiles(in directory: String) {
    guard let stream = opendir(directory) else { return }
    defer { closedir(stream) }
    while let entry = readdir(stream) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { unlink(directory + "/" + name) }
    }
}
