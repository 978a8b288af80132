internal import CLibxl
import FoundationEssentials
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Every libxl entry point the module uses, one line each (swift-system's `Syscalls.swift` shape).
///
/// Nothing else in the module calls a `libxl_*` operation directly, so this file is the complete
/// list of what the bindings do to the hypervisor. Debug builds record each call's C name in
/// `CallTrace`, which the tests read. The C prototype of each call is in its comment.
enum Calls {
    // int libxl_ctx_alloc(libxl_ctx **pctx, int version, unsigned flags, xentoollog_logger *lg)
    static func ctxAlloc(_ context: inout OpaquePointer?, _ logger: OpaquePointer) -> CInt {
        CallTrace.record("libxl_ctx_alloc")
        return libxl_ctx_alloc(&context, CInt(LIBXL_VERSION), 0, UnsafeMutablePointer<xentoollog_logger>(logger))
    }

    // int libxl_ctx_free(libxl_ctx *ctx)
    static func ctxFree(_ context: OpaquePointer) -> CInt {
        CallTrace.record("libxl_ctx_free")
        return libxl_ctx_free(context)
    }

    // const libxl_version_info *libxl_get_version_info(libxl_ctx *ctx)
    static func getVersionInfo(_ context: OpaquePointer) -> VersionInfo? {
        CallTrace.record("libxl_get_version_info")
        return libxl_get_version_info(context).map { VersionInfo(fromC: $0.pointee) }
    }

    // int libxl_get_max_cpus(libxl_ctx *ctx)
    static func getMaxCPUs(_ context: OpaquePointer) -> CInt {
        CallTrace.record("libxl_get_max_cpus")
        return libxl_get_max_cpus(context)
    }

    // int libxl_get_online_cpus(libxl_ctx *ctx)
    static func getOnlineCPUs(_ context: OpaquePointer) -> CInt {
        CallTrace.record("libxl_get_online_cpus")
        return libxl_get_online_cpus(context)
    }

    // int libxl_get_max_nodes(libxl_ctx *ctx)
    static func getMaxNodes(_ context: OpaquePointer) -> CInt {
        CallTrace.record("libxl_get_max_nodes")
        return libxl_get_max_nodes(context)
    }

    // int libxl_get_free_memory(libxl_ctx *ctx, uint64_t *memkb)
    static func getFreeMemory(_ context: OpaquePointer, _ kibibytes: inout UInt64) -> CInt {
        CallTrace.record("libxl_get_free_memory")
        return libxl_get_free_memory(context, &kibibytes)
    }

    // int libxl_get_physinfo(libxl_ctx *ctx, libxl_physinfo *physinfo)
    static func getPhysinfo(_ context: OpaquePointer, _ info: UnsafeMutablePointer<libxl_physinfo>) -> CInt {
        CallTrace.record("libxl_get_physinfo")
        return libxl_get_physinfo(context, info)
    }

    // int libxl_domain_create_new(libxl_ctx *ctx, libxl_domain_config *d_config, uint32_t *domid,
    //                             const libxl_asyncop_how *ao_how, const libxl_asyncprogress_how *aop_console_how)
    static func domainCreateNew(
        _ context: OpaquePointer, _ config: UnsafeMutablePointer<libxl_domain_config>, _ domid: inout UInt32
    ) -> CInt {
        CallTrace.record("libxl_domain_create_new")
        return libxl_domain_create_new(context, config, &domid, nil, nil)
    }

    // int libxl_domain_pause(libxl_ctx *ctx, uint32_t domid, const libxl_asyncop_how *ao_how)
    static func domainPause(_ context: OpaquePointer, _ domid: UInt32) -> CInt {
        CallTrace.record("libxl_domain_pause")
        return libxl_domain_pause(context, domid, nil)
    }

    // int libxl_domain_unpause(libxl_ctx *ctx, uint32_t domid, const libxl_asyncop_how *ao_how)
    static func domainUnpause(_ context: OpaquePointer, _ domid: UInt32) -> CInt {
        CallTrace.record("libxl_domain_unpause")
        return libxl_domain_unpause(context, domid, nil)
    }

    // int libxl_domain_shutdown(libxl_ctx *ctx, uint32_t domid, const libxl_asyncop_how *ao_how)
    static func domainShutdown(_ context: OpaquePointer, _ domid: UInt32) -> CInt {
        CallTrace.record("libxl_domain_shutdown")
        return libxl_domain_shutdown(context, domid, nil)
    }

    // int libxl_domain_reboot(libxl_ctx *ctx, uint32_t domid, const libxl_asyncop_how *ao_how)
    static func domainReboot(_ context: OpaquePointer, _ domid: UInt32) -> CInt {
        CallTrace.record("libxl_domain_reboot")
        return libxl_domain_reboot(context, domid, nil)
    }

    // int libxl_domain_destroy(libxl_ctx *ctx, uint32_t domid, const libxl_asyncop_how *ao_how)
    static func domainDestroy(_ context: OpaquePointer, _ domid: UInt32) -> CInt {
        CallTrace.record("libxl_domain_destroy")
        return libxl_domain_destroy(context, domid, nil)
    }

    // int libxl_domain_info(libxl_ctx *ctx, libxl_dominfo *info_r, uint32_t domid)
    static func domainInfo(
        _ context: OpaquePointer, _ info: UnsafeMutablePointer<libxl_dominfo>, _ domid: UInt32
    ) -> CInt {
        CallTrace.record("libxl_domain_info")
        return libxl_domain_info(context, info, domid)
    }

    // libxl_dominfo *libxl_list_domain(libxl_ctx *ctx, int *nb_domain_out)
    static func listDomain(_ context: OpaquePointer, _ count: inout CInt) -> UnsafeMutablePointer<libxl_dominfo>? {
        CallTrace.record("libxl_list_domain")
        return libxl_list_domain(context, &count)
    }

    // void libxl_dominfo_list_free(libxl_dominfo *list, int nb_domain)
    static func dominfoListFree(_ list: UnsafeMutablePointer<libxl_dominfo>, _ count: CInt) {
        libxl_dominfo_list_free(list, count)
    }

    // libxl_vcpuinfo *libxl_list_vcpu(libxl_ctx *ctx, uint32_t domid, int *nb_vcpu, int *nr_cpus_out)
    static func listVCPU(
        _ context: OpaquePointer, _ domid: UInt32, _ count: inout CInt, _ cpus: inout CInt
    ) -> UnsafeMutablePointer<libxl_vcpuinfo>? {
        CallTrace.record("libxl_list_vcpu")
        return libxl_list_vcpu(context, domid, &count, &cpus)
    }

    // void libxl_vcpuinfo_list_free(libxl_vcpuinfo *, int nr_vcpus)
    static func vcpuinfoListFree(_ list: UnsafeMutablePointer<libxl_vcpuinfo>, _ count: CInt) {
        libxl_vcpuinfo_list_free(list, count)
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

    // int libxl_name_to_domid(libxl_ctx *ctx, const char *name, uint32_t *domid)
    static func nameToDomid(_ context: OpaquePointer, _ name: String, _ domid: inout UInt32) -> CInt {
        CallTrace.record("libxl_name_to_domid")
        return libxl_name_to_domid(context, name, &domid)
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

    // int libxl_domain_setmaxmem(libxl_ctx *ctx, uint32_t domid, uint64_t target_memkb)
    static func domainSetMaxMem(_ context: OpaquePointer, _ domid: UInt32, _ kibibytes: UInt64) -> CInt {
        CallTrace.record("libxl_domain_setmaxmem")
        return libxl_domain_setmaxmem(context, domid, kibibytes)
    }

    // int libxl_set_memory_target(libxl_ctx *ctx, uint32_t domid, int64_t target_memkb, int relative, int enforce)
    static func setMemoryTarget(_ context: OpaquePointer, _ domid: UInt32, _ kibibytes: Int64, _ enforce: Bool) -> CInt
    {
        CallTrace.record("libxl_set_memory_target")
        return libxl_set_memory_target(context, domid, kibibytes, 0, enforce ? 1 : 0)
    }

    // int libxl_get_memory_target(libxl_ctx *ctx, uint32_t domid, uint64_t *out_target)
    static func getMemoryTarget(_ context: OpaquePointer, _ domid: UInt32, _ kibibytes: inout UInt64) -> CInt {
        CallTrace.record("libxl_get_memory_target")
        return libxl_get_memory_target(context, domid, &kibibytes)
    }

    // int libxl_send_sysrq(libxl_ctx *ctx, uint32_t domid, char sysrq)
    static func sendSysrq(_ context: OpaquePointer, _ domid: UInt32, _ key: CChar) -> CInt {
        CallTrace.record("libxl_send_sysrq")
        return libxl_send_sysrq(context, domid, key)
    }

    // int libxl_send_trigger(libxl_ctx *ctx, uint32_t domid, libxl_trigger trigger, uint32_t vcpuid,
    //                        const libxl_asyncop_how *ao_how)
    static func sendTrigger(_ context: OpaquePointer, _ domid: UInt32, _ trigger: Trigger, _ vcpu: UInt32) -> CInt {
        CallTrace.record("libxl_send_trigger")
        let cTrigger = libxl_trigger(rawValue: .init(truncatingIfNeeded: trigger.rawValue))
        return libxl_send_trigger(context, domid, cTrigger, vcpu, nil)
    }

    // int libxl_device_disk_add(libxl_ctx *ctx, uint32_t domid, libxl_device_disk *disk, const libxl_asyncop_how *ao_how)
    static func deviceDiskAdd(
        _ context: OpaquePointer, _ domid: UInt32, _ disk: UnsafeMutablePointer<libxl_device_disk>
    ) -> CInt {
        CallTrace.record("libxl_device_disk_add")
        return libxl_device_disk_add(context, domid, disk, nil)
    }

    // int libxl_device_disk_remove(libxl_ctx *ctx, uint32_t domid, libxl_device_disk *disk, const libxl_asyncop_how *)
    static func deviceDiskRemove(
        _ context: OpaquePointer, _ domid: UInt32, _ disk: UnsafeMutablePointer<libxl_device_disk>
    ) -> CInt {
        CallTrace.record("libxl_device_disk_remove")
        return libxl_device_disk_remove(context, domid, disk, nil)
    }

    // int libxl_device_disk_destroy(libxl_ctx *ctx, uint32_t domid, libxl_device_disk *disk, const libxl_asyncop_how *)
    static func deviceDiskDestroy(
        _ context: OpaquePointer, _ domid: UInt32, _ disk: UnsafeMutablePointer<libxl_device_disk>
    ) -> CInt {
        CallTrace.record("libxl_device_disk_destroy")
        return libxl_device_disk_destroy(context, domid, disk, nil)
    }

    // libxl_device_disk *libxl_device_disk_list(libxl_ctx *ctx, uint32_t domid, int *num)
    static func deviceDiskList(
        _ context: OpaquePointer, _ domid: UInt32, _ count: inout CInt
    ) -> UnsafeMutablePointer<libxl_device_disk>? {
        CallTrace.record("libxl_device_disk_list")
        return libxl_device_disk_list(context, domid, &count)
    }

    // void libxl_device_disk_list_free(libxl_device_disk *list, int num)
    static func deviceDiskListFree(_ list: UnsafeMutablePointer<libxl_device_disk>, _ count: CInt) {
        libxl_device_disk_list_free(list, count)
    }

    // int libxl_device_nic_add(libxl_ctx *ctx, uint32_t domid, libxl_device_nic *nic, const libxl_asyncop_how *ao_how)
    static func deviceNICAdd(
        _ context: OpaquePointer, _ domid: UInt32, _ nic: UnsafeMutablePointer<libxl_device_nic>
    ) -> CInt {
        CallTrace.record("libxl_device_nic_add")
        return libxl_device_nic_add(context, domid, nic, nil)
    }

    // int libxl_device_nic_remove(libxl_ctx *ctx, uint32_t domid, libxl_device_nic *nic, const libxl_asyncop_how *)
    static func deviceNICRemove(
        _ context: OpaquePointer, _ domid: UInt32, _ nic: UnsafeMutablePointer<libxl_device_nic>
    ) -> CInt {
        CallTrace.record("libxl_device_nic_remove")
        return libxl_device_nic_remove(context, domid, nic, nil)
    }

    // int libxl_device_nic_destroy(libxl_ctx *ctx, uint32_t domid, libxl_device_nic *nic, const libxl_asyncop_how *)
    static func deviceNICDestroy(
        _ context: OpaquePointer, _ domid: UInt32, _ nic: UnsafeMutablePointer<libxl_device_nic>
    ) -> CInt {
        CallTrace.record("libxl_device_nic_destroy")
        return libxl_device_nic_destroy(context, domid, nic, nil)
    }

    // libxl_device_nic *libxl_device_nic_list(libxl_ctx *ctx, uint32_t domid, int *num)
    static func deviceNICList(
        _ context: OpaquePointer, _ domid: UInt32, _ count: inout CInt
    ) -> UnsafeMutablePointer<libxl_device_nic>? {
        CallTrace.record("libxl_device_nic_list")
        return libxl_device_nic_list(context, domid, &count)
    }

    // void libxl_device_nic_list_free(libxl_device_nic *list, int num)
    static func deviceNICListFree(_ list: UnsafeMutablePointer<libxl_device_nic>, _ count: CInt) {
        libxl_device_nic_list_free(list, count)
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

    // int libxl_domain_sched_params_get(libxl_ctx *ctx, uint32_t domid, libxl_domain_sched_params *params)
    static func domainSchedParamsGet(
        _ context: OpaquePointer, _ domid: UInt32, _ params: UnsafeMutablePointer<libxl_domain_sched_params>
    ) -> CInt {
        CallTrace.record("libxl_domain_sched_params_get")
        return libxl_domain_sched_params_get(context, domid, params)
    }

    // int libxl_domain_sched_params_set(libxl_ctx *ctx, uint32_t domid, const libxl_domain_sched_params *params)
    static func domainSchedParamsSet(
        _ context: OpaquePointer, _ domid: UInt32, _ params: UnsafePointer<libxl_domain_sched_params>
    ) -> CInt {
        CallTrace.record("libxl_domain_sched_params_set")
        return libxl_domain_sched_params_set(context, domid, params)
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

    // int libxl_retrieve_domain_configuration(libxl_ctx *ctx, uint32_t domid, libxl_domain_config *d_config,
    //                                         const libxl_asyncop_how *ao_how)
    static func retrieveDomainConfiguration(
        _ context: OpaquePointer, _ domid: UInt32, _ config: UnsafeMutablePointer<libxl_domain_config>
    ) -> CInt {
        CallTrace.record("libxl_retrieve_domain_configuration")
        return libxl_retrieve_domain_configuration(context, domid, config, nil)
    }

    // int libxl_userdata_store(libxl_ctx *ctx, uint32_t domid, const char *userdata_userid,
    //                          const uint8_t *data, int datalen)
    static func userdataStore(
        _ context: OpaquePointer, _ domid: UInt32, _ key: String, _ data: UnsafePointer<UInt8>?, _ length: CInt
    ) -> CInt {
        CallTrace.record("libxl_userdata_store")
        return libxl_userdata_store(context, domid, key, data, length)
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

    // int libxl_userdata_unlink(libxl_ctx *ctx, uint32_t domid, const char *userdata_userid)
    static func userdataUnlink(_ context: OpaquePointer, _ domid: UInt32, _ key: String) -> CInt {
        CallTrace.record("libxl_userdata_unlink")
        return libxl_userdata_unlink(context, domid, key)
    }

    // int libxl_evenable_domain_death(libxl_ctx *ctx, uint32_t domid, libxl_ev_user, libxl_evgen_domain_death **evgen_out)
    static func evenableDomainDeath(
        _ context: OpaquePointer, _ domid: UInt32, _ user: UInt64, _ generator: inout OpaquePointer?
    ) -> CInt {
        CallTrace.record("libxl_evenable_domain_death")
        return libxl_evenable_domain_death(context, domid, user, &generator)
    }

    // void libxl_evdisable_domain_death(libxl_ctx *ctx, libxl_evgen_domain_death *)
    static func evdisableDomainDeath(_ context: OpaquePointer, _ generator: OpaquePointer) {
        CallTrace.record("libxl_evdisable_domain_death")
        libxl_evdisable_domain_death(context, generator)
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

    // libxl_vminfo *libxl_list_vm(libxl_ctx *ctx, int *nb_vm_out); void libxl_vminfo_list_free(libxl_vminfo *, int)
    static func listVM(_ context: OpaquePointer, _ count: inout CInt) -> UnsafeMutablePointer<libxl_vminfo>? {
        CallTrace.record("libxl_list_vm")
        return libxl_list_vm(context, &count)
    }

    static func vminfoListFree(_ list: UnsafeMutablePointer<libxl_vminfo>, _ count: CInt) {
        libxl_vminfo_list_free(list, count)
    }

    // libxl_cpupoolinfo *libxl_list_cpupool(libxl_ctx *, int *nb_pool_out)
    static func listCPUPool(_ context: OpaquePointer, _ count: inout CInt) -> UnsafeMutablePointer<libxl_cpupoolinfo>? {
        CallTrace.record("libxl_list_cpupool")
        return libxl_list_cpupool(context, &count)
    }

    // void libxl_cpupoolinfo_list_free(libxl_cpupoolinfo *list, int nb_pool)
    static func cpupoolinfoListFree(_ list: UnsafeMutablePointer<libxl_cpupoolinfo>, _ count: CInt) {
        libxl_cpupoolinfo_list_free(list, count)
    }

    // libxl_cputopology *libxl_get_cpu_topology(libxl_ctx *ctx, int *nb_cpu_out)
    static func getCPUTopology(_ context: OpaquePointer, _ count: inout CInt) -> UnsafeMutablePointer<
        libxl_cputopology
    >? {
        CallTrace.record("libxl_get_cpu_topology")
        return libxl_get_cpu_topology(context, &count)
    }

    // void libxl_cputopology_list_free(libxl_cputopology *, int nb_cpu)
    static func cputopologyListFree(_ list: UnsafeMutablePointer<libxl_cputopology>, _ count: CInt) {
        libxl_cputopology_list_free(list, count)
    }

    // libxl_pcitopology *libxl_get_pci_topology(libxl_ctx *ctx, int *num_devs)
    static func getPCITopology(_ context: OpaquePointer, _ count: inout CInt) -> UnsafeMutablePointer<
        libxl_pcitopology
    >? {
        CallTrace.record("libxl_get_pci_topology")
        return libxl_get_pci_topology(context, &count)
    }

    // void libxl_pcitopology_list_free(libxl_pcitopology *, int num_devs)
    static func pcitopologyListFree(_ list: UnsafeMutablePointer<libxl_pcitopology>, _ count: CInt) {
        libxl_pcitopology_list_free(list, count)
    }

    // libxl_numainfo *libxl_get_numainfo(libxl_ctx *ctx, int *nr)
    static func getNUMAInfo(_ context: OpaquePointer, _ count: inout CInt) -> UnsafeMutablePointer<libxl_numainfo>? {
        CallTrace.record("libxl_get_numainfo")
        return libxl_get_numainfo(context, &count)
    }

    // void libxl_numainfo_list_free(libxl_numainfo *, int nr)
    static func numainfoListFree(_ list: UnsafeMutablePointer<libxl_numainfo>, _ count: CInt) {
        libxl_numainfo_list_free(list, count)
    }

    // int libxl_get_scheduler(libxl_ctx *ctx)
    static func getScheduler(_ context: OpaquePointer) -> CInt {
        CallTrace.record("libxl_get_scheduler")
        return libxl_get_scheduler(context)
    }

    // int libxl_domain_need_memory(libxl_ctx *ctx, libxl_domain_config *config, uint32_t domid_for_logging,
    //                              uint64_t *need_memkb)
    static func domainNeedMemory(
        _ context: OpaquePointer, _ config: UnsafeMutablePointer<libxl_domain_config>, _ kibibytes: inout UInt64
    ) -> CInt {
        CallTrace.record("libxl_domain_need_memory")
        return libxl_domain_need_memory(context, config, Domid.invalid.rawValue, &kibibytes)
    }

    // int libxl_wait_for_free_memory(libxl_ctx *ctx, uint32_t domid, uint64_t memory_kb, int wait_secs)
    static func waitForFreeMemory(_ context: OpaquePointer, _ domid: UInt32, _ kibibytes: UInt64, _ seconds: CInt)
        -> CInt
    {
        CallTrace.record("libxl_wait_for_free_memory")
        return libxl_wait_for_free_memory(context, domid, kibibytes, seconds)
    }

    // int libxl_wait_for_memory_target(libxl_ctx *ctx, uint32_t domid, int wait_secs)
    static func waitForMemoryTarget(_ context: OpaquePointer, _ domid: UInt32, _ seconds: CInt) -> CInt {
        CallTrace.record("libxl_wait_for_memory_target")
        return libxl_wait_for_memory_target(context, domid, seconds)
    }

    // int libxl_domain_soft_reset(libxl_ctx *ctx, libxl_domain_config *d_config, uint32_t domid,
    //                             const libxl_asyncop_how *ao_how, const libxl_asyncprogress_how *aop_console_how)
    static func domainSoftReset(
        _ context: OpaquePointer, _ config: UnsafeMutablePointer<libxl_domain_config>, _ domid: UInt32
    ) -> CInt {
        CallTrace.record("libxl_domain_soft_reset")
        return libxl_domain_soft_reset(context, config, domid, nil, nil)
    }

    // int libxl_domain_suspend_only(libxl_ctx *ctx, uint32_t domid, const libxl_asyncop_how *ao_how)
    static func domainSuspendOnly(_ context: OpaquePointer, _ domid: UInt32) -> CInt {
        CallTrace.record("libxl_domain_suspend_only")
        return libxl_domain_suspend_only(context, domid, nil)
    }

    // int libxl_device_disk_getinfo(libxl_ctx *ctx, uint32_t domid, const libxl_device_disk *disk,
    //                               libxl_diskinfo *diskinfo)
    static func deviceDiskGetinfo(
        _ context: OpaquePointer, _ domid: UInt32, _ disk: UnsafeMutablePointer<libxl_device_disk>,
        _ info: UnsafeMutablePointer<libxl_diskinfo>
    ) -> CInt {
        CallTrace.record("libxl_device_disk_getinfo")
        return libxl_device_disk_getinfo(context, domid, disk, info)
    }

    // int libxl_cdrom_insert(libxl_ctx *ctx, uint32_t domid, libxl_device_disk *disk, const libxl_asyncop_how *ao_how)
    static func cdromInsert(_ context: OpaquePointer, _ domid: UInt32, _ disk: UnsafeMutablePointer<libxl_device_disk>)
        -> CInt
    {
        CallTrace.record("libxl_cdrom_insert")
        return libxl_cdrom_insert(context, domid, disk, nil)
    }

    // int libxl_device_nic_getinfo(libxl_ctx *ctx, uint32_t domid, const libxl_device_nic *nic, libxl_nicinfo *nicinfo)
    static func deviceNICGetinfo(
        _ context: OpaquePointer, _ domid: UInt32, _ nic: UnsafeMutablePointer<libxl_device_nic>,
        _ info: UnsafeMutablePointer<libxl_nicinfo>
    ) -> CInt {
        CallTrace.record("libxl_device_nic_getinfo")
        return libxl_device_nic_getinfo(context, domid, nic, info)
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
