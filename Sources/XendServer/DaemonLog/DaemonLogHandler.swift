import Logging

/// The daemon's swift-log handler: each event becomes one line `info xend.server: GET /xend/node 200 42µs
/// key=value` that ``DaemonLog`` stamps and sends on (standard error, its memory, the `--daemon-log` file).
///
/// The engine logs every request, and swift-log's `StreamLogHandler` costs about as much as the request
/// itself (it calls `localtime` and locks and flushes a `FILE`); this handler formats by hand and leaves
/// writing to one `write(2)` per line.
public struct DaemonLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let destination: DaemonLog

    /// A handler for `label` whose lines go to `destination`.
    public init(label: String, destination: DaemonLog, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.destination = destination
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        // The common line has no metadata: then nothing is built here, and `DaemonLog` writes the line
        // straight into the buffer it sends on.
        var suffix = ""
        let provided = metadataProvider?.get() ?? [:]
        if !metadata.isEmpty || !provided.isEmpty || !(event.metadata?.isEmpty ?? true) {
            var merged = metadata
            merged.merge(provided) { _, new in new }
            if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
            for key in merged.keys.sorted() {
                suffix += " \(key)=\(merged[key].map { "\($0)" } ?? "")"
            }
        }
        destination.append(level: event.level, label: label, message: event.message.description, suffix: suffix)
    }
}
