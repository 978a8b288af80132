/// USB controllers and host USB devices passed through to them (docs/xenlight-coverage.md#functions).
///
/// A controller of type `.pv` needs the pvusb backend in dom0 (the `xen-usbback` kernel driver, which
/// mainline Linux does not have); `.qusb` and `.devicemodel` need a QEMU device model for the guest.
extension Context {
    /// Adds a USB controller (`libxl_device_usbctrl_add`).
    /// - Returns: the controller as libxl completed it (type, version, ports, device ID chosen).
    @discardableResult
    public func add(_ controller: DeviceUsbctrl, to domain: Domid) throws(XenlightError) -> DeviceUsbctrl {
        try controller.withC { pointer throws(XenlightError) in
            try check(Calls.deviceUsbctrlAdd(handle, domain.rawValue, pointer), "libxl_device_usbctrl_add")
            return DeviceUsbctrl(fromC: pointer.pointee)
        }
    }

    /// Removes a controller and every device on it, asking the guest (`libxl_device_usbctrl_remove`).
    public func remove(_ controller: DeviceUsbctrl, from domain: Domid) throws(XenlightError) {
        try controller.withC { pointer throws(XenlightError) in
            try check(Calls.deviceUsbctrlRemove(handle, domain.rawValue, pointer), "libxl_device_usbctrl_remove")
        }
    }

    /// Removes a controller without asking the guest (`libxl_device_usbctrl_destroy`).
    public func destroy(_ controller: DeviceUsbctrl, from domain: Domid) throws(XenlightError) {
        try controller.withC { pointer throws(XenlightError) in
            try check(Calls.deviceUsbctrlDestroy(handle, domain.rawValue, pointer), "libxl_device_usbctrl_destroy")
        }
    }

    /// The domain's USB controllers (`libxl_device_usbctrl_list`); empty when it has none.
    public func usbControllers(of domain: Domid) -> [DeviceUsbctrl] {
        var count: CInt = 0
        guard let list = Calls.deviceUsbctrlList(handle, domain.rawValue, &count) else { return [] }
        defer { Calls.deviceUsbctrlListFree(list, count) }
        return cArray(list, count: count) { DeviceUsbctrl(fromC: $0) }
    }

    /// The backend's view of a controller (`libxl_device_usbctrl_getinfo`).
    public func info(about controller: DeviceUsbctrl, of domain: Domid) throws(XenlightError) -> UsbctrlInfo {
        try controller.withC { pointer throws(XenlightError) in
            try UsbctrlInfo.withInitializedC { info throws(XenlightError) in
                try check(
                    Calls.deviceUsbctrlGetinfo(handle, domain.rawValue, pointer, info), "libxl_device_usbctrl_getinfo")
                return UsbctrlInfo(fromC: info.pointee)
            }
        }
    }

    /// Passes a host USB device through (`libxl_device_usbdev_add`); libxl picks (or adds) a controller
    /// and port when `ctrl`/`port` are unset.
    /// - Returns: the device as libxl completed it (controller and port chosen).
    @discardableResult
    public func add(_ device: DeviceUsbdev, to domain: Domid) throws(XenlightError) -> DeviceUsbdev {
        try device.withC { pointer throws(XenlightError) in
            try check(Calls.deviceUsbdevAdd(handle, domain.rawValue, pointer), "libxl_device_usbdev_add")
            return DeviceUsbdev(fromC: pointer.pointee)
        }
    }

    /// Takes a USB device back (`libxl_device_usbdev_remove`); libxl finds it by `ctrl` and `port`.
    public func remove(_ device: DeviceUsbdev, from domain: Domid) throws(XenlightError) {
        try device.withC { pointer throws(XenlightError) in
            try check(Calls.deviceUsbdevRemove(handle, domain.rawValue, pointer), "libxl_device_usbdev_remove")
        }
    }

    /// The USB devices passed through to the domain (`libxl_device_usbdev_list`); empty when it has none.
    public func usbDevices(of domain: Domid) -> [DeviceUsbdev] {
        var count: CInt = 0
        guard let list = Calls.deviceUsbdevList(handle, domain.rawValue, &count) else { return [] }
        defer { Calls.deviceUsbdevListFree(list, count) }
        return cArray(list, count: count) { DeviceUsbdev(fromC: $0) }
    }
}
