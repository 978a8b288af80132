import Logging
import Synchronization

/// An open libxl context (`libxl_ctx`): the handle every libxl operation goes through.
///
/// Open one with `withContext(logger:_:)`, which always closes it, or with `init(logger:)` and an
/// explicit `close()`. libxl's own messages (and libxc's) go to the given logger.
///
/// Sendability: libxl.h ("libxl memory management") says "struct libxl_ctx* is threadsafe", so one
/// context may be shared by every thread. Its only mutable state, the closed flag, sits behind a
/// mutex; `close()` must still not race with other calls on the same context.
public final class Context: @unchecked Sendable {
    /// `libxl_ctx *`; valid until `close()`.
    let handle: OpaquePointer
    private let logger: LibxlLogger
    private let isClosed = Mutex(false)

    /// Opens a context (`libxl_ctx_alloc`) whose child processes start with no signal blocked
    /// (`libxl_childproc_setmode`).
    ///
    /// A program that blocks signals to take them with `sigwait` (xend does) would otherwise pass its
    /// mask on to every process libxl starts: a device model with SIGHUP blocked ignores libxl's SIGHUP
    /// at destroy, keeps the guest's memory mapped, and the domain lingers as "(null)"
    /// (CXenlightShims_children.h). libxl keeps its default SIGCHLD ownership: it reaps every child of
    /// the process while one of its operations runs, so a program using it must not run children of its own.
    ///
    /// - Parameter logger: receives libxl's log messages (label them `xenlight`).
    /// - Throws: `XenlightError` when the Xen libraries cannot be loaded (function `dlopen`; the logger
    ///   gets ``XenLibrariesUnavailable``'s words), or libxl cannot reach the hypervisor or xenstore
    ///   (libxl logs why: e.g. "cannot open libxc handle").
    public init(logger: Logger) throws(XenlightError) {
        do {
            try XenLibraries.load()
        } catch {
            logger.error("\(error)")
            throw XenlightError(code: .fail, function: "dlopen")
        }
        let cLogger = try LibxlLogger(logger: logger)
        var context: OpaquePointer?
        let rc = Calls.ctxAlloc(&context, cLogger.pointer)
        guard rc == 0, let context else {
            cLogger.destroy()
            let code = rc < 0 ? ErrorCode(rawValue: rc) : .fail
            throw XenlightError(code: code, function: "libxl_ctx_alloc")
        }
        Calls.childprocSetmode(context)
        self.handle = context
        self.logger = cLogger
    }

    /// Frees the context (`libxl_ctx_free`). Calling it twice is harmless.
    public func close() {
        let wasClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        _ = Calls.ctxFree(handle)
        logger.destroy()
    }

    deinit {
        assert(isClosed.withLock { $0 }, "Xenlight.Context was not closed; use withContext or call close()")
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
