import Hypervisor
import XendModel

/// PCI passthrough as xend's device ops drove it (Sources/XendModel/PCIDevices+Hotplug.swift): one PCI
/// back-end per domain holding every function passed through, which device_create and device_configure
/// with `(state Initialising)` add to and device_configure with `(state Closing)` takes from. The simulated
/// host has every function a guest asks for; the libxl backend also wants it bound to pciback.
extension SimulatedHypervisor {
    /// Adds the functions to the domain's PCI back-end, making the back-end when it has none.
    func attachPCI(_ devices: PCIDevices, for id: DomainID) throws(XendError) -> DeviceReference {
        guard !devices.functions.isEmpty else { throw XendError(.operationFailed, "pci: no (dev ...) given") }
        return try operate(on: id) { domain, now throws(XendError) in
            let devid = try domain.state.withLock { state throws(XendError) -> UInt32 in
                guard state.guest.dyingSince == nil, state.guest.shutdown == nil else { throw .domainNotRunning }
                var added = PCIDevices()
                added.addFunctions(devices.functions)
                guard let index = state.devices.firstIndex(where: { $0.config.isPCI && $0.closingSince == nil }),
                    case .pci(var existing) = state.devices[index].config
                else {
                    let made = try makeDevice(.pci(added), for: &state, at: now)
                    state.devices.append(made)
                    state.config.devices.append(.pci(added))
                    return made.id
                }
                for function in added.functions
                where existing.functions.contains(where: { $0.isSameFunction(as: function) }) {
                    throw XendError(.operationFailed, "Device \(function.hostAddress) (pci) is already connected.")
                }
                existing.functions += added.functions
                state.replaceDevice(at: index, with: .pci(existing))
                return state.devices[index].id
            }
            log("Domain \(id): pci \(devices.functions.map(\.hostAddress).joined(separator: " ")) attached", at: now)
            try record(domain)
            return DeviceReference(deviceClass: .pci, domainID: id, deviceID: Int(devid))
        }
    }

    /// Takes functions from the domain's PCI back-end; the back-end goes when its last function does.
    func detachPCI(_ functions: [PCIAddress], force: Bool, for id: DomainID) throws(XendError) {
        try operate(on: id) { domain, now throws(XendError) in
            try domain.state.withLock { state throws(XendError) in
                guard let index = state.devices.firstIndex(where: { $0.config.isPCI && $0.closingSince == nil }),
                    case .pci(var existing) = state.devices[index].config
                else { throw .noPCIPlatform }
                for function in functions where !existing.functions.contains(where: { $0.isSameFunction(as: function) })
                {
                    throw XendError(.operationFailed, "Device \(function.hostAddress) is not connected")
                }
                existing.functions.removeAll { stored in functions.contains { $0.isSameFunction(as: stored) } }
                guard existing.functions.isEmpty else {
                    state.replaceDevice(at: index, with: .pci(existing))
                    return
                }
                if let configIndex = state.config.devices.firstIndex(of: state.devices[index].config) {
                    state.config.devices.remove(at: configIndex)
                }
                if force || !state.guest.isExecuting {
                    state.devices.remove(at: index)
                } else {
                    state.devices[index].closingSince = now
                }
            }
            log("Domain \(id): pci \(functions.map(\.hostAddress).joined(separator: " ")) detached", at: now)
            try record(domain)
        }
    }

    /// device_configure of a `(pci ...)`: its hot-plug state says attach or detach.
    func configurePCI(_ devices: PCIDevices, for id: DomainID) throws(XendError) {
        switch devices.hotplugState {
        case "Initialising":
            _ = try attachPCI(devices, for: id)
        case "Closing":
            try detachPCI(devices.functions, force: false, for: id)
        case let other:
            throw .pciHotplugStateNeeded(other)
        }
    }
}
