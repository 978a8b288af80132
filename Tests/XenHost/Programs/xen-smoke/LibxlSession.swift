import CLibxl
import Glibc

/// One libxl context plus the stderr logger libxl reports its own errors through.
///
/// Only the smoke test's main thread uses it, so it is neither `Sendable` nor locked.
final class LibxlSession {
    private let logger: UnsafeMutablePointer<xentoollog_logger>
    /// The `libxl_ctx *` (an opaque C type), valid until `close()`.
    let ctx: OpaquePointer
    private var isClosed = false

    /// Opens a context (`libxl_ctx_alloc`) with a `xentoollog` stdio logger on stderr.
    /// - Parameter verbose: log libxl's debug messages too, not only warnings and errors.
    /// - Throws: `SmokeFailure` when libxl cannot reach the hypervisor (no Xen, not dom0, no privcmd).
    init(verbose: Bool) throws(SmokeFailure) {
        // fdopen rather than the C global `stderr`, which strict concurrency rejects as shared mutable state.
        guard let stream = fdopen(STDERR_FILENO, "w"),
            let stdio = xtl_createlogger_stdiostream(stream, verbose ? XTL_DEBUG : XTL_WARN, 0)
        else { throw SmokeFailure("cannot create a xentoollog stdio logger") }
        // The stdio logger begins with the generic xentoollog_logger header, which is what libxl takes.
        let logger = UnsafeMutablePointer<xentoollog_logger>(stdio)
        var ctx: OpaquePointer?
        let rc = libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, logger)
        guard rc == 0, let ctx else {
            xtl_logger_destroy(logger)
            throw SmokeFailure(
                "libxl_ctx_alloc returned \(rc): no usable Xen here "
                    + "(this program must run as root in a Xen dom0 with xenstored running)"
            )
        }
        self.logger = logger
        self.ctx = ctx
    }

    /// Frees the context, then the logger (libxl may log while freeing).
    func close() {
        guard !isClosed else { return }
        isClosed = true
        libxl_ctx_free(ctx)
        xtl_logger_destroy(logger)
    }

    deinit {
        assert(isClosed, "LibxlSession must be closed before it is released")
    }

    /// The host's CPUs and memory (`libxl_get_physinfo`).
    func physicalInfo() throws(SmokeFailure) -> HostInfo {
        var info = libxl_physinfo()
        libxl_physinfo_init(&info)
        defer { libxl_physinfo_dispose(&info) }
        try checkLibxl(libxl_get_physinfo(ctx, &info), "libxl_get_physinfo")
        return HostInfo(
            cpuCount: Int(info.nr_cpus),
            totalMiB: info.total_pages * 4 / 1024,
            freeMiB: info.free_pages * 4 / 1024
        )
    }

    /// The hypervisor's version and capabilities (`libxl_get_version_info`; libxl owns the result).
    func versionInfo() throws(SmokeFailure) -> XenVersion {
        guard let info = libxl_get_version_info(ctx) else {
            throw SmokeFailure("libxl_get_version_info returned NULL")
        }
        return XenVersion(
            major: Int(info.pointee.xen_version_major),
            minor: Int(info.pointee.xen_version_minor),
            extra: info.pointee.xen_version_extra.map { String(cString: $0) } ?? "",
            capabilities: info.pointee.capabilities.map { String(cString: $0) } ?? ""
        )
    }

    /// Every domain the hypervisor knows (`libxl_list_domain`), copied out of libxl's array.
    func domains() throws(SmokeFailure) -> [DomainSnapshot] {
        var count: CInt = 0
        guard let list = libxl_list_domain(ctx, &count) else {
            throw SmokeFailure("libxl_list_domain returned NULL")
        }
        defer { libxl_dominfo_list_free(list, count) }
        return (0..<Int(count)).map { DomainSnapshot(list[$0], name: name(of: list[$0].domid)) }
    }

    /// One domain's state (`libxl_domain_info`), or nil once the domain no longer exists.
    func domain(_ domid: UInt32) throws(SmokeFailure) -> DomainSnapshot? {
        var info = libxl_dominfo()
        libxl_dominfo_init(&info)
        defer { libxl_dominfo_dispose(&info) }
        let rc = libxl_domain_info(ctx, &info, domid)
        if rc == ERROR_DOMAIN_NOTFOUND.rawValue { return nil }
        try checkLibxl(rc, "libxl_domain_info")
        return DomainSnapshot(info, name: name(of: domid))
    }

    /// The domain's name from xenstore (`libxl_domid_to_name`), empty when it has none.
    private func name(of domid: UInt32) -> String {
        guard let cName = libxl_domid_to_name(ctx, domid) else { return "" }
        defer { free(cName) }
        return String(cString: cName)
    }
}

/// What `libxl_get_physinfo` says about the host, in MiB.
struct HostInfo {
    let cpuCount: Int
    let totalMiB: UInt64
    let freeMiB: UInt64
}

/// What `libxl_get_version_info` says about the hypervisor.
struct XenVersion {
    let major: Int
    let minor: Int
    let extra: String
    let capabilities: String
}

/// A copy of one `libxl_dominfo`, taken at one moment.
struct DomainSnapshot {
    let domid: UInt32
    let name: String
    let isRunning: Bool
    let isBlocked: Bool
    let isPaused: Bool
    let isShutdown: Bool
    let isCrashed: Bool
    let isDying: Bool
    let memoryMiB: UInt64
    /// Nanoseconds of CPU time the domain has used.
    let cpuTime: UInt64

    init(_ info: libxl_dominfo, name: String) {
        domid = info.domid
        self.name = name
        isRunning = info.running
        isBlocked = info.blocked
        isPaused = info.paused
        isShutdown = info.shutdown
        isCrashed = info.shutdown && info.shutdown_reason == LIBXL_SHUTDOWN_REASON_CRASH
        isDying = info.dying
        memoryMiB = info.current_memkb / 1024
        cpuTime = info.cpu_time
    }

    /// Alive and scheduled: neither paused nor on its way out (an idle guest shows as blocked, not running).
    var isLive: Bool { !isPaused && !isShutdown && !isDying }

    /// The state column `xl list` prints: r b p s c d, or `-` for each flag that is clear.
    var flags: String {
        [(isRunning, "r"), (isBlocked, "b"), (isPaused, "p"), (isShutdown, "s"), (isCrashed, "c"), (isDying, "d")]
            .map { $0.0 ? $0.1 : "-" }.joined()
    }
}
