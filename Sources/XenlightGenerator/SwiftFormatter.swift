import Foundation

/// Runs the toolchain's `swift-format` over generated files, so the committed output is already
/// formatted (docs/xenlight-gen.md) and `make lint` passes on it.
public struct SwiftFormatter: Sendable {
    public var executable: String
    /// The repository's `.swift-format`; nil uses swift-format's defaults.
    public var configuration: String?

    public init(executable: String, configuration: String?) {
        self.executable = executable
        self.configuration = configuration
    }

    /// `swift-format` beside the given clang (both ship in the toolchain's `usr/bin`).
    public static func besideClang(_ clangPath: String, configuration: String?) -> SwiftFormatter {
        let directory = URL(fileURLWithPath: clangPath).deletingLastPathComponent()
        return SwiftFormatter(
            executable: directory.appendingPathComponent("swift-format").path, configuration: configuration)
    }

    /// Formats every `.swift` file in `directory` in place.
    func format(directory: URL) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".swift") }.sorted()
            .map { directory.appendingPathComponent($0).path }
        guard !files.isEmpty else { return }
        var arguments = ["format", "--in-place", "--parallel"]
        if let configuration { arguments += ["--configuration", configuration] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + files
        let errorPipe = Pipe()
        process.standardError = errorPipe
        try process.run()
        let errorText = String(decoding: errorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GeneratorError.malformed("swift-format failed (\(process.terminationStatus)): \(errorText)")
        }
    }
}
