import FoundationEssentials
import SExpression

@testable import XendModel

/// Random model values for the property tests: every field set or absent at random, strings that need
/// quoting and escaping, unknown keys at every level.
struct RandomModel<Source: RandomNumberGenerator> {
    var source: Source

    mutating func bool() -> Bool { Bool.random(using: &source) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &source) }
    mutating func maybe<T>(_ make: (inout Self) -> T) -> T? { bool() ? make(&self) : nil }
    mutating func pick<T>(_ options: [T]) -> T { options[int(0...options.count - 1)] }

    /// Text from bare-atom characters and characters that force quoting or escapes.
    mutating func text(_ length: ClosedRange<Int> = 0...10) -> String {
        let plain = Array("abcXYZ019./-_:~")
        let special: [Character] = [
            " ", "'", "\"", "\\", "\t", "\n", "=", ",", "!", "#", "(", ")", "é", "\u{7F}", "\u{01}",
        ]
        return String((0..<int(length)).map { _ in int(0...4) == 0 ? pick(special) : pick(plain) })
    }

    mutating func name() -> DomainName {
        let allowed = Array("abcXYZ019_.:+-")
        return DomainName(unchecked: String((0..<int(1...10)).map { _ in pick(allowed) }))
    }

    mutating func uuid() -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &source) }
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    mutating func memory() -> Memory { .mebibytes(UInt64(int(0...1_048_576))) }

    /// A value with at most 12 significant digits, which Python 2's `str(float)` keeps exactly.
    mutating func seconds() -> Seconds { Seconds(Double(int(0...9_999_999_999)) / 100) }

    mutating func domainID() -> DomainID { DomainID(UInt32(int(0...0x7FF0))) }

    /// An S-expression value: an atom or a short nested list.
    mutating func value(depth: Int = 0) -> SExpression {
        if depth >= 2 || int(0...3) > 0 { return .atom(text()) }
        return .list((0..<int(0...3)).map { _ in value(depth: depth + 1) })
    }

    /// 0 to 3 unknown children, `(x_<name> value)` or a bare atom.
    mutating func extra() -> ExtraFields {
        ExtraFields(
            (0..<int(0...3)).map { _ in
                int(0...5) == 0
                    ? .atom(text(1...6))
                    : .pair("x_" + String((0..<int(1...6)).map { _ in pick(Array("abkz")) }), value())
            })
    }

    mutating func block() -> BlockDevice {
        BlockDevice(
            uname: maybe { $0.text() }, dev: maybe { $0.text() }, mode: maybe { $0.pick(["r", "w", "w!"]) },
            protocol: maybe { $0.text() }, uuid: maybe { $0.uuid() }, isBootable: maybe { $0.bool() },
            backend: maybe { $0.domainID() }, vdi: maybe { $0.text() }, extra: extra())
    }

    mutating func device() -> DeviceConfig {
        switch int(0...12) {
        case 0: return .vbd(block())
        case 1: return .tap(block())
        case 2: return .tap2(block())
        case 3:
            return .vif(
                NetworkInterface(
                    mac: maybe { $0.text() }, bridge: maybe { $0.text() }, script: maybe { $0.text() },
                    uuid: maybe { $0.uuid() }, backend: maybe { $0.domainID() }, ip: maybe { $0.text() },
                    vifname: maybe { $0.text() }, type: maybe { $0.text() }, model: maybe { $0.text() },
                    rate: maybe { $0.text() }, extra: extra()))
        case 4:
            return .vfb(
                Framebuffer(
                    type: maybe { $0.pick(["vnc", "sdl"]) }, vnc: maybe { $0.bool() }, vnclisten: maybe { $0.text() },
                    vncdisplay: maybe { $0.int(0...99) }, vncunused: maybe { $0.bool() },
                    vncpasswd: maybe { $0.text() },
                    keymap: maybe { $0.text() }, uuid: maybe { $0.uuid() }, extra: extra()))
        case 5:
            return .vkbd(KeyboardDevice(uuid: maybe { $0.uuid() }, backend: maybe { $0.domainID() }, extra: extra()))
        case 6:
            return .pci(
                PCIDevices(
                    functions: (0..<int(0...3)).map { _ in
                        PCIAddress(
                            domain: maybe { $0.int(0...0xFFFF) }, bus: maybe { $0.int(0...0xFF) },
                            slot: maybe { $0.int(0...0x1F) }, function: maybe { $0.int(0...7) },
                            vslot: maybe { $0.int(0...0x1F) }, state: maybe { $0.pick(["Initialising", "Closing"]) },
                            extra: extra())
                    }, uuid: maybe { $0.uuid() }, backend: maybe { $0.domainID() }, extra: extra()))
        case 7:
            return .console(
                ConsoleDevice(
                    protocol: maybe { $0.text() }, location: maybe { $0.text() }, uuid: maybe { $0.uuid() },
                    extra: extra()))
        case 8:
            return .vtpm(
                VTPMDevice(
                    instance: maybe { $0.int(0...100) }, uuid: maybe { $0.uuid() }, backend: maybe { $0.domainID() },
                    extra: extra()))
        case 9: return .ioports(IOPortRange(from: maybe { $0.text() }, to: maybe { $0.text() }, extra: extra()))
        case 10: return .irq(IRQDevice(irq: maybe { $0.int(0...255) }, extra: extra()))
        case 11: return .usb(USBDevice(path: maybe { $0.text() }, extra: extra()))
        default: return .other(pick([.vscsi, .vusb]), extra())
        }
    }

    mutating func image() -> DomainImage {
        if bool() {
            return .linux(
                LinuxImage(
                    kernel: maybe { $0.text() }, ramdisk: maybe { $0.text() }, root: maybe { $0.text() },
                    ip: maybe { $0.text() }, args: maybe { $0.text() }, vcpus: maybe { $0.int(1...64) },
                    superpages: maybe { $0.bool() }, nomigrate: maybe { $0.int(0...1) },
                    tscMode: maybe { $0.int(0...3) },
                    e820Host: maybe { $0.bool() }, extra: extra()))
        }
        var image = HVMImage(
            kernel: maybe { $0.text() }, loader: maybe { $0.text() }, deviceModel: maybe { $0.text() },
            boot: maybe { $0.pick(["c", "d", "cdn"]) }, extra: extra())
        image.acpi = maybe { $0.bool() }
        image.vcpus = maybe { $0.int(1...64) }
        image.vncListen = maybe { $0.text() }
        image.serial = maybe { $0.bool() ? SerialPorts($0.text()) : SerialPorts(list: [$0.text(), $0.text()]) }
        image.timerMode = maybe { $0.int(0...3) }
        image.viridian = maybe { $0.bool() }
        image.videoRAM = maybe { $0.int(4...64) }
        image.rtcTimeOffset = maybe { $0.int(-3600...3600) }
        image.soundhw = maybe { $0.text() }
        return .hvm(image)
    }

    mutating func config() -> VMConfig {
        var config = VMConfig(
            name: name(), uuid: maybe { $0.uuid() }, memory: maybe { $0.memory() }, maxmem: maybe { $0.memory() },
            vcpus: maybe { $0.int(1...128) }, image: maybe { $0.image() },
            devices: (0..<int(0...4)).map { _ in device() }, extra: extra())
        config.cpus = maybe { model in
            model.bool()
                ? .shared(model.pick(["0-3,^1", "1", "0,2-5"]))
                : .perVCPU((0..<model.int(0...3)).map { _ in [model.int(0...7)] })
        }
        config.cpuWeight = maybe { $0.int(1...65535) }
        config.cpuCap = maybe { $0.int(0...400) }
        config.onPoweroff = maybe { $0.pick(LifecycleAction.allCases) }
        config.onReboot = maybe { $0.pick(LifecycleAction.allCases) }
        config.onCrash = maybe { $0.pick(LifecycleAction.allCases) }
        config.bootloader = maybe { $0.text() }
        config.bootloaderArgs = maybe { $0.text() }
        config.description = maybe { $0.text() }
        config.onXendStart = maybe { $0.pick(XendStartAction.allCases) }
        config.onXendStop = maybe { $0.pick(XendStopAction.allCases) }
        config.localtime = maybe { $0.bool() }
        config.shadowMemory = maybe { $0.memory() }
        config.features = maybe { $0.text() }
        config.poolName = maybe { $0.text() }
        return config
    }

    mutating func record() -> DomainRecord {
        let config = config()
        let isLive = bool()
        let runtime = DomainRuntimeInfo(
            domainID: isLive ? domainID() : nil, state: DomainStateFlags(rawValue: UInt8(int(0...63))),
            status: maybe { $0.pick(DomainStatus.allCases) }, cpuTime: seconds(), startTime: maybe { $0.seconds() },
            onlineVCPUs: maybe { $0.int(0...8) }, vcpuAvailable: maybe { UInt64($0.int(0...255)) },
            memoryTarget: maybe { $0.memory() }, storeMFN: maybe { UInt64($0.int(0...1 << 40)) },
            consoleMFN: maybe { UInt64($0.int(0...1 << 40)) },
            devices: maybe { model in (0..<model.int(0...3)).map { _ in model.device() } })
        var record = DomainRecord(config: config, runtime: runtime)
        record.extra = extra()
        return record
    }
}
