import SExpression
import XendModel
import Xenlight

extension DomainConfig {
    /// Adds one `(device ...)` of the config to the libxl config.
    mutating func add(_ device: DeviceConfig, hvm: Bool) throws(XendError) {
        switch device {
        case .vbd(let disk), .tap(let disk), .tap2(let disk):
            disks.append(try DeviceDisk(xend: disk))
        case .vif(let interface):
            nics.append(try DeviceNIC(xend: interface, hvm: hvm))
        case .vfb(let framebuffer):
            vfbs.append(DeviceVfb(xend: framebuffer))
            // A PV framebuffer is useless without the keyboard/pointer xend always paired with it.
            if vkbs.isEmpty { vkbs.append(DeviceVkb()) }
        case .vkbd:
            if vkbs.isEmpty { vkbs.append(DeviceVkb()) }
        case .pci(let devices):
            pcidevs += try devices.functions.map { address throws(XendError) in try DevicePCI(xend: address) }
        case .console:
            // libxl always gives a guest its first console; xend's record merely listed it.
            break
        case .irq(let irq):
            guard let number = irq.irq, let value = UInt32(exactly: number) else {
                throw .invalidConfigurationValue("irq device without a valid irq")
            }
            bInfo.irqs.append(value)
        case .ioports(let range):
            bInfo.ioports.append(try IoportRange(xend: range))
        case .vtpm, .usb, .other:
            throw .notSupportedByLibxl("device class \(device.deviceClass.rawValue)")
        }
    }
}

extension IoportRange {
    /// `(ioports (from 0x3f8) (to 0x3ff))`: an inclusive range of hexadecimal port numbers.
    init(xend range: IOPortRange) throws(XendError) {
        self.init()
        guard let first = range.from.flatMap(Self.hex),
            let last = range.to.flatMap(Self.hex) ?? range.from.flatMap(Self.hex),
            last >= first
        else {
            throw .invalidConfigurationValue("Invalid ioport range: \(range.from ?? "")-\(range.to ?? "")")
        }
        self.first = first
        number = last - first + 1
    }

    private static func hex(_ text: String) -> UInt32? {
        UInt32(text.hasPrefix("0x") ? String(text.dropFirst(2)) : text, radix: 16)
    }
}

extension DevicePCI {
    /// One passed-through function, `(dev (domain 0x0) (bus 0x3) (slot 0x0) (func 0x0))`.
    init(xend address: PCIAddress) throws(XendError) {
        self.init()
        guard let bus = address.bus, let slot = address.slot, let function = address.function,
            let bus8 = UInt8(exactly: bus), let slot8 = UInt8(exactly: slot), slot8 < 32,
            let function8 = UInt8(exactly: function), function8 < 8
        else {
            throw .invalidConfigurationValue("Invalid PCI device: needs bus, slot (0-31) and func (0-7)")
        }
        domain = Int32(clamping: address.domain ?? 0)
        self.bus = bus8
        dev = slot8
        `func` = function8
        if let vslot = address.vslot, vslot > 0 {
            vdevfn = UInt32(truncatingIfNeeded: (vslot << 3) | function)
        }
    }
}
