import SExpression

/// A fully virtualised guest's image, `(hvm (kernel ...) (device_model ...) (boot c) ...)`: every key of
/// docs/protocol.md#domain-configuration and the platform keys of later xend. Properties follow the config keys.
public struct HVMImage: Hashable, Sendable {
    /// `kernel`: The loader or direct-boot kernel (libvirt puts hvmloader here).
    public var kernel: String?
    /// `ramdisk`: The ramdisk for direct kernel boot.
    public var ramdisk: String?
    /// `args`: The command line for direct kernel boot.
    public var args: String?
    /// `loader`: The firmware loader, e.g. `/usr/lib/xen/boot/hvmloader`.
    public var loader: String?
    /// `device_model`: The device model, e.g. `/usr/lib/xen/bin/qemu-dm`.
    public var deviceModel: String?
    /// `boot`: Boot order: `c` disk, `d` CD-ROM, `n` network, `a` floppy.
    public var boot: String?
    /// `acpi`: Whether the guest has ACPI.
    public var acpi: Bool?
    /// `apic`: Whether the guest has an APIC.
    public var apic: Bool?
    /// `pae`: Whether the guest has PAE.
    public var pae: Bool?
    /// `vcpus`: The VCPU count (overrides the top-level `vcpus`).
    public var vcpus: Int?
    /// `vnc`: Whether the console is exported over VNC.
    public var vnc: Bool?
    /// `vnclisten`: The VNC listen address.
    public var vncListen: String?
    /// `vncunused`: Whether to pick the first unused VNC display.
    public var vncUnused: Bool?
    /// `vncdisplay`: The VNC display number.
    public var vncDisplay: Int?
    /// `vncpasswd`: The VNC password.
    public var vncPassword: String?
    /// `keymap`: The keyboard layout, e.g. `en-us`.
    public var keymap: String?
    /// `sdl`: Whether the console is shown with SDL.
    public var sdl: Bool?
    /// `display`: The X display for SDL.
    public var display: String?
    /// `xauthority`: The X authority file for SDL.
    public var xauthority: String?
    /// `serial`: The serial port back-end, e.g. `pty`, or a list of them, one per port.
    public var serial: SerialPorts?
    /// `parallel`: The parallel port back-end, e.g. `none`.
    public var parallel: String?
    /// `soundhw`: Emulated sound cards, e.g. `es1370`.
    public var soundhw: String?
    /// `usb`: Whether the guest has a USB controller.
    public var usb: Bool?
    /// `usbdevice`: An emulated USB device, e.g. `tablet`.
    public var usbDevice: String?
    /// `localtime`: Whether the RTC runs in local time.
    public var localtime: Bool?
    /// `fda`: The first floppy image.
    public var fda: String?
    /// `fdb`: The second floppy image.
    public var fdb: String?
    /// `cdrom`: The CD-ROM image (xend_config_format 1 only).
    public var cdrom: String?
    /// `nographic`: Whether the device model has no graphics.
    public var nographic: Bool?
    /// `stdvga`: Whether the emulated card is a standard VGA rather than Cirrus.
    public var stdvga: Bool?
    /// `timer_mode`: The virtual timer mode (0..3).
    public var timerMode: Int?
    /// `hap`: Whether hardware-assisted paging is used.
    public var hap: Bool?
    /// `viridian`: Whether the Viridian (Hyper-V) enlightenments are on.
    public var viridian: Bool?
    /// `hpet`: Whether the guest has an HPET.
    public var hpet: Bool?
    /// `vpt_align`: Whether virtual periodic timers are aligned.
    public var vptAlign: Bool?
    /// `rtc_timeoffset`: The RTC offset in seconds.
    public var rtcTimeOffset: Int?
    /// `monitor`: Whether the device model's monitor is exposed.
    public var monitor: Bool?
    /// `guest_os_type`: A hint about the guest OS, e.g. `default`.
    public var guestOSType: String?
    /// `xen_platform_pci`: Whether the Xen platform PCI device is present.
    public var xenPlatformPCI: Bool?
    /// `acpi_s3`: Whether ACPI S3 (suspend to RAM) is offered.
    public var acpiS3: Bool?
    /// `acpi_s4`: Whether ACPI S4 (hibernate) is offered.
    public var acpiS4: Bool?
    /// `videoram`: Video memory in MiB.
    public var videoRAM: Int?
    /// `pci_msitranslate`: Whether passed-through MSI is translated to INTx.
    public var pciMSITranslate: Bool?
    /// `pci_power_mgmt`: Whether passed-through devices get power management.
    public var pciPowerManagement: Bool?
    /// `tsc_mode`: The TSC mode (platform key).
    public var tscMode: Int?
    /// `nomigrate`: Whether the guest may not be migrated (platform key).
    public var nomigrate: Int?
    /// Keys the model does not know, in order.
    public var extra: ExtraFields

    /// An image with only the given keys set; assign the others as needed.
    public init(
        kernel: String? = nil, loader: String? = nil, deviceModel: String? = nil, boot: String? = nil,
        extra: ExtraFields = []
    ) {
        self.kernel = kernel
        self.loader = loader
        self.deviceModel = deviceModel
        self.boot = boot
        self.extra = extra
    }
}

extension HVMImage: FieldTable {
    static let tag = "hvm"
    static var blank: HVMImage { HVMImage() }
    // Stored: read for every value parsed or printed; its closures capture only key paths and constants.
    static let fields: [Field<HVMImage>] = {
        [
            .optional("kernel", \.kernel),
            .optional("ramdisk", \.ramdisk),
            .optional("args", \.args),
            .optional("loader", \.loader),
            .optional("device_model", \.deviceModel),
            .optional("boot", \.boot),
            .optional("acpi", \.acpi),
            .optional("apic", \.apic),
            .optional("pae", \.pae),
            .optional("vcpus", \.vcpus),
            .optional("vnc", \.vnc),
            .optional("vnclisten", \.vncListen),
            .optional("vncunused", \.vncUnused),
            .optional("vncdisplay", \.vncDisplay),
            .optional("vncpasswd", \.vncPassword),
            .optional("keymap", \.keymap),
            .optional("sdl", \.sdl),
            .optional("display", \.display),
            .optional("xauthority", \.xauthority),
            .optional("serial", \.serial),
            .optional("parallel", \.parallel),
            .optional("soundhw", \.soundhw),
            .optional("usb", \.usb),
            .optional("usbdevice", \.usbDevice),
            .optional("localtime", \.localtime),
            .optional("fda", \.fda),
            .optional("fdb", \.fdb),
            .optional("cdrom", \.cdrom),
            .optional("nographic", \.nographic),
            .optional("stdvga", \.stdvga),
            .optional("timer_mode", \.timerMode),
            .optional("hap", \.hap),
            .optional("viridian", \.viridian),
            .optional("hpet", \.hpet),
            .optional("vpt_align", \.vptAlign),
            .optional("rtc_timeoffset", \.rtcTimeOffset),
            .optional("monitor", \.monitor),
            .optional("guest_os_type", \.guestOSType),
            .optional("xen_platform_pci", \.xenPlatformPCI),
            .optional("acpi_s3", \.acpiS3),
            .optional("acpi_s4", \.acpiS4),
            .optional("videoram", \.videoRAM),
            .optional("pci_msitranslate", \.pciMSITranslate),
            .optional("pci_power_mgmt", \.pciPowerManagement),
            .optional("tsc_mode", \.tscMode),
            .optional("nomigrate", \.nomigrate),
        ]
    }()
}

extension HVMImage: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}
