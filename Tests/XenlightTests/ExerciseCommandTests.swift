import Foundation
import Testing

/// `xenlight-exercise` end to end: on a machine without Xen it must say so and exit 2.
@Suite("xenlight-exercise")
struct ExerciseCommandTests {
    static let executable = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/xenlight-exercise")

    static var hasHypervisor: Bool {
        FileManager.default.fileExists(atPath: "/dev/xen/privcmd")
            || FileManager.default.fileExists(atPath: "/proc/xen/privcmd")
    }

    @Test(
        "without a hypervisor it prints a clear message and exits 2",
        .enabled(if: !hasHypervisor, "this machine runs Xen: the exercise would really run"),
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: executable.path),
            "build it first: swift build --product xenlight-exercise")
    )
    func noHypervisor() throws {
        let process = Process()
        process.executableURL = Self.executable
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(text.contains("no Xen hypervisor reachable"))
        #expect(!text.contains("PASS"))
    }
}
