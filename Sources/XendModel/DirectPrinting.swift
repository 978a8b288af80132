public import FoundationEssentials
import SExpression

// The listing's printer (docs/performance.md#listing): a domain record's wire text appended straight to a
// byte buffer, without building the `SExpression` tree that `toSExpression()` returns. Building that tree
// through the field tables (a key-path read, a closure and several small arrays per field) is most of the
// cost of listing a thousand domains.
//
// The field tables stay the definition of the wire form. These printers repeat the keys of the types a
// listing is made of, in table order; `directlyPrintedKeys` names them, and the tests check those lists
// against the tables and compare the bytes with the generic printer on random records. A device class or
// image kind without its own printer here (HVM images, framebuffers, PCI...) goes through the generic one.

extension DomainRecord {
    /// Appends the record's wire text: exactly the bytes of `toSExpression().description`.
    public func writeSExpression(into buffer: inout PrintBuffer) {
        buffer.appendRaw("(domain")
        buffer.appendField("domid", domainID)
        buffer.appendField("cpu_weight", cpuWeight)
        buffer.appendField("cpu_cap", cpuCap)
        buffer.appendField("pool_name", poolName)
        buffer.appendField("bootloader", bootloader)
        buffer.appendField("vcpus", vcpus)
        buffer.appendRaw(" (cpus (")
        for (index, list) in cpus.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: " ")) }
            buffer.append(UInt8(ascii: "("))
            for (position, cpu) in list.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: " ")) }
                SExpression.writeInteger(cpu, into: &buffer)
            }
            buffer.append(UInt8(ascii: ")"))
        }
        buffer.appendRaw("))")
        buffer.appendField("on_poweroff", onPoweroff)
        buffer.appendField("description", description)
        buffer.appendField("on_crash", onCrash)
        buffer.appendField("uuid", uuid)
        buffer.appendField("bootloader_args", bootloaderArgs)
        buffer.appendField("name", name)
        buffer.appendField("on_reboot", onReboot)
        buffer.appendField("maxmem", maxmem)
        buffer.appendField("memory", memory)
        buffer.appendField("shadow_memory", shadowMemory)
        buffer.appendField("vcpu_avail", vcpuAvail)
        buffer.appendField("features", features)
        buffer.appendField("on_xend_start", onXendStart)
        buffer.appendField("on_xend_stop", onXendStop)
        buffer.appendField("localtime", localtime)
        buffer.appendField("start_time", startTime)
        buffer.appendField("cpu_time", cpuTime)
        buffer.appendField("online_vcpus", onlineVCPUs)
        if let image {
            buffer.appendRaw(" (image ")
            image.writeSExpression(into: &buffer)
            buffer.append(UInt8(ascii: ")"))
        }
        buffer.appendField("status", status)
        buffer.appendField("state", state)
        buffer.appendField("store_mfn", storeMFN)
        buffer.appendField("console_mfn", consoleMFN)
        for device in devices {
            buffer.appendRaw(" (device ")
            device.writeSExpression(into: &buffer)
            buffer.append(UInt8(ascii: ")"))
        }
        buffer.appendExtra(extra)
        buffer.append(UInt8(ascii: ")"))
    }

    /// The keys `writeSExpression(into:)` prints, in its order (`device` for the devices).
    static let directlyPrintedKeys = [
        "domid", "cpu_weight", "cpu_cap", "pool_name", "bootloader", "vcpus", "cpus", "on_poweroff", "description",
        "on_crash", "uuid", "bootloader_args", "name", "on_reboot", "maxmem", "memory", "shadow_memory",
        "vcpu_avail", "features", "on_xend_start", "on_xend_stop", "localtime", "start_time", "cpu_time",
        "online_vcpus", "image", "status", "state", "store_mfn", "console_mfn", "device",
    ]
}

