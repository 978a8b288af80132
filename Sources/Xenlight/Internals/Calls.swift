internal import CLibxl
internal import CXenlightShims
import FoundationEssentials
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Every libxl entry point the module uses, one shim each (swift-system's `Syscalls.swift` shape).
///
/// Nothing else in the module calls a `libxl_*` operation directly, so `Calls` is the complete list of
/// what the bindings do to the hypervisor. The one-to-one shims are generated from libxl.h into
/// Generated/LibxlCalls.swift (the list is `WrappedCall.libxl` in Sources/XenlightGenerator); the ones
/// here adapt a C convention the generator does not guess: a fixed argument (`LIBXL_VERSION`, `relative`,
/// `send_back_fd`), a malloc'd result copied then freed, or an enum, `Bool`, `UUID` or `Bitmap` converted.
/// Debug builds record each call's C name in `CallTrace`, which the tests read. The C prototype of each
/// call is in its comment.
enum Calls {
    // int libxl_ctx_alloc(libxl_ctx **pctx, int version, unsigned flags, xentoollog_logger *lg)
    static func ctxAlloc(_ context: inout OpaquePointer?, _ logger: OpaquePointer) -> CInt {
        CallTrace.record("libxl_ctx_alloc")
        return libxl_ctx_alloc(&context, CInt(LIBXL_VERSION), 0, UnsafeMutablePointer<xentoollog_logger>(logger))
    }

    // void libxl_childproc_setmode(libxl_ctx *ctx, const libxl_childproc_hooks *hooks, void *user)
    // (the hooks are CXenlightShims' static ones: libxl's default SIGCHLD ownership, a fork whose child
    // starts with no signal blocked)
    static func childprocSetmode(_ context: OpaquePointer) {
        CallTrace.record("libxl_childproc_setmode")
        let hooks = CXenlightShims_childproc_hooks().assumingMemoryBound(to: libxl_childproc_hooks.self)
        libxl_childproc_setmode(context, hooks, nil)
    }

    // const libxl_version_info *libxl_get_version_info(libxl_ctx *ctx)
    static func getVersionInfo(_ context: OpaquePointer) -> VersionInfo? {
        CallTrace.record("libxl_get_version_info")
        return libxl_get_version_info(context).map { VersionInfo(fromC: $0.pointee) }
    }

    // int libxl_console_get_tty(libxl_ctx *ctx, uint32_t domid, int cons_num, libxl_console_type type, char **path)
    // (the malloc'd path is copied, then freed)
    static func consoleGetTTY(_ context: OpaquePointer, _ domid: UInt32, _ number: CInt, _ type: ConsoleType)
        -> (CInt, String?)
    {
        CallTrace.record("libxl_console_get_tty")
        var path: UnsafeMutablePointer<CChar>?
        let cType = libxl_console_type(rawValue: .init(truncatingIfNeeded: type.rawValue))
        let rc = libxl_console_get_tty(context, domid, number, cType, &path)
        defer { free(path) }
        return (rc, path.map { String(cString: $0) })
    }

    // char *libxl_domid_to_name(libxl_ctx *ctx, uint32_t domid)
    // (the malloc'd name is copied, then freed)
    static func domidToName(_ context: OpaquePointer, _ domid: UInt32) -> String? {
        CallTrace.record("libxl_domid_to_name")
        let name = libxl_domid_to_name(context, domid)
        defer { free(name) }
        return name.map { String(cString: $0) }
    }

    // int libxl_domain_rename(libxl_ctx *ctx, uint32_t domid, const char *old_name, const char *new_name)
    static func domainRename(_ context: OpaquePointer, _ domid: UInt32, _ old: String?, _ new: String) -> CInt {
        CallTrace.record("libxl_domain_rename")
        return libxl_domain_rename(context, domid, old, new)
    }

    // int libxl_set_memory_target(libxl_ctx *ctx, uint32_t domid, int64_t target_memkb, int relative, int enforce)
    static func setMemoryTarget(_ context: OpaquePointer, _ domid: UInt32, _ kibibytes: Int64, _ enforce: Bool) -> CInt
    {
        CallTrace.record("libxl_set_memory_target")
        return libxl_set_memory_target(context, domid, kibibytes, 0, enforce ? 1 : 0)
    }

    // int libxl_send_trigger(libxl_ctx *ctx, uint32_t domid, libxl_trigger trigger, uint32_t vcpuid,
    //                        const libxl_asyncop_how *ao_how)
    static func sendTrigger(_ context: OpaquePointer, _ domid: UInt32, _ trigger: Trigger, _ vcpu: UInt32) -> CInt {
        CallTrace.record("libxl_send_trigger")
        let cTrigger = libxl_trigger(rawValue: .init(truncatingIfNeeded: trigger.rawValue))
        return libxl_send_trigger(context, domid, cTrigger, vcpu, nil)
    }

    // int libxl_set_vcpuaffinity(libxl_ctx *ctx, uint32_t domid, uint32_t vcpuid,
    //                            const libxl_bitmap *cpumap_hard, const libxl_bitmap *cpumap_soft)
    static func setVCPUAffinity(
        _ context: OpaquePointer, _ domid: UInt32, _ vcpu: UInt32, _ hard: Bitmap?, _ soft: Bitmap?
    ) -> CInt {
        CallTrace.record("libxl_set_vcpuaffinity")
        return withCBitmap(hard) { hardMap in
            withCBitmap(soft) { softMap in libxl_set_vcpuaffinity(context, domid, vcpu, hardMap, softMap) }
        }
    }

    // int libxl_set_vcpuonline(libxl_ctx *ctx, uint32_t domid, libxl_bitmap *cpumap, const libxl_asyncop_how *ao_how)
    static func setVCPUOnline(_ context: OpaquePointer, _ domid: UInt32, _ vcpus: Bitmap) -> CInt {
        CallTrace.record("libxl_set_vcpuonline")
        return withCBitmap(vcpus) { map in libxl_set_vcpuonline(context, domid, map, nil) }
    }

    // int libxl_domain_create_restore(libxl_ctx *ctx, libxl_domain_config *d_config, uint32_t *domid, int restore_fd,
    //     int send_back_fd, const libxl_domain_restore_params *params, const libxl_asyncop_how *ao_how,
    //     const libxl_asyncprogress_how *aop_console_how)
    static func domainCreateRestore(
        _ context: OpaquePointer, _ config: UnsafeMutablePointer<libxl_domain_config>, _ domid: inout UInt32,
        _ restoreFD: CInt, _ params: UnsafePointer<libxl_domain_restore_params>
    ) -> CInt {
        CallTrace.record("libxl_domain_create_restore")
        return libxl_domain_create_restore(context, config, &domid, restoreFD, -1, params, nil, nil)
    }

    // int libxl_domain_suspend(libxl_ctx *ctx, uint32_t domid, int fd, int flags, const libxl_asyncop_how *ao_how)
    static func domainSuspend(_ context: OpaquePointer, _ domid: UInt32, _ fd: CInt, live: Bool) -> CInt {
        CallTrace.record("libxl_domain_suspend")
        return libxl_domain_suspend(context, domid, fd, live ? CInt(LIBXL_SUSPEND_LIVE) : 0, nil)
    }

    // int libxl_domain_resume(libxl_ctx *ctx, uint32_t domid, int suspend_cancel, const libxl_asyncop_how *ao_how)
    static func domainResume(_ context: OpaquePointer, _ domid: UInt32, _ cooperative: Bool) -> CInt {
        CallTrace.record("libxl_domain_resume")
        return libxl_domain_resume(context, domid, cooperative ? 1 : 0, nil)
    }

    // int libxl_domain_preserve(libxl_ctx *ctx, uint32_t domid, libxl_domain_create_info *info,
    //                           const char *name_suffix, libxl_uuid new_uuid)
    static func domainPreserve(
        _ context: OpaquePointer, _ domid: UInt32, _ info: UnsafeMutablePointer<libxl_domain_create_info>,
        _ suffix: String, _ uuid: UUID
    ) -> CInt {
        CallTrace.record("libxl_domain_preserve")
        var cUUID = libxl_uuid()
        uuid.fill(&cUUID)
        return libxl_domain_preserve(context, domid, info, suffix, cUUID)
    }

    // int libxl_userdata_retrieve(libxl_ctx *ctx, uint32_t domid, const char *userdata_userid,
    //                             uint8_t **data_r, int *datalen_r)
    // (the malloc'd data is copied, then freed; nil when nothing is stored)
    static func userdataRetrieve(_ context: OpaquePointer, _ domid: UInt32, _ key: String) -> (CInt, [UInt8]?) {
        CallTrace.record("libxl_userdata_retrieve")
        var data: UnsafeMutablePointer<UInt8>?
        var length: CInt = 0
        let rc = libxl_userdata_retrieve(context, domid, key, &data, &length)
        defer { free(data) }
        guard rc == 0, let data, length > 0 else { return (rc, nil) }
        return (rc, Array(UnsafeBufferPointer(start: data, count: Int(length))))
    }

    // int libxl_event_check(libxl_ctx *ctx, libxl_event **event_r, uint64_t typemask,
    //                       libxl_event_predicate *predicate, void *predicate_user)
    // (the event is copied, then freed with libxl_event_free)
    static func eventCheck(_ context: OpaquePointer) -> (CInt, Event?) {
        CallTrace.record("libxl_event_check")
        var event: UnsafeMutablePointer<libxl_event>?
        let rc = libxl_event_check(context, &event, UInt64.max, nil, nil)
        return (rc, takeEvent(context, event))
    }

    // int libxl_event_wait(libxl_ctx *ctx, libxl_event **event_r, uint64_t typemask,
    //                      libxl_event_predicate *predicate, void *predicate_user)
    static func eventWait(_ context: OpaquePointer) -> (CInt, Event?) {
        CallTrace.record("libxl_event_wait")
        var event: UnsafeMutablePointer<libxl_event>?
        let rc = libxl_event_wait(context, &event, UInt64.max, nil, nil)
        return (rc, takeEvent(context, event))
    }

    // void libxl_event_free(libxl_ctx *ctx, libxl_event *event)
    private static func takeEvent(_ context: OpaquePointer, _ event: UnsafeMutablePointer<libxl_event>?) -> Event? {
        guard let event else { return nil }
        defer { libxl_event_free(context, event) }
        return Event(fromC: event.pointee)
    }

    // int libxl_domain_need_memory(libxl_ctx *ctx, libxl_domain_config *config, uint32_t domid_for_logging,
    //                              uint64_t *need_memkb)
    static func domainNeedMemory(
        _ context: OpaquePointer, _ config: UnsafeMutablePointer<libxl_domain_config>, _ kibibytes: inout UInt64
    ) -> CInt {
        CallTrace.record("libxl_domain_need_memory")
        return libxl_domain_need_memory(context, config, Domid.invalid.rawValue, &kibibytes)
    }

    // int libxl_<T>_from_json(libxl_ctx *ctx, libxl_<T> *p, const char *s) — the generated parseJSON calls it.
    static func fromJSON(_ name: String, _ call: () -> CInt) -> CInt {
        CallTrace.record(name)
        return call()
    }
}

/// Debug builds remember which libxl functions ran, for tests; release builds record nothing.
enum CallTrace {
    #if DEBUG
        private static let calls = Mutex<[String]>([])
    #endif

    static func record(_ name: String) {
        #if DEBUG
            calls.withLock { calls in
                // Bounded, so a long-running debug build does not grow without limit.
                if calls.count >= 4096 { calls.removeFirst(2048) }
                calls.append(name)
            }
        #endif
    }

    /// Every call recorded so far (empty in release builds).
    static var recorded: [String] {
        #if DEBUG
            calls.withLock { $0 }
        #else
            []
        #endif
    }
}
