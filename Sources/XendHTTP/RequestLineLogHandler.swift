import Logging

/// A log handler that also takes a message as UTF-8 bytes, so the engine's per-request line (see
/// `MHDListener.log`) reaches it without a `String` or swift-log's `LogEvent` being built: those cost
/// some 2k instructions per request (callgrind, docs/performance.md).
///
/// The engine looks for this conformance once, on its logger's handler; any other handler gets the
/// line through `Logger.info` as before.
public protocol RequestLineLogHandler: LogHandler {
    /// Logs `message` at `level` exactly as `log(event:)` would log a `LogEvent` with the same text and no
    /// metadata of its own. The caller has already checked `level` against ``logLevel``; the bytes are
    /// borrowed for the call.
    func log(level: Logger.Level, utf8Message message: UnsafeBufferPointer<UInt8>)
}