extension DomainImage {
    /// Appends `(linux ...)` or `(hvm ...)`: the bytes of `toSExpression().description`.
    public func writeSExpression(into buffer: inout PrintBuffer) {
        switch self {
        case .linux(let image):
            buffer.appendRaw("(linux")
            buffer.appendField("kernel", image.kernel)
            buffer.appendField("ramdisk", image.ramdisk)
            buffer.appendField("root", image.root)
            buffer.appendField("ip", image.ip)
            buffer.appendField("args", image.args)
            buffer.appendField("vcpus", image.vcpus)
            buffer.appendField("superpages", image.superpages)
            buffer.appendField("nomigrate", image.nomigrate)
            buffer.appendField("tsc_mode", image.tscMode)
            buffer.appendField("e820_host", image.e820Host)
            buffer.appendExtra(image.extra)
            buffer.append(UInt8(ascii: ")"))
        case .hvm:
            toSExpression().write(into: &buffer)
        }
    }

    /// The keys the linux image's printer prints, in its order.
    static let directlyPrintedLinuxKeys = [
        "kernel", "ramdisk", "root", "ip", "args", "vcpus", "superpages", "nomigrate", "tsc_mode", "e820_host",
    ]
}

extension DeviceConfig {
    /// Appends the device body `(<class> (key value) ...)`: the bytes of `toSExpression().description`.
    public func writeSExpression(into buffer: inout PrintBuffer) {
        switch self {
        case .vbd(let device), .tap(let device), .tap2(let device):
            buffer.append(UInt8(ascii: "("))
            buffer.appendAtom(deviceClass.rawValue)
            buffer.appendField("protocol", device.protocol)
            buffer.appendField("uuid", device.uuid)
            buffer.appendField("bootable", device.isBootable)
            buffer.appendField("dev", device.dev)
            buffer.appendField("uname", device.uname)
            buffer.appendField("mode", device.mode)
            buffer.appendField("backend", device.backend)
            buffer.appendField("VDI", device.vdi)
            buffer.appendExtra(device.extra)
            buffer.append(UInt8(ascii: ")"))
        case .vif(let device):
            buffer.appendRaw("(vif")
            buffer.appendField("bridge", device.bridge)
            buffer.appendField("mac", device.mac)
            buffer.appendField("script", device.script)
            buffer.appendField("uuid", device.uuid)
            buffer.appendField("backend", device.backend)
            buffer.appendField("ip", device.ip)
            buffer.appendField("vifname", device.vifname)
            buffer.appendField("type", device.type)
            buffer.appendField("model", device.model)
            buffer.appendField("rate", device.rate)
            buffer.appendExtra(device.extra)
            buffer.append(UInt8(ascii: ")"))
        default:
            toSExpression().write(into: &buffer)
        }
    }

    /// The keys the block device's printer prints, in its order.
    static let directlyPrintedBlockKeys = ["protocol", "uuid", "bootable", "dev", "uname", "mode", "backend", "VDI"]
    /// The keys the network interface's printer prints, in its order.
    static let directlyPrintedInterfaceKeys = [
        "bridge", "mac", "script", "uuid", "backend", "ip", "vifname", "type", "model", "rate",
    ]
}

/// A value the direct printers write: the same bytes as its `fieldExpression`, without building it.
protocol DirectlyPrintedValue: FieldValue {
    /// Appends the wire text of `fieldExpression`.
    func writeValue(into buffer: inout PrintBuffer)
}

extension String: DirectlyPrintedValue {
    func writeValue(into buffer: inout PrintBuffer) { SExpression.writeAtom(self, into: &buffer) }
}

extension Int: DirectlyPrintedValue {
    func writeValue(into buffer: inout PrintBuffer) { SExpression.writeInteger(self, into: &buffer) }
}

extension UInt64: DirectlyPrintedValue {
    func writeValue(into buffer: inout PrintBuffer) { SExpression.writeInteger(self, into: &buffer) }
}

extension Bool: DirectlyPrintedValue {
    func writeValue(into buffer: inout PrintBuffer) { buffer.append(self ? UInt8(ascii: "1") : UInt8(ascii: "0")) }
}

