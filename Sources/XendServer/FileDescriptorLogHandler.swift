import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// A swift-log handler that writes each event as one line with a single `write(2)` to a file
/// descriptor (standard error by default): `2026-11-22T00:15:11Z info xend.server: GET /xend/node 200 42µs`.
///
/// The engine logs every request, and swift-log's `StreamLogHandler` costs about as much as the
/// request itself (it calls `localtime`, which re-reads the time zone, and locks and flushes a
/// `FILE`). This handler formats a UTC timestamp with `gmtime_r` and needs no lock: one `write` of
/// a line is atomic on pipes and `O_APPEND` files, which is what journald and log files are.
public struct FileDescriptorLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let fileDescriptor: Int32

    /// A handler for `label` writing to `fileDescriptor` (2, standard error, by default).
    public init(label: String, fileDescriptor: Int32 = 2, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.fileDescriptor = fileDescriptor
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata, !explicit.isEmpty { merged.merge(explicit) { _, new in new } }
        var line = Self.timestamp()
        line.append(contentsOf: " \(event.level) \(label): \(event.message)".utf8)
        if !merged.isEmpty {
            for key in merged.keys.sorted() {
                line.append(contentsOf: " \(key)=\(merged[key].map { "\($0)" } ?? "")".utf8)
            }
        }
        line.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < line.count {
            let written = line[offset...].withUnsafeBytes { buffer in
                write(fileDescriptor, buffer.baseAddress, buffer.count)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC, as bytes.
    static func timestamp() -> [UInt8] {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160)
        func digits(_ value: Int32, _ width: Int) {
            var divisor: Int32 = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8((value / divisor) % 10))
                divisor /= 10
            }
        }
        digits(parts.tm_year + 1900, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(parts.tm_mon + 1, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(parts.tm_mday, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(parts.tm_hour, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(parts.tm_min, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(parts.tm_sec, 2)
        bytes.append(UInt8(ascii: "Z"))
        return bytes
    }
}
