import Hypervisor
public import XendModel
import Xenlight

/// usb_add and usb_del on libxl: a host USB device goes to the guest through `libxl_device_usbdev_add`, on a
/// USB controller of its device model (xend asked qemu-dm's monitor for `usb_add` instead). libxl names host
/// devices by bus and device number; a `host:VID:PID` is looked up in dom0's sysfs.
extension LibxlHypervisor {
    public func addUSBDevice(_ device: USBHostDevice, to domain: DomainID) throws(XendError) {
        let info = try liveInfo(domain)
        let id = Domid(domain.rawValue)
        let host = try Self.hostUSBAddress(of: device)
        let devices = context.usbDevices(of: id)
        guard !devices.contains(where: { $0.type == .hostdev(host) }) else {
            throw XendError(.operationFailed, "USB device \(device) is already attached")
        }
        var usb = DeviceUsbdev()
        usb.type = .hostdev(host)
        if info.domainType == .hvm {
            usb.ctrl = try deviceModelController(of: id, devices: devices)
        }
        try libxl("libxl_device_usbdev_add") { () throws(XenlightError) in _ = try context.add(usb, to: id) }
        logger.info("domain \(domain.rawValue): USB device \(device) attached")
    }

    /// The device ID of an HVM guest's device-model USB controller with a free port, added when there is none.
    ///
    /// libxl_device_usbdev_add left to pick a controller makes a missing one only in xenstore, never in QEMU,
    /// so QEMU then refuses the device (`Bus 'xenusb-0.0' not found`, seen on Xen 4.17);
    /// libxl_device_usbctrl_add also adds the controller to the running device model. Version 2 is QEMU's
    /// EHCI with its six ports (libxl's default for a device-model controller).
    private func deviceModelController(of id: Domid, devices: [DeviceUsbdev]) throws(XendError) -> Int32 {
        let controllers = context.usbControllers(of: id)
        if let devid = Self.controllerWithFreePort(controllers, devices: devices) { return devid }
        var request = DeviceUsbctrl()
        request.type = .devicemodel
        request.version = 2
        let added = try libxl("libxl_device_usbctrl_add") { () throws(XenlightError) in
            try context.add(request, to: id)
        }
        logger.info("domain \(id.rawValue): USB controller \(added.devid) added to the device model")
        return added.devid
    }

    /// The first device-model controller in `controllers` with a port no device in `devices` uses.
    static func controllerWithFreePort(_ controllers: [DeviceUsbctrl], devices: [DeviceUsbdev]) -> Int32? {
        controllers.first { controller in
            controller.type == .devicemodel
                && devices.filter({ $0.ctrl == controller.devid }).count < Int(controller.ports)
        }?.devid
    }

    public func removeUSBDevice(_ device: USBHostDevice, from domain: DomainID) throws(XendError) {
        let id = try liveID(domain)
        let host = try Self.hostUSBAddress(of: device)
        guard let attached = context.usbDevices(of: id).first(where: { $0.type == .hostdev(host) }) else {
            throw XendError(.operationFailed, "USB device \(device) is not attached")
        }
        try libxl("libxl_device_usbdev_remove") { () throws(XenlightError) in
            try context.remove(attached, from: id)
        }
        logger.info("domain \(domain.rawValue): USB device \(device) detached")
    }

    /// The bus and device number of a host USB device; `host:VID:PID` is the first such device in
    /// `sysfs` (`/sys/bus/usb/devices/*/idVendor`, `idProduct`, `busnum`, `devnum`).
    static func hostUSBAddress(of device: USBHostDevice, sysfs: String = "/sys/bus/usb/devices")
        throws(XendError) -> DeviceUsbdev.Hostdev
    {
        let bus: Int
        let number: Int
        switch device {
        case .address(let hostBus, let hostDevice):
            (bus, number) = (hostBus, hostDevice)
        case .product(let vendor, let product):
            guard
                let found = USBSysfs.devices(under: sysfs).first(where: { $0.vendor == vendor && $0.product == product }
                )
            else { throw XendError(.operationFailed, "USB device \(device) is not on this host") }
            (bus, number) = (found.bus, found.device)
        }
        var host = DeviceUsbdev.Hostdev()
        guard let hostBus = UInt8(exactly: bus), let hostAddress = UInt8(exactly: number) else {
            throw XendError(.operationFailed, "USB device \(device) is not on this host")
        }
        host.hostbus = hostBus
        host.hostaddr = hostAddress
        return host
    }
}

/// The USB devices dom0's kernel lists in sysfs.
enum USBSysfs {
    struct Device: Equatable {
        var bus: Int
        var device: Int
        var vendor: Int
        var product: Int
    }

    /// Every device directory under `directory` with readable ids and numbers; interfaces and hubs'
    /// ports (no `idVendor`) are skipped.
    static func devices(under directory: String) -> [Device] {
        let names = (try? AtomicFile.entries(of: directory)) ?? []
        return names.compactMap { name in
            func read(_ key: String, radix: Int) -> Int? {
                guard let bytes = try? AtomicFile.readAll("\(directory)/\(name)/\(key)") else { return nil }
                return Int(String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }, radix: radix)
            }
            guard let vendor = read("idVendor", radix: 16), let product = read("idProduct", radix: 16),
                let bus = read("busnum", radix: 10), let device = read("devnum", radix: 10)
            else { return nil }
            return Device(bus: bus, device: device, vendor: vendor, product: product)
        }
    }
}
