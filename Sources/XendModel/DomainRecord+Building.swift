public import FoundationEssentials

extension DomainRecord {
    /// The record xend reports for a domain with `config` and `runtime` facts.
    ///
    /// Applies xend's defaults (weight 256, cap 0, pool `Pool-0`, `on_poweroff destroy`, `on_reboot` and
    /// `on_crash restart`, empty bootloader and description, `on_xend_* ignore`, shadow memory 0), folds a PV
    /// image's `root`/`ip` into `args`, and keeps the config's unknown keys. Runtime-only keys (`domid`,
    /// `state`, times, `online_vcpus`, MFNs) appear only for a live domain.
    ///
    /// The UUID is the config's; give configs a UUID when they are defined or created so it stays stable
    /// (a config without one gets a fresh random UUID here).
    public init(config: VMConfig, runtime: DomainRuntimeInfo) {
        let vcpuCount = config.effectiveVCPUs
        let maxmem = runtime.maximumMemory ?? config.effectiveMaxmem ?? .zero
        self.init(
            name: config.name, uuid: config.uuid ?? UUID(), memory: runtime.memoryTarget ?? config.memory ?? maxmem,
            maxmem: maxmem, vcpus: vcpuCount)
        let isLive = runtime.domainID != nil
        domainID = runtime.domainID
        cpuWeight = config.cpuWeight ?? 256
        cpuCap = config.cpuCap ?? 0
        poolName = config.poolName ?? "Pool-0"
        bootloader = config.bootloader ?? ""
        cpus =
            runtime.cpuAffinity
            ?? (try? config.cpus?.perVCPULists(count: vcpuCount))
            ?? Array(repeating: [], count: vcpuCount)
        onPoweroff = config.onPoweroff ?? .destroy
        description = config.description ?? ""
        onCrash = config.onCrash ?? .restart
        bootloaderArgs = config.bootloaderArgs ?? ""
        onReboot = config.onReboot ?? .restart
        shadowMemory = config.shadowMemory ?? .zero
        vcpuAvail = runtime.vcpuAvailable ?? (vcpuCount >= 64 ? UInt64.max : (UInt64(1) << UInt64(vcpuCount)) - 1)
        features = config.features ?? ""
        onXendStart = config.onXendStart ?? .ignore
        onXendStop = config.onXendStop ?? .ignore
        localtime = config.localtime
        if isLive {
            startTime = runtime.startTime
            cpuTime = runtime.cpuTime ?? .zero
            onlineVCPUs = runtime.onlineVCPUs ?? vcpuCount
            state = runtime.state
            storeMFN = runtime.storeMFN
            consoleMFN = runtime.consoleMFN
        }
        image = config.image?.recordView
        status = runtime.effectiveStatus
        devices = runtime.devices ?? config.devices
        var kept = config.extra
        kept.remove(keys: DomainRecord.knownKeys)
        extra = kept
    }
}

extension DeviceConfig {
    /// The device as a running domain's record shows it, given what the back-end assigned: `uuid` and
    /// `backend` are set; a block device gets `protocol`, `bootable`, the `:disk` suffix on `dev` and an
    /// empty `VDI`. Classes without those keys are returned with what they have.
    public func recordView(
        uuid: UUID, backend: DomainID = .controlDomain, protocol: String? = nil, isBootable: Bool = false
    ) -> DeviceConfig {
        func block(_ device: BlockDevice) -> BlockDevice {
            var device = device
            device.protocol = `protocol` ?? device.protocol
            device.uuid = uuid
            device.isBootable = isBootable
            device.dev = device.recordDev
            device.backend = backend
            device.vdi = device.vdi ?? ""
            return device
        }
        switch self {
        case .vbd(let device): return .vbd(block(device))
        case .tap(let device): return .tap(block(device))
        case .tap2(let device): return .tap2(block(device))
        case .vif(var device):
            device.uuid = uuid
            device.backend = backend
            return .vif(device)
        case .vfb(var device):
            device.uuid = uuid
            device.backend = backend
            return .vfb(device)
        case .vkbd(var device):
            device.uuid = uuid
            device.backend = backend
            return .vkbd(device)
        case .pci(var device):
            device.uuid = uuid
            device.backend = backend
            return .pci(device)
        case .console(var device):
            device.uuid = uuid
            return .console(device)
        case .vtpm(var device):
            device.uuid = uuid
            device.backend = backend
            return .vtpm(device)
        case .ioports, .irq, .usb, .other:
            return self
        }
    }
}
