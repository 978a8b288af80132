import Foundation

/// A spinner on standard error while a long operation (save, restore) runs. Drawn only when standard
/// error is a terminal, so scripts and logs see nothing but the final messages.
enum Progress {
    /// Runs `operation`, drawing `label` and a spinner until it finishes.
    static func run<Result: Sendable>(
        _ label: String,
        isolation: isolated (any Actor)? = #isolation,
        _ operation: () async throws -> Result
    ) async throws -> Result {
        guard StandardError.isTerminal else { return try await operation() }
        let spinner = Task {
            let frames = ["|", "/", "-", "\\"]
            var frame = 0
            let start = ContinuousClock.now
            while !Task.isCancelled {
                let elapsed = (ContinuousClock.now - start).components.seconds
                StandardError.writeRaw("\r\(label) \(frames[frame % frames.count]) \(elapsed)s")
                frame += 1
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        defer {
            spinner.cancel()
            StandardError.writeRaw("\r\u{1B}[K")
        }
        return try await operation()
    }
}

extension StandardError {
    /// Writes without adding a newline.
    static func writeRaw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
