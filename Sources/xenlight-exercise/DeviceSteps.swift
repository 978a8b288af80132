import Xenlight

/// Hot-plugs a disk and a network interface into the test guest, when the host provides them.
struct DeviceSteps {
    let context: Context
    let runner: ExerciseRunner
    /// A raw image to attach as `xvdb`; nil skips the disk calls.
    let diskImage: String?
    /// A bridge for a new interface; nil skips the NIC calls.
    let bridge: String?

    func run(on domain: DomainID) {
        if let diskImage { disk(diskImage, domain) }
        if let bridge { nic(bridge, domain) }
    }

    private func disk(_ image: String, _ domain: DomainID) {
        var disk = DeviceDisk()
        disk.pdevPath = image
        disk.vdev = "xvdb"
        disk.format = .raw
        disk.readwrite = 1
        guard runner.step("libxl_device_disk_add", { try context.add(disk, to: domain) }) != nil else { return }
        runner.expect("libxl_device_disk_list") {
            context.disks(of: domain).contains { $0.vdev == "xvdb" } ? nil : "xvdb not listed"
        }
        runner.expect("libxl_device_disk_getinfo") {
            let info = try context.info(about: disk, of: domain)
            return info.devid >= 0 ? nil : "no device ID"
        }
        runner.step("libxl_device_disk_remove") { try context.remove(disk, from: domain) }
    }

    private func nic(_ bridge: String, _ domain: DomainID) {
        var nic = DeviceNIC()
        nic.bridge = bridge
        nic.mac = MAC(bytes: [0x00, 0x16, 0x3e, 0x5a, 0x5a, 0x01])
        guard runner.step("libxl_device_nic_add", { try context.add(nic, to: domain) }) != nil else { return }
        runner.expect("libxl_device_nic_list") {
            context.nics(of: domain).contains { $0.mac == nic.mac } ? nil : "new interface not listed"
        }
        runner.expect("libxl_device_nic_getinfo") {
            let info = try context.info(about: nic, of: domain)
            return info.devid >= 0 ? nil : "no device ID"
        }
        runner.step("libxl_device_nic_remove") { try context.remove(nic, from: domain) }
    }
}
