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
        // Built straight into bytes: this runs for every request, and the common line has no metadata.
        var line: [UInt8] = []
        line.reserveCapacity(160)
        line.appendUTF8(event.level.rawValue)
        line.append(UInt8(ascii: " "))
        line.appendUTF8(label)
        line.append(UInt8(ascii: ":"))
        line.append(UInt8(ascii: " "))
        line.appendUTF8(event.message.description)
        let provided = metadataProvider?.get() ?? [:]
        if !metadata.isEmpty || !provided.isEmpty || !(event.metadata?.isEmpty ?? true) {
            var merged = metadata
            merged.merge(provided) { _, new in new }
            if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
            for key in merged.keys.sorted() {
                line.append(contentsOf: " \(key)=\(merged[key].map { "\($0)" } ?? "")".utf8)
            }
        }
        line.append(UInt8(ascii: "\n"))
        destination.append(line, level: event.level)
    }
}

extension [UInt8] {
    /// Appends `text`'s UTF-8 with one copy from the string's storage (appending `text.utf8` goes
    /// through the generic sequence path).
    mutating func appendUTF8(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }
}
