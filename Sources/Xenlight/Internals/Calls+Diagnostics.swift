internal import CLibxl
internal import CXenlightShims

#if canImport(Glibc)
    import Glibc
#endif

/// The hypervisor console ring, core dumps, and the few libxenctrl/libxenstore calls libxl has no public
/// wrapper for (through CXenlightShims). Kept apart from `Calls.swift` only to keep files small; the
/// rule is the same: nothing else in the module calls these C functions.
extension Calls {
    // int libxl_domain_core_dump(libxl_ctx *ctx, uint32_t domid, const char *filename,
    //                            const libxl_asyncop_how *ao_how)
    static func domainCoreDump(_ context: OpaquePointer, _ domid: UInt32, _ path: String) -> CInt {
        CallTrace.record("libxl_domain_core_dump")
        return libxl_domain_core_dump(context, domid, path, nil)
    }

    // libxl_xen_console_reader *libxl_xen_console_read_start(libxl_ctx *ctx, int clear)
    static func xenConsoleReadStart(_ context: OpaquePointer, clear: Bool) -> OpaquePointer? {
        CallTrace.record("libxl_xen_console_read_start")
        return libxl_xen_console_read_start(context, clear ? 1 : 0)
    }

    // int libxl_xen_console_read_line(libxl_ctx *ctx, libxl_xen_console_reader *cr, char **line_r)
    // 1 and a chunk of the ring (libxl's own buffer, copied here), 0 at the end, or a negative ERROR_*.
    static func xenConsoleReadLine(_ context: OpaquePointer, _ reader: OpaquePointer) -> (CInt, String?) {
        CallTrace.record("libxl_xen_console_read_line")
        var line: UnsafeMutablePointer<CChar>?
        let rc = libxl_xen_console_read_line(context, reader, &line)
        return (rc, rc == 1 ? line.map { String(cString: $0) } : nil)
    }

    // void libxl_xen_console_read_finish(libxl_ctx *ctx, libxl_xen_console_reader *cr)
    static func xenConsoleReadFinish(_ context: OpaquePointer, _ reader: OpaquePointer) {
        CallTrace.record("libxl_xen_console_read_finish")
        libxl_xen_console_read_finish(context, reader)
    }

    // int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason), on a handle of its own
    // (0 or a negative errno)
    static func remoteShutdown(_ domid: UInt32, _ reason: CInt) -> CInt {
        CallTrace.record("xc_domain_shutdown")
        return CXenlightShims_remote_shutdown(domid, reason)
    }

    // void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *len)
    // (the value, or nil with the errno)
    static func xenstoreRead(_ path: String) -> (String?, Int32) {
        CallTrace.record("xs_read")
        guard let value = CXenlightShims_xenstore_read(path) else { return (nil, errno) }
        defer { free(value) }
        return (String(cString: value), 0)
    }

    // char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *num)
    static func xenstoreDirectory(_ path: String) -> ([String]?, Int32) {
        CallTrace.record("xs_directory")
        var count: CUnsignedInt = 0
        guard let entries = CXenlightShims_xenstore_directory(path, &count) else { return (nil, errno) }
        defer { free(entries) }
        return ((0..<Int(count)).compactMap { entries[$0].map { String(cString: $0) } }, 0)
    }

    // xs_open, then bool xs_watch(struct xs_handle *h, const char *path, const char *token)
    static func xenstoreWatchOpen(_ path: String) -> (OpaquePointer?, Int32) {
        CallTrace.record("xs_watch")
        guard let handle = CXenlightShims_xenstore_watch_open(path) else { return (nil, errno) }
        return (handle, 0)
    }

    // char **xs_read_watch(struct xs_handle *h, unsigned int *num)
    static func xenstoreWatchNext(_ handle: OpaquePointer) -> (String?, Int32) {
        guard let path = CXenlightShims_xenstore_watch_next(handle) else { return (nil, errno) }
        defer { free(path) }
        return (String(cString: path), 0)
    }

    // void xs_close(struct xs_handle *h)
    static func xenstoreWatchClose(_ handle: OpaquePointer) {
        CXenlightShims_xenstore_watch_close(handle)
    }
}
