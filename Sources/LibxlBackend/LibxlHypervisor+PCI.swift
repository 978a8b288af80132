import Hypervisor
import XendModel
import Xenlight

/// PCI passthrough through xend's device ops: `device_create` of `(pci (dev ...) ...)`, `device_configure`
/// with `(state Initialising)` (attach) or `(state Closing)` (detach), as xm pci-attach/-detach and libvirt
/// sent them, and `device_destroy` of type `pci`. xend kept one PCI back-end per domain (devid 0) holding
/// every passed-through function; libxl passes functions one by one, and the stored config keeps one
/// `(pci ...)` device listing them.
extension LibxlHypervisor {
    /// Passes each function through (`libxl_device_pci_add`), all or none: when one fails, those added
    /// before it are taken back. A function must be bound to pciback first (`xl pci-assignable-add`), as
    /// xend wanted it hidden from dom0.
    func attachPCI(_ devices: PCIDevices, to id: Domid, domain: DomainID, hvm: Bool) throws(XendError)
        -> DeviceReference
    {
        let requested = try devices.functions.map { address throws(XendError) in try DevicePCI(xend: address) }
        guard !requested.isEmpty else { throw XendError(.operationFailed, "pci: no (dev ...) given") }
        let attached = context.pciDevices(of: id)
        let assignable = context.assignablePCIDevices()
        for pci in requested {
            if attached.contains(where: { $0.isSameFunction(as: pci) }) {
                throw XendError(.operationFailed, "Device \(pci.address) (pci) is already connected.")
            }
            guard assignable.contains(where: { $0.isSameFunction(as: pci) }) else {
                throw XendError(
                    .operationFailed,
                    "pci: \(pci.address) is not assignable: bind it to pciback first (xl pci-assignable-add \(pci.address))"
                )
            }
        }
        var added: [DevicePCI] = []
        for pci in requested {
            do {
                added.append(try context.add(pci, to: id))
            } catch {
                for done in added.reversed() { try? context.destroy(done, from: id) }
                // libxl fixes a domain's passthrough mode when it builds it; a PV guest built without a PCI
                // device cannot take one later (Xen refuses the assignment).
                let hint = hvm ? "" : " (a PV guest takes PCI devices only if it was created with one)"
                throw XendError(
                    .operationFailed, "Device \(pci.address) (pci) could not be connected: \(error)\(hint)")
            }
        }
        try updateStoredConfig(of: id) { $0.addPCIFunctions(devices.functions) }
        logger.info(
            "domain \(domain.rawValue): pci \(requested.map(\.address).joined(separator: " ")) passed through")
        return DeviceReference(deviceClass: .pci, domainID: domain, deviceID: 0)
    }

    /// Takes functions back: `libxl_device_pci_remove` asks the guest to let go, `libxl_device_pci_destroy`
    /// (`force`) does not. `functions` nil means every function, as xend's device_destroy of the back-end.
    func detachPCI(_ functions: [PCIAddress]?, from id: Domid, force: Bool) throws(XendError) {
        let attached = context.pciDevices(of: id)
        guard !attached.isEmpty else { throw functions == nil ? .deviceNotDefined("0") : .noPCIPlatform }
        let targets: [DevicePCI]
        if let functions {
            targets = try functions.map { address throws(XendError) in
                let pci = try DevicePCI(xend: address)
                guard let found = attached.first(where: { $0.isSameFunction(as: pci) }) else {
                    throw XendError(.operationFailed, "Device \(pci.address) is not connected")
                }
                return found
            }
        } else {
            targets = attached
        }
        for pci in targets {
            try libxl(force ? "libxl_device_pci_destroy" : "libxl_device_pci_remove") { () throws(XenlightError) in
                if force { try context.destroy(pci, from: id) } else { try context.remove(pci, from: id) }
            }
            try updateStoredConfig(of: id) { config in
                config.removePCIFunctions { $0.isSameFunction(as: PCIAddress(pci)) }
            }
            logger.info("domain \(id.rawValue): pci \(pci.address) taken back")
        }
    }

    /// device_configure of a `(pci ...)`: its `state` (on the device, or on each `dev` as some clients put
    /// it) says whether to attach or detach.
    func configurePCI(_ devices: PCIDevices, of id: Domid, domain: DomainID, hvm: Bool) throws(XendError) {
        switch devices.hotplugState {
        case "Initialising":
            _ = try attachPCI(devices, to: id, domain: domain, hvm: hvm)
        case "Closing":
            try detachPCI(devices.functions, from: id, force: false)
        case let other:
            throw .pciHotplugStateNeeded(other)
        }
    }

    /// Whether domains built now should be able to take PCI devices later. libxl fixes the passthrough
    /// mode at build time and enables it only for a config with PCI devices, but xend hot-plugged PCI
    /// devices into HVM guests created without any. An HVM guest gets it when the host has an IOMMU and
    /// the guest does not populate its memory on demand (libxl refuses passthrough with that); PV guests
    /// keep libxl's default, which spares Xen keeping IOMMU tables in step with every PV guest's memory.
    func allowPCIHotplug(in config: inout DomainConfig) {
        // LIBXL_MEMKB_DEFAULT (all ones) leaves a size for libxl to choose; below the maximum is PoD.
        let unset = UInt64.max
        let target = config.bInfo.targetMemkb
        let maximum = config.bInfo.maxMemkb
        let populatesOnDemand = target != unset && maximum != unset && target < maximum
        guard config.cInfo.type == .hvm, config.cInfo.passthrough == .default, !populatesOnDemand,
            let physical = try? context.physicalInfo(), physical.capHVMDirectio
        else { return }
        config.cInfo.passthrough = .enabled
    }
}

extension PCIAddress {
    /// The host function `pci` names, in xend's terms.
    init(_ pci: DevicePCI) {
        self.init(domain: Int(pci.domain), bus: Int(pci.bus), slot: Int(pci.dev), function: Int(pci.`func`))
    }
}

extension DevicePCI {
    /// The same host function (segment, bus, device, function), whatever guest slot it has.
    func isSameFunction(as other: DevicePCI) -> Bool {
        PCIAddress(self).isSameFunction(as: PCIAddress(other))
    }
}