extension Memory: DirectlyPrintedValue {
    func writeValue(into buffer: inout PrintBuffer) { SExpression.writeInteger(inMebibytes, into: &buffer) }
}

extension DomainID: DirectlyPrintedValue {
    func writeValue(into buffer: inout PrintBuffer) { SExpression.writeInteger(UInt64(rawValue), into: &buffer) }
}

extension DomainName: DirectlyPrintedValue {
    func writeValue(into buffer: inout PrintBuffer) { SExpression.writeAtom(rawValue, into: &buffer) }
}

extension Seconds: DirectlyPrintedValue {
    func writeValue(into buffer: inout PrintBuffer) { SExpression.writeFloat(value, into: &buffer) }
}

extension DomainStatus: DirectlyPrintedValue {
    func writeValue(into buffer: inout PrintBuffer) { SExpression.writeInteger(rawValue, into: &buffer) }
}

extension LifecycleAction: DirectlyPrintedValue {
    func writeValue(into buffer: inout PrintBuffer) { SExpression.writeAtom(rawValue, into: &buffer) }
}

extension XendStartAction: DirectlyPrintedValue {
    func writeValue(into buffer: inout PrintBuffer) { SExpression.writeAtom(rawValue, into: &buffer) }
}

extension XendStopAction: DirectlyPrintedValue {
    func writeValue(into buffer: inout PrintBuffer) { SExpression.writeAtom(rawValue, into: &buffer) }
}

/// Six bytes, each the flag's letter or `-`: always a bare atom.
extension DomainStateFlags: DirectlyPrintedValue {
    func writeValue(into buffer: inout PrintBuffer) {
        let flags = rawValue
        buffer.appendInPlace(maximum: 6) { out in
            for (index, letter) in "rbpscd".utf8.enumerated() {
                out[index] = flags & (1 << index) != 0 ? letter : UInt8(ascii: "-")
            }
            return 6
        }
    }
}

/// Lower-case hex with dashes, as `xendString`: always a bare atom.
extension UUID: DirectlyPrintedValue {
    func writeValue(into buffer: inout PrintBuffer) {
        withUnsafeBytes(of: uuid) { bytes in
            buffer.appendInPlace(maximum: 36) { out in
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    let byte = bytes[index]
                    out[position] = Self.hexDigit(byte >> 4)
                    out[position + 1] = Self.hexDigit(byte & 0x0F)
                    position += 2
                }
                return position
            }
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") - 10 + value
    }
}

extension PrintBuffer {
    /// Appends text known to print as itself (keys and punctuation).
    mutating func appendRaw(_ text: StaticString) {
        append(text)
    }

    /// Appends an atom (a device class name).
    mutating func appendAtom(_ text: String) {
        SExpression.writeAtom(text, into: &self)
    }

    /// Appends ` (key value)`, as the field tables' `.required` fields print.
    mutating func appendField(_ key: StaticString, _ value: some DirectlyPrintedValue) {
        let keyCount = key.utf8CodeUnitCount
        appendInPlace(maximum: keyCount + 3) { out in
            out[0] = UInt8(ascii: " ")
            out[1] = UInt8(ascii: "(")
            (out + 2).update(from: key.utf8Start, count: keyCount)
            out[keyCount + 2] = UInt8(ascii: " ")
            return keyCount + 3
        }
        value.writeValue(into: &self)
        append(UInt8(ascii: ")"))
    }

    /// Appends ` (key value)` when there is a value, as the field tables' `.optional` fields print.
    mutating func appendField(_ key: StaticString, _ value: (some DirectlyPrintedValue)?) {
        guard let value else { return }
        appendField(key, value)
    }

    /// Appends each unknown child after a space.
    mutating func appendExtra(_ extra: ExtraFields) {
        for element in extra.elements {
            append(UInt8(ascii: " "))
            element.write(into: &self)
        }
    }
}
