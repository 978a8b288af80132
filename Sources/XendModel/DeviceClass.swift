/// The device classes xend knows (`XendDevices`), as they head `(device (<class> ...))`.
public enum DeviceClass: String, Hashable, Sendable, CaseIterable, Codable {
    /// A block device through blkback.
    case vbd
    /// A block device through blktap.
    case tap
    /// A block device through blktap2.
    case tap2
    /// A network interface.
    case vif
    /// A PV framebuffer.
    case vfb
    /// A PV keyboard and mouse.
    case vkbd
    /// Passed-through PCI functions.
    case pci
    /// A PV console.
    case console
    /// A virtual TPM.
    case vtpm
    /// A range of passed-through I/O ports.
    case ioports
    /// A passed-through interrupt.
    case irq
    /// A passed-through USB device.
    case usb
    /// PV SCSI.
    case vscsi
    /// PV USB.
    case vusb

    /// Whether devices of this class are disks (`vbd`, `tap`, `tap2`): named by virtual device numbers
    /// (`xvdb`, `51728`), with a `vbd` front-end whatever their back-end.
    public var isBlockDevice: Bool { self == .vbd || self == .tap || self == .tap2 }

    /// Reads a device class as op=devices and op=device_destroy's `type` does.
    /// - Throws: `unknown device type: <text>`.
    public init(deviceType text: String) throws(XendError) {
        guard let deviceClass = DeviceClass(rawValue: text) else { throw .unknownDeviceType(text) }
        self = deviceClass
    }
}
