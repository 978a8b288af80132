import Hypervisor
import XendModel
import Xenlight

/// How xend's device operations name a device, mapped onto libxl's disks and NICs and onto the stored config.
///
/// A disk is named by its devid, the virtual device number (`51728`), or by its name (`xvdb`, `hdc`); a
/// vif by its devid (`0`, `1`, ...). In the stored xend config a disk is found by the number of its `dev`
/// and a vif by its MAC, which libxl assigns when the config has none (``withMACs(_:)``).
enum DeviceLookup {
    /// The virtual device number `reference` names: a devid (`51728`) or a name (`xvdb`, `hdc:cdrom`).
    static func diskNumber(_ reference: String) -> UInt32? {
        VirtualDeviceNumber.number(forDiskNamed: reference)
    }

    /// The number of a libxl disk, from its `vdev`.
    static func number(of disk: DeviceDisk) -> UInt32? {
        disk.vdev.flatMap(diskNumber)
    }

    /// The devid a vif reference names: a plain decimal number.
    static func nicDevid(_ reference: String) -> Int32? {
        guard !reference.isEmpty, reference.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
        return Int32(reference)
    }

    /// The front-end directory (`/local/domain/<id>/device/<name>`) of a class's devices, or nil for classes
    /// without front-ends (`ioports`, `irq`). Every disk's front-end is a `vbd`, whatever its back-end.
    static func frontendDirectoryName(of deviceClass: DeviceClass) -> String? {
        switch deviceClass {
        case .vbd, .tap, .tap2: "vbd"
        case .vif, .vfb, .vkbd, .pci, .console, .vtpm, .vscsi, .vusb: deviceClass.rawValue
        case .usb: "vusb"
        case .ioports, .irq: nil
        }
    }

    /// The class the stored config gives the disk with number `number` (`vbd` when it has none).
    static func diskClass(of number: UInt32, in config: VMConfig?) -> DeviceClass {
        config?.devices.first { device in
            device.blockDevice?.dev.flatMap(diskNumber) == number
        }?.deviceClass ?? .vbd
    }

    /// `config` without the block devices whose `dev` has `number`.
    static func removingDisk(_ number: UInt32, from config: VMConfig) -> VMConfig {
        var config = config
        config.devices.removeAll { $0.blockDevice?.dev.flatMap(diskNumber) == number }
        return config
    }

    /// `config` without the vif whose MAC is `mac`.
    static func removingVif(_ mac: MAC, from config: VMConfig) -> VMConfig {
        var config = config
        config.devices.removeAll { device in
            guard case .vif(let interface) = device, let text = interface.mac else { return false }
            return MAC(text) == mac
        }
        return config
    }

    /// `config` with the cdrom whose `dev` has `number` now holding `uname` (nil: empty).
    static func changingMedia(_ number: UInt32, to uname: String?, in config: VMConfig)
        -> VMConfig
    {
        var config = config
        config.devices = config.devices.map { device in
            guard var block = device.blockDevice, block.dev.flatMap(diskNumber) == number else { return device }
            block.uname = uname
            switch device {
            case .tap: return .tap(block)
            case .tap2: return .tap2(block)
            default: return .vbd(block)
            }
        }
        return config
    }

    /// `config` with each vif that has no MAC given the one libxl chose: the config's vifs, in order, are
    /// libxl's NICs in devid order (libxl numbers a new domain's NICs from 0 in config order).
    static func withMACs(_ config: VMConfig, from nics: [DeviceNIC]) -> VMConfig {
        var config = config
        var assigned = nics.sorted { $0.devid < $1.devid }.makeIterator()
        config.devices = config.devices.map { device in
            guard case .vif(var interface) = device else { return device }
            guard let nic = assigned.next() else { return device }
            if interface.mac == nil { interface.mac = nic.mac.description }
            return .vif(interface)
        }
        return config
    }
}
