import FoundationEssentials
import Hypervisor
import Synchronization
public import XendModel
import Xenlight

/// Serialises read-modify-write of stored configs, so two device operations cannot lose each other's change.
private let storedConfigUpdates = Mutex(())

/// `op=device_create`, `op=device_destroy`, `op=device_configure`: disks and vifs, hot-plugged with libxl,
/// with the stored xend config following so records show the change (PCI devices:
/// LibxlHypervisor+PCI.swift).
extension LibxlHypervisor {
    /// Hot-plugs a disk (`libxl_device_disk_add`) or a vif (`libxl_device_nic_add`); libxl returns once the
    /// hotplug script has run, as xend's device_create waited for it.
    public func createDevice(_ device: DeviceConfig, for domain: DomainID) throws(XendError)
        -> DeviceReference
    {
        let id = try liveID(domain)
        let info = try liveInfo(domain)
        guard !info.dying, !info.shutdown else { throw .domainNotRunning }
        switch device {
        case .vbd(let block), .tap(let block), .tap2(let block):
            let number = try checkNewDisk(block, device.deviceClass, of: id)
            let disk = try DeviceDisk(xend: block)
            do {
                try context.add(disk, to: id)
            } catch {
                // As xend's device_create, a device that did not connect is not left behind: libxl keeps
                // the half-made one when the hotplug script fails or times out.
                for leftover in context.disks(of: id) where DeviceLookup.number(of: leftover) == number {
                    try? context.destroy(leftover, from: id)
                }
                throw XendError(
                    .operationFailed,
                    "Device \(number) (\(device.deviceClass.rawValue)) could not be connected: \(error)")
            }
            try updateStoredConfig(of: id) { $0.devices.append(device) }
            logger.info("domain \(domain.rawValue): device \(device.deviceClass.rawValue) \(number) added")
            return DeviceReference(deviceClass: device.deviceClass, domainID: domain, deviceID: Int(number))
        case .vif(var interface):
            let request = try DeviceNIC(xend: interface, hvm: info.domainType == .hvm)
            let existing = Set(context.nics(of: id).map(\.devid))
            let nic: DeviceNIC
            do {
                nic = try context.add(request, to: id)
            } catch {
                for leftover in context.nics(of: id) where !existing.contains(leftover.devid) {
                    try? context.destroy(leftover, from: id)
                }
                throw XendError(.operationFailed, "Device vif could not be connected: \(error)")
            }
            interface.mac = nic.mac.description
            try updateStoredConfig(of: id) { $0.devices.append(.vif(interface)) }
            logger.info("domain \(domain.rawValue): device vif \(nic.devid) added")
            return DeviceReference(deviceClass: .vif, domainID: domain, deviceID: Int(nic.devid))
        case .pci(let devices):
            return try attachPCI(devices, to: id, domain: domain, hvm: info.domainType == .hvm)
        default:
            throw .notSupportedByLibxl("device_create of \(device.deviceClass.rawValue) devices")
        }
    }

    /// Unplugs a disk or vif: `libxl_device_*_remove` waits for the guest to let go; with `force`,
    /// `libxl_device_*_destroy` tears the back-end down without asking.
    public func destroyDevice(
        _ deviceClass: DeviceClass, _ device: String, force: Bool, for domain: DomainID
    ) throws(XendError) {
        let id = try liveID(domain)
        if deviceClass.isBlockDevice {
            guard let number = DeviceLookup.diskNumber(device),
                let disk = context.disks(of: id).first(where: { DeviceLookup.number(of: $0) == number })
            else { throw .deviceNotDefined(device) }
            try libxl(force ? "libxl_device_disk_destroy" : "libxl_device_disk_remove") { () throws(XenlightError) in
                if force { try context.destroy(disk, from: id) } else { try context.remove(disk, from: id) }
            }
            try updateStoredConfig(of: id) { $0 = DeviceLookup.removingDisk(number, from: $0) }
        } else if deviceClass == .vif {
            guard let devid = DeviceLookup.nicDevid(device),
                let nic = context.nics(of: id).first(where: { $0.devid == devid })
            else { throw .deviceNotDefined(device) }
            try libxl(force ? "libxl_device_nic_destroy" : "libxl_device_nic_remove") { () throws(XenlightError) in
                if force { try context.destroy(nic, from: id) } else { try context.remove(nic, from: id) }
            }
            try updateStoredConfig(of: id) { $0 = DeviceLookup.removingVif(nic.mac, from: $0) }
        } else if deviceClass == .pci {
            // xend's one PCI back-end is devid 0; a host address (`0000:00:10.0`) names one function.
            if let address = PCIAddress(hostAddress: device) {
                try detachPCI([address], from: id, force: force)
            } else if device == "0" {
                try detachPCI(nil, from: id, force: force)
            } else {
                throw .deviceNotDefined(device)
            }
        } else {
            throw .notSupportedByLibxl("device_destroy of \(deviceClass.rawValue) devices")
        }
        logger.info("domain \(domain.rawValue): device \(deviceClass.rawValue) \(device) removed")
    }

