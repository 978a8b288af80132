import Foundation

/// Throwaway certificates made by `scripts/make-test-pki.sh` (openssl) in a fresh temporary directory.
struct TestPKI: Sendable {
    let directory: String

    static let available = FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")

    init() throws {
        directory = NSTemporaryDirectory() + "/xendserver-pki-\(UUID().uuidString)"
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/make-test-pki.sh").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [script, directory]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    func path(_ name: String) -> String { directory + "/" + name }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
