/// A libxl function the bindings call through a generated one-line shim (`Calls.<swiftName>` in
/// Sources/Xenlight/Generated/LibxlCalls.swift).
public struct WrappedCall: Sendable, Hashable {
    /// The C function, e.g. `libxl_domain_pause`.
    public var cName: String
    /// The shim's name in `enum Calls`, e.g. `domainPause`.
    public var swiftName: String
    /// Whether debug builds record the call in `CallTrace` (the `*_list_free` calls are not recorded).
    public var traced: Bool

    public init(_ cName: String, _ swiftName: String, traced: Bool = true) {
        self.cName = cName
        self.swiftName = swiftName
        self.traced = traced
    }
}

extension WrappedCall {
    /// Every libxl function the bindings wrap one-to-one, in the order of the generated file. The shims that
    /// adapt C conventions (fixed arguments, malloc'd results copied then freed, enum and bitmap conversions)
    /// stay hand-written in Sources/Xenlight/Internals/Calls.swift; docs/xenlight-gen.md says why.
    public static let libxl: [WrappedCall] = [
        WrappedCall("libxl_ctx_free", "ctxFree"),
        WrappedCall("libxl_get_max_cpus", "getMaxCPUs"),
        WrappedCall("libxl_get_online_cpus", "getOnlineCPUs"),
        WrappedCall("libxl_get_max_nodes", "getMaxNodes"),
        WrappedCall("libxl_get_free_memory", "getFreeMemory"),
        WrappedCall("libxl_get_physinfo", "getPhysinfo"),
        WrappedCall("libxl_get_scheduler", "getScheduler"),
        WrappedCall("libxl_domain_create_new", "domainCreateNew"),
        WrappedCall("libxl_domain_soft_reset", "domainSoftReset"),
        WrappedCall("libxl_domain_pause", "domainPause"),
        WrappedCall("libxl_domain_unpause", "domainUnpause"),
        WrappedCall("libxl_domain_shutdown", "domainShutdown"),
        WrappedCall("libxl_domain_reboot", "domainReboot"),
        WrappedCall("libxl_domain_destroy", "domainDestroy"),
        WrappedCall("libxl_domain_suspend_only", "domainSuspendOnly"),
        WrappedCall("libxl_domain_info", "domainInfo"),
        WrappedCall("libxl_list_domain", "listDomain"),
        WrappedCall("libxl_dominfo_list_free", "dominfoListFree", traced: false),
        WrappedCall("libxl_list_vcpu", "listVCPU"),
        WrappedCall("libxl_vcpuinfo_list_free", "vcpuinfoListFree", traced: false),
        WrappedCall("libxl_list_vm", "listVM"),
        WrappedCall("libxl_vminfo_list_free", "vminfoListFree", traced: false),
        WrappedCall("libxl_list_cpupool", "listCPUPool"),
        WrappedCall("libxl_cpupoolinfo_list_free", "cpupoolinfoListFree", traced: false),
        WrappedCall("libxl_get_cpu_topology", "getCPUTopology"),
        WrappedCall("libxl_cputopology_list_free", "cputopologyListFree", traced: false),
        WrappedCall("libxl_get_pci_topology", "getPCITopology"),
        WrappedCall("libxl_pcitopology_list_free", "pcitopologyListFree", traced: false),
        WrappedCall("libxl_get_numainfo", "getNUMAInfo"),
        WrappedCall("libxl_numainfo_list_free", "numainfoListFree", traced: false),
        WrappedCall("libxl_name_to_domid", "nameToDomid"),
        WrappedCall("libxl_domain_setmaxmem", "domainSetMaxMem"),
        WrappedCall("libxl_get_memory_target", "getMemoryTarget"),
        WrappedCall("libxl_wait_for_free_memory", "waitForFreeMemory"),
        WrappedCall("libxl_wait_for_memory_target", "waitForMemoryTarget"),
        WrappedCall("libxl_send_sysrq", "sendSysrq"),
        WrappedCall("libxl_device_disk_add", "deviceDiskAdd"),
        WrappedCall("libxl_device_disk_remove", "deviceDiskRemove"),
        WrappedCall("libxl_device_disk_destroy", "deviceDiskDestroy"),
        WrappedCall("libxl_device_disk_list", "deviceDiskList"),
        WrappedCall("libxl_device_disk_list_free", "deviceDiskListFree", traced: false),
        WrappedCall("libxl_device_disk_getinfo", "deviceDiskGetinfo"),
        WrappedCall("libxl_cdrom_insert", "cdromInsert"),
        WrappedCall("libxl_device_nic_add", "deviceNICAdd"),
        WrappedCall("libxl_device_nic_remove", "deviceNICRemove"),
        WrappedCall("libxl_device_nic_destroy", "deviceNICDestroy"),
        WrappedCall("libxl_device_nic_list", "deviceNICList"),
        WrappedCall("libxl_device_nic_list_free", "deviceNICListFree", traced: false),
        WrappedCall("libxl_device_nic_getinfo", "deviceNICGetinfo"),
        WrappedCall("libxl_domain_sched_params_get", "domainSchedParamsGet"),
        WrappedCall("libxl_domain_sched_params_set", "domainSchedParamsSet"),
        WrappedCall("libxl_retrieve_domain_configuration", "retrieveDomainConfiguration"),
        WrappedCall("libxl_userdata_store", "userdataStore"),
        WrappedCall("libxl_userdata_unlink", "userdataUnlink"),
        WrappedCall("libxl_evenable_domain_death", "evenableDomainDeath"),
        WrappedCall("libxl_evdisable_domain_death", "evdisableDomainDeath"),
    ]
}
