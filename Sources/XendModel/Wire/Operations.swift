/// An `op` the daemon accepts on one resource, in its wire spelling (the raw value).
///
/// The router dispatches from these enums and the client builds its requests from them, so each op is
/// spelled in one place; an `op` that is not a case of the resource's enum is answered
/// `501 Operation not implemented: <op>`.
public protocol WireOperation: RawRepresentable<String>, CaseIterable, Hashable, Sendable {}

/// The ops of `/xend/domain/<dom>` (POST; `vcpuinfo` also as `GET ?op=vcpuinfo`).
public enum DomainOperation: String, WireOperation {
    // Lifecycle.
    case pause
    case unpause
    case shutdown
    case destroy
    case reset
    case rename
    case sysrq
    case waitForDevices = "wait_for_devices"
    case start
    case delete

    // Memory, VCPUs and schedulers.
    case memoryTargetSet = "mem_target_set"
    case maximumMemorySet = "maxmem_set"
    case setVCPUs = "set_vcpus"
    case pinVCPU = "pincpu"
    case vcpuInfo = "vcpuinfo"
    case creditSchedulerGet = "domain_sched_credit_get"
    case creditSchedulerSet = "domain_sched_credit_set"
    case credit2SchedulerGet = "domain_sched_credit2_get"
    case credit2SchedulerSet = "domain_sched_credit2_set"
    case sedfSchedulerGet = "cpu_sedf_get"
    case sedfSchedulerSet = "cpu_sedf_set"
    case vifLimitSet = "vif_limit_set"
    /// Xen 3.0.x's BVT scheduler, long gone from Xen: always fails.
    case bvtSchedulerSet = "cpu_bvt_set"

    // Devices.
    case devices
    case deviceCreate = "device_create"
    case deviceDestroy = "device_destroy"
    case deviceConfigure = "device_configure"
    /// Xen 3.0.x's `xm refresh`: succeeds when the device exists.
    case deviceRefresh = "device_refresh"
    case configure
    /// xend 4.0+: a host USB device to an HVM guest's emulated USB, and back.
    case usbAdd = "usb_add"
    case usbDelete = "usb_del"

    // Guest images and migration.
    case save
    case dump
    case migrate
}

/// The ops of the domain collection, `/xend/domain`.
public enum DomainCollectionOperation: String, WireOperation {
    case list
    case create
    /// Defines a managed domain without starting it.
    case new
    case restore
}

/// The ops of `/xend/node`.
public enum NodeOperation: String, WireOperation {
    case shutdown
    case reboot
    /// Xen 3.0.x's BVT scheduler context-switch allowance, long gone from Xen: always fails.
    case bvtSliceSet = "cpu_bvt_slice_set"
}

/// The ops of `/xend/node/dmesg`.
public enum DmesgOperation: String, WireOperation {
    case clear
}

/// The ops of `/xend/vnet`.
public enum VnetOperation: String, WireOperation {
    case create
}
