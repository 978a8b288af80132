import FoundationEssentials
import Glibc
import Hypervisor
import XendModel

extension SimulatedHypervisor {
    /// A new simulated device for `config`, with its devid, front-end keys and hotplug outcome.
    /// Updates the domain's devid counters; does not add the device.
    func makeDevice(_ config: DeviceConfig, for state: inout SimulatedDomainState, at now: SimulationInstant)
        throws(XendError) -> SimulatedDevice
    {
        let deviceClass = config.deviceClass
        var keys: [String: String] = [:]
        var name: String? = nil
        var failure: String? = nil
        let id: UInt32
        if let block = config.blockDevice {
            guard let dev = block.dev, let virtual = block.virtualDevice else {
                throw XendError(.operationFailed, "Block device must have virtual details specified")
            }
            let isCDROM = dev.hasSuffix(":cdrom")
            guard block.uname != nil || isCDROM else {
                throw XendError(.operationFailed, "Block device must have physical details specified")
            }
            guard let number = VirtualDeviceNumber.number(forDiskNamed: dev) else {
                throw XendError(.operationFailed, "Unable to find number for device (\(dev))")
            }
            if state.devices.contains(where: {
                $0.config.blockDevice != nil && $0.id == number && $0.closingSince == nil
            }) {
                throw XendError(
                    .operationFailed, "Device \(virtual) (\(number), \(deviceClass.rawValue)) is already connected.")
            }
            id = number
            name = virtual
            keys["virtual-device"] = String(number)
            keys["device-type"] = isCDROM ? "cdrom" : "disk"
            failure = block.uname.flatMap(Self.missingBacking)
        } else {
            id = state.nextDeviceIDs[deviceClass] ?? 0
            state.nextDeviceIDs[deviceClass] = id + 1
            if case .vif(let interface) = config {
                keys["handle"] = String(id)
                keys["mac"] = interface.mac ?? Self.generatedMAC(uuid: state.uuid, devid: id)
            }
        }
        return SimulatedDevice(
            deviceClass: deviceClass.rawValue, id: id, name: name, config: config,
            uuid: Self.deviceUUID(domain: state.uuid, deviceClass: deviceClass.rawValue, id: id), frontendKeys: keys,
            createdAt: now, hotplugFailure: failure, closingSince: nil)
    }

    /// Why a disk's backing cannot be attached: a file-backed disk (`file:`, `tap:aio:`, `tap2:qcow:`, ...)
    /// whose image does not exist. `phy:` devices are taken on trust.
    static func missingBacking(_ uname: String) -> String? {
        guard !uname.hasPrefix("phy:"), let colon = uname.lastIndex(of: ":") else { return nil }
        let path = String(uname[uname.index(after: colon)...])
        guard !path.isEmpty, access(path, F_OK) != 0 else { return nil }
        return "\(path) does not exist"
    }

    /// A MAC in Xen's OUI 00:16:3e, stable for a domain's uuid and devid.
    static func generatedMAC(uuid: UUID, devid: UInt32) -> String {
        let hash = AtomicFile.checksum(Array((uuid.xendString + "/\(devid)").utf8))
        let bytes = [(hash >> 16) & 0x7F, (hash >> 8) & 0xFF, hash & 0xFF]
        return "00:16:3e:" + bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined(separator: ":")
    }

    // MARK: Operations

    public func createDevice(_ device: DeviceConfig, for id: DomainID) throws(XendError) -> DeviceReference {
        if case .pci(let devices) = device { return try attachPCI(devices, for: id) }
        return try operate(on: id) { domain, now throws(XendError) in
            let made = try domain.state.withLock { state throws(XendError) -> SimulatedDevice in
                guard state.guest.dyingSince == nil, state.guest.shutdown == nil else { throw .domainNotRunning }
                let made = try makeDevice(device, for: &state, at: now)
                state.devices.append(made)
                state.config.devices.append(device)
                return made
            }
            log("Domain \(id): device \(made.deviceClass) \(made.id) added", at: now)
            let unplug = {
                domain.state.withLock { state in
                    state.devices.removeAll { $0.deviceClass == made.deviceClass && $0.id == made.id }
                    state.config.devices.removeAll { $0 == device }
                }
            }
            // As xend's device_create, wait for the hotplug script; a device that never connects, or that
            // cannot be recorded, is removed again.
            do throws(XendError) {
                try record(domain)
                try waitForHotplug(of: domain, devices: [made], deadline: now.advanced(by: timing.deviceCreateTimeout))
            } catch {
                unplug()
                persist(domain)
                throw error
            }
            return DeviceReference(deviceClass: device.deviceClass, domainID: id, deviceID: Int(made.id))
        }
    }

    public func destroyDevice(_ deviceClass: DeviceClass, _ reference: String, force: Bool, for id: DomainID)
        throws(XendError)
    {
        // A host address (`0000:00:10.0`) names one function of the PCI back-end.
        if deviceClass == .pci, let function = PCIAddress(hostAddress: reference) {
            return try detachPCI([function], force: force, for: id)
        }
        try operate(on: id) { domain, now throws(XendError) in
            try domain.state.withLock { state throws(XendError) in
                guard let index = Self.index(of: reference, deviceClass, in: state.devices) else {
                    throw .deviceNotDefined(reference)
                }
                let device = state.devices[index]
                if let configIndex = state.config.devices.firstIndex(of: device.config) {
                    state.config.devices.remove(at: configIndex)
                }
                if force || !state.guest.isExecuting {
                    state.devices.remove(at: index)
                } else {
                    state.devices[index].closingSince = now
                }
            }
            log("Domain \(id): device \(deviceClass.rawValue) \(reference) removed", at: now)
            try record(domain)
        }
    }

