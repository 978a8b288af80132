import Logging
import XendHTTP

/// The daemon's swift-log handler: each event becomes one line `info xend.server: GET /xend/node 200 42µs
/// key=value` that ``DaemonLog`` stamps and sends on (standard error, its memory, the `--daemon-log` file).
///
/// The engine logs every request, and swift-log's `StreamLogHandler` costs about as much as the request
/// itself (it calls `localtime` and locks and flushes a `FILE`); this handler formats by hand and leaves
/// writing to one `write(2)` per line. The engine hands it each request's line as bytes
/// (``log(level:utf8Message:)``), which go straight into the line `DaemonLog` sends on.
public struct DaemonLogHandler: RequestLineLogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    /// The label's UTF-8, as `DaemonLog` appends it.
    private let label: [UInt8]
    private let destination: DaemonLog

    /// A handler for `label` whose lines go to `destination`.
    public init(label: String, destination: DaemonLog, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = Array(label.utf8)
        self.destination = destination
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        destination.append(
            level: event.level, label: label, message: event.message.description,
            suffix: suffix(eventMetadata: event.metadata))
    }

    public func log(level: Logger.Level, utf8Message message: UnsafeBufferPointer<UInt8>) {
        destination.append(level: level, label: label, utf8Message: message, suffix: suffix(eventMetadata: nil))
    }

    /// ` key=value` for each metadata item (the handler's, the provider's, then the event's; later ones
    /// win), sorted by key. The common line has no metadata: then nothing is built here, and `DaemonLog`
    /// writes the line straight into the buffer it sends on.
    private func suffix(eventMetadata: Logger.Metadata?) -> String {
        var suffix = ""
        let provided = metadataProvider?.get() ?? [:]
        if !metadata.isEmpty || !provided.isEmpty || !(eventMetadata?.isEmpty ?? true) {
            var merged = metadata
            merged.merge(provided) { _, new in new }
            if let eventMetadata { merged.merge(eventMetadata) { _, new in new } }
            for key in merged.keys.sorted() {
                suffix += " \(key)=\(merged[key].map { "\($0)" } ?? "")"
            }
        }
        return suffix
    }
}
