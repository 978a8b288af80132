internal import CLibxl
internal import CXenlightShims
import Logging

/// An open libxl context (`libxl_ctx`): the handle every libxl operation goes through.
///
/// Open one with `withContext(logger:_:)`, which always closes it, or with `init(logger:)` and an
/// explicit `close()`. libxl's own messages (and libxc's) go to the given logger.
///
/// Sendability: libxl.h ("libxl memory management") says "struct libxl_ctx* is threadsafe", so one
/// context may be shared by every thread; the class itself holds nothing mutable besides the
/// closed flag, which is only changed by `close()`.
public final class Context: @unchecked Sendable {
    /// `libxl_ctx *`; valid until `close()`.
    let handle: OpaquePointer
    private let logSink: Unmanaged<LogSink>
    private let cLogger: UnsafeMutablePointer<xentoollog_logger>
    private var isClosed = false

    /// Opens a context (`libxl_ctx_alloc`).
    ///
    /// - Parameter logger: receives libxl's log messages (label them `xenlight`).
    /// - Throws: `XenlightError` when libxl cannot reach the hypervisor or xenstore
    ///   (libxl logs why: e.g. "cannot open libxc handle").
    public init(logger: Logger) throws(XenlightError) {
        let sink = Unmanaged.passRetained(LogSink(logger: logger))
        guard let cLogger = CXenlightShims_logger_create(forwardLogMessage, sink.toOpaque()) else {
            sink.release()
            throw XenlightError.noMemory.in("CXenlightShims_logger_create")
        }
        var context: OpaquePointer?
        let rc = Calls.ctxAlloc(&context, cLogger)
        guard rc == 0, let context else {
            xtl_logger_destroy(cLogger)
            sink.release()
            throw XenlightError(
                code: ErrorCode(rawValue: rc < 0 ? rc : ErrorCode.fail.rawValue), function: "libxl_ctx_alloc")
        }
        self.handle = context
        self.cLogger = cLogger
        self.logSink = sink
    }

    /// Frees the context (`libxl_ctx_free`). Calling it twice is harmless.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = Calls.ctxFree(handle)
        xtl_logger_destroy(cLogger)
        logSink.release()
    }

    deinit {
        assert(isClosed, "Xenlight.Context was not closed; use withContext or call close()")
        close()
    }
}

/// Opens a context, runs `body`, and closes the context on both paths; `body`'s error wins.
public func withContext<R>(
    logger: Logger = Logger(label: "xenlight"), _ body: (Context) throws -> R
) throws -> R {
    let context = try Context(logger: logger)
    defer { context.close() }
    return try body(context)
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

/// The C logger's callback: one formatted message from libxl, libxc or xenstore.
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
