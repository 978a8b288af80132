import Hypervisor
import XendModel

/// usb_add and usb_del: the simulated host has every USB device a guest asks for, and keeps the list of
/// those given to each guest's device model so that a second add or a stray del fails as on a real host.
extension SimulatedHypervisor {
    public func addUSBDevice(_ device: USBHostDevice, to id: DomainID) throws(XendError) {
        try operate(on: id) { domain, now throws(XendError) in
            try domain.state.withLock { state throws(XendError) in
                guard state.guest.dyingSince == nil, state.guest.shutdown == nil else { throw .domainNotRunning }
                guard !state.usbDevices.contains(device) else {
                    throw XendError(.operationFailed, "USB device \(device) is already attached")
                }
                state.usbDevices.append(device)
            }
            log("Domain \(id): USB device \(device) attached", at: now)
        }
    }

    public func removeUSBDevice(_ device: USBHostDevice, from id: DomainID) throws(XendError) {
        try operate(on: id) { domain, now throws(XendError) in
            try domain.state.withLock { state throws(XendError) in
                guard let index = state.usbDevices.firstIndex(of: device) else {
                    throw XendError(.operationFailed, "USB device \(device) is not attached")
                }
                state.usbDevices.remove(at: index)
            }
            log("Domain \(id): USB device \(device) detached", at: now)
        }
    }
}
