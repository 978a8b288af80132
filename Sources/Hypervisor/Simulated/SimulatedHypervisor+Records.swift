import FoundationEssentials
import XendModel

extension SimulatedHypervisor {
    /// The live record of a domain at `now` (catches its guest up with the clock first).
    func record(of domain: SimulatedDomain, at now: SimulationInstant) -> DomainRecord {
        domain.state.withLock { state in
            state.guest.advance(to: now)
            return liveRecord(of: state, id: domain.id, at: now)
        }
    }

    func liveRecord(of state: SimulatedDomainState, id: DomainID, at now: SimulationInstant) -> DomainRecord {
        let config = state.config
        var record = inactiveRecord(of: config, uuid: state.uuid)
        record.domainID = id
        record.memory = state.memoryTarget
        record.maxmem = state.maximumMemory
        record.vcpus = state.maximumVCPUs
        record.cpus = state.pinning
        record.cpuWeight = state.weight
        record.cpuCap = state.cap
        record.onlineVCPUs = state.guest.onlineVCPUs
        record.vcpuAvail = state.guest.onlineVCPUs >= 64 ? UInt64.max : (UInt64(1) << state.guest.onlineVCPUs) - 1
        record.startTime = Seconds(state.guest.startTime.secondsSinceEpoch)
        record.cpuTime = Seconds(state.guest.cpuTime)
        let flags = state.flags(at: now, isControlDomain: id.isControlDomain)
        record.state = flags
        record.status = Self.status(of: state, flags: flags)
        // Stand-in machine frame numbers: stable per domain, the shape libxl reports.
        record.storeMFN = 0x10_0000 + UInt64(id.rawValue) * 0x200 + 1
        record.consoleMFN = 0x10_0000 + UInt64(id.rawValue) * 0x200 + 2
        record.devices = state.devices.filter { $0.closingSince == nil }.map { liveView(of: $0, uuidSeed: state.uuid) }
        return record
    }

    /// The record of a domain that does not run: its stored config, no id, no state.
    func inactiveRecord(of config: DomainConfig, uuid: UUID) -> DomainRecord {
        let memory = config.memory ?? Self.defaultMemory
        var record = DomainRecord(
            name: config.name, uuid: uuid, memory: memory, maxmem: config.effectiveMaxmem ?? memory,
            vcpus: config.effectiveVCPUs)
        record.cpuWeight = config.cpuWeight ?? 256
        record.cpuCap = config.cpuCap ?? 0
        record.poolName = config.poolName ?? "Pool-0"
        record.bootloader = config.bootloader ?? ""
        record.bootloaderArgs = config.bootloaderArgs ?? ""
        record.description = config.description ?? ""
        if let lists = try? config.cpus?.perVCPULists(count: record.vcpus) { record.cpus = lists }
        record.onPoweroff = config.onPoweroff ?? .destroy
        record.onReboot = config.onReboot ?? .restart
        record.onCrash = config.onCrash ?? .restart
        record.shadowMemory = config.shadowMemory
        record.features = config.features
        record.onXendStart = config.onXendStart ?? .ignore
        record.onXendStop = config.onXendStop ?? .ignore
        record.localtime = config.localtime
        record.image = config.image?.recordView
        record.status = .halted
        record.devices = config.devices
        return record
    }

    /// xend's power state: dying counts as halted, a suspended guest as suspended.
    static func status(of state: SimulatedDomainState, flags: DomainStateFlags) -> DomainStatus {
        if flags.contains(.dying) { return .halted }
        if flags.contains(.crashed) { return .crashed }
        if let shutdown = state.guest.shutdown { return shutdown.reason == .suspend ? .suspended : .shutdown }
        if flags.contains(.paused) { return .paused }
        return .running
    }

    /// A device as the live record shows it: the config plus the back-end's runtime keys.
    private func liveView(of device: SimulatedDevice, uuidSeed: UUID) -> DeviceConfig {
        switch device.config {
        case .vbd(var block), .tap(var block), .tap2(var block):
            block.backend = block.backend ?? .controlDomain
            block.vdi = block.vdi ?? ""
            block.isBootable = block.isBootable ?? (device.id == firstDiskID(uuidSeed) ? true : false)
            block.protocol = block.protocol ?? "x86_64-abi"
            if let dev = block.dev, !dev.contains(":") {
                block.dev = dev + ":" + (device.frontendKeys["device-type"] ?? "disk")
            }
            switch device.config {
            case .tap: return .tap(block)
            case .tap2: return .tap2(block)
            default: return .vbd(block)
            }
        case .vif(var interface):
            interface.backend = interface.backend ?? .controlDomain
            if interface.mac == nil { interface.mac = device.frontendKeys["mac"] }
            return .vif(interface)
        default:
            return device.config
        }
    }

    private func firstDiskID(_ uuid: UUID) -> UInt32? { nil }

    // MARK: Queries

    public func domainRecords() throws(XendError) -> [DomainRecord] {
        settleDueDomains()
        let now = clock.now()
        let (domains, inactive) = table.withLock { table in
            (Array(table.live.values), table.managed.filter { table.uuids[$0.key] == nil })
        }
        var records = domains.sorted { $0.id < $1.id }.map { record(of: $0, at: now) }
        records += inactive.sorted { $0.value.name < $1.value.name }.map { inactiveRecord(of: $0.value, uuid: $0.key) }
        return records
    }

    public func domainNames(_ filter: DomainStateFilter) throws(XendError) -> [DomainName] {
        try domainRecords().filter { filter.includes($0.effectiveStatus) }.map(\.name).sorted()
    }

    public func domain(matching reference: String) throws(XendError) -> DomainRecord {
        settleDueDomains()
        let now = clock.now()
        enum Found {
            case live(SimulatedDomain)
            case inactive(DomainConfig, UUID)
        }
        let found: Found? = table.withLock { table in
            if let name = DomainName(validating: reference) {
                if let id = table.names[name], let domain = table.live[id] { return .live(domain) }
                if let (uuid, config) = table.managed.first(where: { $0.value.name == name }) {
                    return .inactive(config, uuid)
                }
            }
            if let id = DomainID(reference), let domain = table.live[id] { return .live(domain) }
            if let uuid = UUID(xendString: reference) {
                if let id = table.uuids[uuid], let domain = table.live[id] { return .live(domain) }
                if let config = table.managed[uuid] { return .inactive(config, uuid) }
            }
            return nil
        }
        switch found {
        case .live(let domain): return record(of: domain, at: now)
        case .inactive(let config, let uuid): return inactiveRecord(of: config, uuid: uuid)
        case nil: throw .noSuchDomain(reference)
        }
    }
}
