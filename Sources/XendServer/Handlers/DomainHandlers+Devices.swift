import Hypervisor
import SExpression
import XendModel

extension DomainHandlers {
    /// devices, device_create, device_destroy, device_configure, device_refresh, configure.
    static let deviceOperations: [DomainOperation: OpHandler<DomainHandlers>] = [
        .devices: OpHandler { handlers, arguments throws(XendError) in
            let deviceClass = try DeviceClass(deviceType: try arguments.string(.type))
            let devices = try handlers.backend.devices(deviceClass, of: try handlers.liveID())
            return .value(DeviceFrontendState.reply(devices), encoding: devices)
        },
        .deviceCreate: OpHandler { handlers, arguments throws(XendError) in
            let device = try DeviceConfig(try arguments.sxpr(.config))
            let reference = try handlers.backend.createDevice(device, for: try handlers.liveID())
            return .value(reference.toSExpression(), encoding: reference)
        },
        // xend 3.0.x took type and dev, the last xend also force and rm_cfg: both forms work, and the
        // missing ones default to 0 as 3.0.x behaved (docs/compatibility.md).
        .deviceDestroy: OpHandler { handlers, arguments throws(XendError) in
            let type = try arguments.string(.type)
            let device = try arguments.string(.dev)
            let force = try arguments.int(.force, default: 0)
            _ = try arguments.int(.removeFromConfig, default: 0)
            let deviceClass = try DeviceClass(deviceType: type)
            try handlers.backend.destroyDevice(deviceClass, device, force: force != 0, for: try handlers.liveID())
            return .none
        },
        .deviceConfigure: OpHandler { handlers, arguments throws(XendError) in
            let config = try arguments.sxpr(.config)
            let reference = try arguments.string(.dev)
            try handlers.backend.configureDevice(try DeviceConfig(config), reference, for: try handlers.liveID())
            return .true
        },
        // Xen 3.0.x's xend re-read the device's state and answered like device_destroy; the state is read on
        // every op=devices here, so only the device's existence is left to check.
        .deviceRefresh: OpHandler { handlers, arguments throws(XendError) in
            let type = try arguments.string(.type)
            let device = try arguments.string(.dev)
            let deviceClass = try DeviceClass(deviceType: type)
            let number =
                Int(device)
                ?? (deviceClass.isBlockDevice ? VirtualDeviceNumber.number(forDiskNamed: device) : nil)
                .map(Int.init)
            let devices = try handlers.backend.devices(deviceClass, of: try handlers.liveID())
            // A device being unplugged (front-end Closing or Closed) is gone for device_destroy too.
            let present = devices.filter { device in
                !device.entries.contains { $0.key == "state" && ($0.value == "5" || $0.value == "6") }
            }
            guard let number, present.contains(where: { $0.deviceID == number }) else {
                throw .deviceNotDefined(device)
            }
            return .none
        },
        .usbAdd: usbOperation { backend, device, id throws(XendError) in try backend.addUSBDevice(device, to: id) },
        .usbDelete: usbOperation { backend, device, id throws(XendError) in
            try backend.removeUSBDevice(device, from: id)
        },
        .configure: OpHandler { _, arguments throws(XendError) in
            _ = try arguments.sxpr(.config)
            throw XendError(.operationFailed, "Unsupported")
        },
    ]
}

extension DomainHandlers {
    /// usb_add and usb_del: xend ran them on a helper thread and answered 202; a domain that is not running
    /// was only logged.
    static func usbOperation(
        _ act: @escaping @Sendable (any Hypervisor, USBHostDevice, DomainID) throws(XendError) -> Void
    ) -> OpHandler<DomainHandlers> {
        OpHandler(202, deferred: true) { handlers, arguments throws(XendError) in
            let device = try arguments.string(.dev)
            try handlers.checkUSBGuest()
            guard let id = handlers.record.domainID else { return .none }
            try act(handlers.backend, try USBHostDevice(device), id)
            return .none
        }
    }

    /// xend's first check before usb_add and usb_del, with its text (for usb_del too): the guest's platform
    /// must have `usb` on, which only an HVM image's `(usb 1)` sets.
    func checkUSBGuest() throws(XendError) {
        guard case .hvm(let image) = record.image, image.usb == true else {
            throw XendError(.operationFailed, "Can't add usb device to a guest with usb disabled in configure file")
        }
    }
}