    /// Changes the media of a cdrom (`libxl_cdrom_insert`; a device without `uname` ejects). libxl changes
    /// media of emulated drives only, so this works on HVM guests. A `(pci ...)` attaches or detaches PCI
    /// functions; other devices cannot be reconfigured.
    public func configureDevice(
        _ device: DeviceConfig, _ reference: String, for domain: DomainID
    ) throws(XendError) {
        let id = try liveID(domain)
        if case .pci(let devices) = device {
            try configurePCI(devices, of: id, domain: domain, hvm: try liveInfo(domain).domainType == .hvm)
            return
        }
        guard let block = device.blockDevice else {
            throw .notSupportedByLibxl("device_configure of \(device.deviceClass.rawValue) devices")
        }
        guard let number = DeviceLookup.diskNumber(reference),
            let disk = context.disks(of: id).first(where: { DeviceLookup.number(of: $0) == number })
        else { throw .deviceNotDefined(reference) }
        guard disk.isCdrom != 0 else {
            throw XendError(.operationFailed, "Device \(reference) is not a CD-ROM: only media can be changed")
        }
        // libxl_cdrom_insert refuses other guests with a bare ERROR_INVAL; say why instead.
        guard try liveInfo(domain).domainType == .hvm else {
            throw XendError(
                .operationFailed,
                "Device \(reference): changing a CD-ROM's media needs an HVM guest (libxl_cdrom_insert)")
        }
        var media = DeviceDisk()
        media.vdev = disk.vdev
        media.isCdrom = 1
        media.removable = 1
        media.readwrite = 0
        if let uname = block.uname, !uname.isEmpty {
            (media.backend, media.format, media.pdevPath) = try DeviceDisk.parse(uname: uname)
        } else {
            media.format = .empty
        }
        try libxl("libxl_cdrom_insert") { () throws(XenlightError) in try context.insertCDROM(media, into: id) }
        try updateStoredConfig(of: id) { $0 = DeviceLookup.changingMedia(number, to: block.uname, in: $0) }
        logger.info("domain \(domain.rawValue): media of \(reference) changed to \(block.uname ?? "none")")
    }

    /// The number of a disk about to be added, after xend's checks (and texts).
    private func checkNewDisk(_ block: BlockDevice, _ deviceClass: DeviceClass, of id: Domid)
        throws(XendError) -> UInt32
    {
        guard let dev = block.dev, let name = block.virtualDevice else {
            throw XendError(.operationFailed, "Block device must have virtual details specified")
        }
        guard block.uname != nil || block.isCDROM else {
            throw XendError(.operationFailed, "Block device must have physical details specified")
        }
        guard let number = DeviceLookup.diskNumber(dev) else {
            throw XendError(.operationFailed, "Unable to find number for device (\(dev))")
        }
        if context.disks(of: id).contains(where: { DeviceLookup.number(of: $0) == number }) {
            throw XendError(
                .operationFailed, "Device \(name) (\(number), \(deviceClass.rawValue)) is already connected.")
        }
        return number
    }

    /// Applies `change` to the domain's stored xend config, if it has one (domains other tools made do not).
    func updateStoredConfig(of id: Domid, _ change: (inout VMConfig) -> Void)
        throws(XendError)
    {
        try storedConfigUpdates.withLock { _ throws(XendError) in
            guard var config = storedConfig(of: id) else { return }
            change(&config)
            try store(config, for: id)
        }
    }
}