    public func configureDevice(_ device: DeviceConfig, _ reference: String, for id: DomainID) throws(XendError) {
        // xend ignored `dev` for PCI: the one back-end is the device.
        if case .pci(let devices) = device { return try configurePCI(devices, for: id) }
        try operate(on: id) { domain, now throws(XendError) in
            try domain.state.withLock { state throws(XendError) in
                guard let index = Self.index(of: reference, device.deviceClass, in: state.devices) else {
                    throw .deviceNotDefined(reference)
                }
                let old = state.devices[index]
                switch (old.config, device) {
                case (_, .vbd(let block)), (_, .tap(let block)), (_, .tap2(let block)):
                    guard old.frontendKeys["device-type"] == "cdrom" else {
                        throw XendError(
                            .operationFailed, "Device \(reference) is not a CD-ROM: only media can be changed")
                    }
                    guard var changed = old.config.blockDevice else { throw .deviceNotDefined(reference) }
                    changed.uname = block.uname
                    let replacement: DeviceConfig =
                        switch old.config {
                        case .tap: .tap(changed)
                        case .tap2: .tap2(changed)
                        default: .vbd(changed)
                        }
                    state.replaceDevice(at: index, with: replacement)
                default:
                    throw XendError(
                        .operationFailed, "device_configure does not support \(device.deviceClass.rawValue) devices")
                }
            }
            log("Domain \(id): device \(device.deviceClass.rawValue) \(reference) reconfigured", at: now)
            try record(domain)
        }
    }

    public func devices(_ deviceClass: DeviceClass, of id: DomainID) throws(XendError) -> [DeviceFrontendState] {
        try operate(on: id) { domain, now in
            domain.state.withLock { state in
                state.pruneClosedDevices(at: now, hotplugDelay: timing.hotplug)
                return state.devices.filter { $0.deviceClass == deviceClass.rawValue }.sorted { $0.id < $1.id }.map {
                    device in
                    let keys = device.frontendView(
                        domainID: id.rawValue, at: now, hotplugDelay: timing.hotplug, guestHasRun: state.guest.hasRun)
                    return DeviceFrontendState(
                        deviceID: Int(device.id), entries: keys.map { DeviceFrontendState.Entry($0.key, $0.value) })
                }
            }
        }
    }

    public func waitForDevices(_ id: DomainID, timeout: Double?) throws(XendError) {
        try operate(on: id) { domain, now throws(XendError) in
            let devices = domain.state.withLock { $0.devices.filter { $0.closingSince == nil } }
            try waitForHotplug(
                of: domain, devices: devices, deadline: now.advanced(by: timeout ?? timing.deviceCreateTimeout))
        }
    }

    /// Sleeps until every device's hotplug script has reported, or until `deadline`; then fails naming
    /// the first device that did not connect, with xend's text.
    private func waitForHotplug(of domain: SimulatedDomain, devices: [SimulatedDevice], deadline: SimulationInstant)
        throws(XendError)
    {
        if let stuck = devices.first(where: { $0.hotplugFailure != nil }) {
            log(
                "Domain \(domain.id): hotplug of \(stuck.deviceClass) \(stuck.id) failed: \(stuck.hotplugFailure!)",
                at: clock.now())
            clock.sleep(until: deadline)
            throw XendError(
                .operationFailed,
                "Device \(stuck.id) (\(stuck.deviceClass)) could not be connected. Hotplug scripts not working.")
        }
        let ready = devices.map { $0.createdAt.advanced(by: timing.hotplug) }.max()
        if let ready {
            clock.sleep(until: min(ready, deadline))
            if ready > deadline,
                let late = devices.first(where: { $0.createdAt.advanced(by: timing.hotplug) > deadline })
            {
                throw XendError(
                    .operationFailed,
                    "Device \(late.id) (\(late.deviceClass)) could not be connected. Hotplug scripts not working.")
            }
        }
    }

    /// The device of `deviceClass` that `reference` names: a devid (`51712`) or a name (`xvda`).
    static func index(of reference: String, _ deviceClass: DeviceClass, in devices: [SimulatedDevice]) -> Int? {
        let number: UInt32? =
            UInt32(reference)
            ?? (deviceClass.isBlockDevice ? VirtualDeviceNumber.number(forDiskNamed: reference) : nil)
        return devices.firstIndex { device in
            device.deviceClass == deviceClass.rawValue && device.closingSince == nil
                && (device.id == number || device.name == reference)
        }
    }
}

extension SimulatedDomainState {
    /// Replaces a device's config in the live view and in the stored config.
    mutating func replaceDevice(at index: Int, with config: DeviceConfig) {
        if let configIndex = self.config.devices.firstIndex(of: devices[index].config) {
            self.config.devices[configIndex] = config
        }
        devices[index].config = config
        if let block = config.blockDevice {
            devices[index].hotplugFailure = block.uname.flatMap(SimulatedHypervisor.missingBacking)
        }
    }

    /// Forgets devices whose back-end has finished closing.
    mutating func pruneClosedDevices(at now: SimulationInstant, hotplugDelay: Double) {
        devices.removeAll { $0.isGone(at: now, hotplugDelay: hotplugDelay) }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
