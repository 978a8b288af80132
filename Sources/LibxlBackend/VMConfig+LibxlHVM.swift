import XendModel
import Xenlight

extension DomainConfig {
    /// An HVM guest: firmware, emulated devices and platform flags from `(image (hvm ...))`.
    ///
    /// xend's `kernel`/`loader` naming hvmloader and its `qemu-dm` device model are left for libxl to pick
    /// (libxl loads its own firmware and device model); any other `kernel` is a direct kernel boot.
    mutating func applyHVM(_ image: HVMImage) throws(XendError) {
        var hvm = DomainBuildInfo.HVM()
        if let kernel = image.kernel, !Self.isHVMLoader(kernel) {
            bInfo.kernel = kernel
            bInfo.ramdisk = image.ramdisk
            bInfo.cmdline = image.args
        }
        if let loader = image.loader, !Self.isHVMLoader(loader) { hvm.firmware = loader }
        if let model = image.deviceModel, !model.hasSuffix("/qemu-dm") { bInfo.deviceModel = model }
        if let version = image.extra.value("device_model_version")?.atomValue {
            // xl's spelling (`qemu-xen`) and libxl's (`qemu_xen`) both name it.
            let libxlName = String(version.map { $0 == "-" ? "_" : $0 })
            guard let parsed = DeviceModelVersion(libxlString: libxlName) else {
                throw .invalidConfigurationValue("Unknown device_model_version: \(version)")
            }
            bInfo.deviceModelVersion = parsed
        }
        hvm.boot = image.boot
        if let acpi = image.acpi { bInfo.acpi = Defbool(acpi) }
        if let apic = image.apic { bInfo.apic = Defbool(apic) }
        if let pae = image.pae { hvm.pae = Defbool(pae) }
        if let vnc = image.vnc { hvm.vnc.enable = Defbool(vnc) }
        hvm.vnc.listen = image.vncListen
        hvm.vnc.passwd = image.vncPassword
        if let display = image.vncDisplay { hvm.vnc.display = try Self.int32(display, "vncdisplay") }
        if let unused = image.vncUnused { hvm.vnc.findunused = Defbool(unused) }
        hvm.keymap = image.keymap
        if let sdl = image.sdl { hvm.sdl.enable = Defbool(sdl) }
        hvm.sdl.display = image.display
        hvm.sdl.xauthority = image.xauthority
        if let serial = image.serial {
            if serial.isList { hvm.serialList = serial.ports } else { hvm.serial = serial.single }
        }
        if let usb = image.usb { hvm.usb = Defbool(usb) }
        hvm.usbdevice = image.usbDevice
        hvm.soundhw = image.soundhw
        if let localtime = image.localtime { bInfo.localtime = Defbool(localtime) }
        if let nographic = image.nographic { hvm.nographic = Defbool(nographic) }
        if image.stdvga == true { hvm.vga.kind = .std }
        if let mode = image.timerMode { bInfo.timerMode = TimerMode(rawValue: try Self.int32(mode, "timer_mode")) }
        if let hap = image.hap { cInfo.hap = Defbool(hap) }
        if let viridian = image.viridian { hvm.viridian = Defbool(viridian) }
        if let hpet = image.hpet { hvm.hpet = Defbool(hpet) }
        if let align = image.vptAlign { hvm.vptAlign = Defbool(align) }
        if let offset = image.rtcTimeOffset { bInfo.rtcTimeoffset = UInt32(truncatingIfNeeded: offset) }
        if let platform = image.xenPlatformPCI { hvm.xenPlatformPCI = Defbool(platform) }
        if let s3 = image.acpiS3 { hvm.acpiS3 = Defbool(s3) }
        if let s4 = image.acpiS4 { hvm.acpiS4 = Defbool(s4) }
        if let videoRAM = image.videoRAM, videoRAM > 0 {
            bInfo.videoMemkb = Memory.mebibytes(UInt64(videoRAM)).inKibibytes
        }
        if let mode = image.tscMode { bInfo.tscMode = TscMode(rawValue: try Self.int32(mode, "tsc_mode")) }
        if let nomigrate = image.nomigrate { bInfo.disableMigrate = Defbool(nomigrate != 0) }
        if image.fda != nil || image.fdb != nil { throw .notSupportedByLibxl("floppy images (fda/fdb)") }
        bInfo.type = .hvm(hvm)
        if let cdrom = image.cdrom {
            // xend_config_format 1 put the CD-ROM image in the image; it is the emulated hdc.
            try add(.vbd(BlockDevice(uname: cdrom, dev: "hdc:cdrom", mode: "r")), hvm: true)
        }
    }

    private static func isHVMLoader(_ path: String) -> Bool { path.hasSuffix("hvmloader") }
}
