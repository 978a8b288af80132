import CLibxend
import Foundation
import SExpression
import XendClientKit
import XendModel

extension xend_domain {
    /// The `(vm …)` config `xend_create` sends, or `nil` for a structure the API does not allow (no name,
    /// under 1 MiB of memory, an unknown restart action, a device without its required fields).
    func vmConfig() -> VMConfig? {
        guard let text = cArgument(name), let name = DomainName(validating: text), memory >= 1 << 20 else { return nil }
        guard [on_poweroff, on_reboot, on_crash].allSatisfy(ClassicRestart.isValid), vcpus >= 0 else { return nil }
        var config = VMConfig(name: name, memory: .mebibytes(memory >> 20))
        if max_memory > 0 {
            config.maxmem = .mebibytes(max_memory >> 20 + (max_memory & 0xFFFFF == 0 ? 0 : 1))
        }
        if let uuid {
            config.uuid = UUID(
                uuid: (
                    uuid[0], uuid[1], uuid[2], uuid[3], uuid[4], uuid[5], uuid[6], uuid[7],
                    uuid[8], uuid[9], uuid[10], uuid[11], uuid[12], uuid[13], uuid[14], uuid[15]
                ))
        }
        if vcpus > 0 { config.vcpus = Int(vcpus) }
        config.onPoweroff = ClassicRestart.action(on_poweroff)
        config.onReboot = ClassicRestart.action(on_reboot)
        config.onCrash = ClassicRestart.action(on_crash)
        if ssidref != 0 { config.extra.append("ssidref", .atom(String(ssidref))) }
        config.image = .linux(
            LinuxImage(
                kernel: cField(image.kernel), ramdisk: cField(image.ramdisk), root: cField(image.root),
                args: cField(image.extra)))
        guard let devices = classicDevices() else { return nil }
        config.devices = devices
        return config
    }

    /// The disks, I/O port ranges and interfaces, in the classic structure's order.
    private func classicDevices() -> [DeviceConfig]? {
        var devices: [DeviceConfig] = []
        if n_vbds > 0 {
            guard let vbds else { return nil }
            for index in 0..<n_vbds {
                guard let disk = vbds[index].virtualBlockDevice() else { return nil }
                devices.append(disk.deviceConfig)
            }
        }
        if n_ioports > 0 {
            guard let ioports else { return nil }
            for index in 0..<n_ioports {
                let range = ioports[index]
                guard range.from <= range.to else { return nil }
                devices.append(.ioports(IOPortRange(ports: range.from...range.to)))
            }
        }
        if n_vifs > 0 {
            guard let vifs else { return nil }
            for index in 0..<n_vifs { devices.append(vifs[index].virtualNetworkInterface().deviceConfig) }
        }
        return devices
    }
}
