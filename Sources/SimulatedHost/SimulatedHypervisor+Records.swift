import FoundationEssentials
import Hypervisor
import XendModel

extension SimulatedHypervisor {
    /// The live record of a domain at `now` (catches its guest up with the clock first).
    func record(of domain: SimulatedDomain, at now: SimulationInstant) -> DomainRecord {
        domain.state.withLock { state in
            state.guest.advance(to: now)
            return liveRecord(of: &state, id: domain.id, at: now)
        }
    }

    /// The live record: built from the config only when something it shows has changed (building is the
    /// expensive part of listing 1,000 domains); the time-dependent fields are filled in on every call.
    func liveRecord(of state: inout SimulatedDomainState, id: DomainID, at now: SimulationInstant) -> DomainRecord {
        let flags = state.flags(at: now, isControlDomain: id.isControlDomain)
        var record: DomainRecord
        if let cached = state.cachedRecord, cached.revision == state.revision,
            cached.onlineVCPUs == state.guest.onlineVCPUs
        {
            record = cached.record
        } else {
            record = builtRecord(of: state, id: id, flags: flags)
            state.cachedRecord = (state.revision, state.guest.onlineVCPUs, record)
        }
        record.state = flags
        record.status = Self.status(of: state, flags: flags)
        record.cpuTime = Seconds(state.guest.cpuTime)
        return record
    }

    private func builtRecord(of state: SimulatedDomainState, id: DomainID, flags: DomainStateFlags) -> DomainRecord {
        let online = state.guest.onlineVCPUs
        var devices: [DeviceConfig] = []
        var isFirstDisk = true
        for device in state.devices where device.closingSince == nil {
            let isDisk = device.config.blockDevice != nil
            devices.append(
                device.config.recordView(
                    uuid: device.uuid, protocol: isDisk ? "x86_64-abi" : nil,
                    isBootable: isDisk && isFirstDisk))
            if isDisk { isFirstDisk = false }
        }
        let runtime = DomainRuntimeInfo(
            domainID: id, state: flags, shutdownReason: state.guest.shutdown.map { XendShutdownReason($0.reason) },
            status: Self.status(of: state, flags: flags), cpuTime: Seconds(state.guest.cpuTime),
            startTime: Seconds(state.guest.startTime.secondsSinceEpoch), onlineVCPUs: online,
            vcpuAvailable: online >= 64 ? UInt64.max : (UInt64(1) << UInt64(online)) - 1,
            memoryTarget: state.memoryTarget, maximumMemory: state.maximumMemory, cpuAffinity: state.pinning,
            // Stand-in machine frame numbers: stable per domain, the shape libxl reports.
            storeMFN: 0x10_0000 + UInt64(id.rawValue) * 0x200 + 1,
            consoleMFN: 0x10_0000 + UInt64(id.rawValue) * 0x200 + 2,
            devices: devices)
        var config = state.config
        config.uuid = state.uuid
        return DomainRecord(config: config, runtime: runtime)
    }

    /// The record of a domain that does not run: its stored config, no id, no state.
    func inactiveRecord(of config: VMConfig, uuid: UUID) -> DomainRecord {
        DomainRecord.inactive(config, uuid: uuid)
    }

    /// xend's power state: dying and shut-down domains count as halted (as `?state=halted` lists them),
    /// a suspended guest as suspended.
    static func status(of state: SimulatedDomainState, flags: DomainStateFlags) -> DomainStatus {
        if flags.contains(.dying) { return .halted }
        if flags.contains(.crashed) { return .crashed }
        if let shutdown = state.guest.shutdown { return shutdown.reason == .suspend ? .suspended : .halted }
        if flags.contains(.paused) { return .paused }
        return .running
    }

    /// A device's uuid: stable for the domain's uuid, the class and the devid.
    static func deviceUUID(domain: UUID, deviceClass: String, id: UInt32) -> UUID {
        let seed = Array("\(domain.xendString)/\(deviceClass)/\(id)".utf8)
        let high = AtomicFile.checksum(seed)
        let low = AtomicFile.checksum(seed + [0x5A])
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> (8 * index))
            bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (8 * index))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4 layout
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

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
        settleDueDomains()
        let now = clock.now()
        let (domains, inactive) = table.withLock { table in
            (Array(table.live.values), table.managed.filter { table.uuids[$0.key] == nil }.map(\.value.name))
        }
        var names: [DomainName] = domains.compactMap { domain in
            domain.state.withLock { state in
                state.guest.advance(to: now)
                let status = Self.status(
                    of: state, flags: state.flags(at: now, isControlDomain: domain.isControlDomain))
                return filter.includes(status) ? state.name : nil
            }
        }
        if filter.includes(.halted) { names += inactive }
        return Self.sortedInByteOrder(names)
    }

    /// `names.sorted()` (byte order, as `DomainName.<`), sorting on each name's first eight bytes as one
    /// integer and comparing whole names only where those are equal: with a thousand names, string
    /// comparisons were most of the cost of `GET /xend/domain`. A name shorter than eight bytes is padded
    /// with zero bytes, which sort first, as the end of a name does.
    static func sortedInByteOrder(_ names: [DomainName]) -> [DomainName] {
        var keyed = names.map { name in
            var key: UInt64 = 0
            var length = 0
            for byte in name.rawValue.utf8.prefix(8) {
                key = key << 8 | UInt64(byte)
                length += 1
            }
            return (key: length == 0 ? 0 : key << (8 * UInt64(8 - length)), name: name)
        }
        keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.name < $1.name }
        return keyed.map(\.name)
    }

    public func domain(matching reference: String) throws(XendError) -> DomainRecord {
        settleDueDomains()
        let now = clock.now()
        enum Found {
            case live(SimulatedDomain)
            case inactive(VMConfig, UUID)
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
