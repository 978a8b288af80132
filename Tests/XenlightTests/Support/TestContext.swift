import CXenlightTestSupport
import Logging
import Synchronization

@testable import Xenlight

/// Collects log messages so tests can assert on what libxl logged.
final class CollectedLogs: Sendable {
    private let messages = Mutex<[(Logger.Level, String)]>([])

    var all: [(Logger.Level, String)] { messages.withLock { $0 } }

    func logger() -> Logger {
        Logger(label: "xenlight") { _ in CollectingHandler(logs: self) }
    }

    fileprivate func append(_ level: Logger.Level, _ message: String) {
        messages.withLock { $0.append((level, message)) }
    }
}

private struct CollectingHandler: LogHandler {
    let logs: CollectedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        logs.append(event.level, "\(event.message)")
    }
}

/// True when this machine has no hypervisor, so contexts run on CXenlightTestSupport's placeholders.
var usingPlaceholderHandles: Bool { CXenlightTestSupport_usingPlaceholderHandles() }
