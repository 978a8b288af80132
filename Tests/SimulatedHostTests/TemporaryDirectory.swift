import Glibc

@testable import Hypervisor
@testable import SimulatedHost

/// A fresh directory under /tmp, removed when the value goes away.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/xend-sim-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw AtomicFile.Failure(path: "/tmp", reason: "mkdtemp failed") }
        path = String(cString: made)
    }

    /// Writes bytes as they are (no envelope), to damage files on purpose.
    func writeRaw(_ bytes: [UInt8], to relative: String) throws {
        let descriptor = open(path + "/" + relative, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw AtomicFile.Failure(path: relative, reason: "open failed") }
        defer { close(descriptor) }
        try AtomicFile.writeAll(bytes, to: descriptor, path: relative)
    }

    deinit {
        Self.remove(path)
    }

    private static func remove(_ path: String) {
        if let names = try? AtomicFile.entries(of: path) {
            for name in names { remove(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
