internal import CLibxl
internal import CXenlightShims
import Logging

/// libxl's xentoollog logger, forwarding every message to a swift-log `Logger`.
///
/// Ownership: the sink is retained (`Unmanaged.passRetained`) for as long as the C logger exists
/// and released in `destroy()`, after libxl can no longer call it (the context is freed first).
struct LibxlLogger {
    /// `xentoollog_logger *`
    let pointer: OpaquePointer
    private let sink: Unmanaged<LogSink>

    init(logger: Logger) throws(XenlightError) {
        let sink = Unmanaged.passRetained(LogSink(logger: logger))
        guard let cLogger = CXenlightShims_logger_create(forwardLogMessage, sink.toOpaque()) else {
            sink.release()
            throw XenlightError.noMemory.in("CXenlightShims_logger_create")
        }
        self.pointer = OpaquePointer(cLogger)
        self.sink = sink
    }

    func destroy() {
        xtl_logger_destroy(UnsafeMutablePointer<xentoollog_logger>(pointer))
        sink.release()
    }
}

/// Carries the Swift logger through libxl's C logger.
final class LogSink: Sendable {
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// xentoollog levels (XTL_DEBUG ... XTL_CRITICAL) as swift-log levels.
    static func level(_ xtl: CInt) -> Logger.Level {
        switch UInt32(truncatingIfNeeded: xtl) {
        case XTL_DEBUG.rawValue: .trace
        case XTL_VERBOSE.rawValue, XTL_DETAIL.rawValue: .debug
        case XTL_PROGRESS.rawValue, XTL_INFO.rawValue: .info
        case XTL_NOTICE.rawValue: .notice
        case XTL_WARN.rawValue: .warning
        case XTL_ERROR.rawValue: .error
        default: .critical
        }
    }
}

/// The C logger's callback: one formatted message from libxl, libxc or xenstore. Never throws.
private func forwardLogMessage(
    _ sinkContext: UnsafeMutableRawPointer?, _ level: CInt, _ errnoValue: CInt,
    _ context: UnsafePointer<CChar>?, _ message: UnsafePointer<CChar>?
) {
    guard let sinkContext else { return }
    let sink = Unmanaged<LogSink>.fromOpaque(sinkContext).takeUnretainedValue()
    var metadata: Logger.Metadata = [:]
    if let context { metadata["xtl.context"] = "\(String(cString: context))" }
    if errnoValue >= 0 { metadata["errno"] = "\(errnoValue)" }
    let text = message.map { String(cString: $0) } ?? ""
    sink.logger.log(level: LogSink.level(level), "\(text)", metadata: metadata)
}
