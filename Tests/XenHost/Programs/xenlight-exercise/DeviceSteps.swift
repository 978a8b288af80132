import Xenlight

/// Hot-plugs a disk and a network interface into the test guest, when the host provides them.
struct DeviceSteps {
    let context: Context
    let runner: ExerciseRunner
    /// A raw image to attach as `xvdb`; nil skips the disk calls.
    let diskImage: String?
    /// A bridge for a new interface; nil skips the NIC calls.
    let bridge: String?

    func run(on domain: Domid) {
        if let diskImage { disk(diskImage, domain) }
        if let bridge { nic(bridge, domain) }
    }

    private func disk(_ image: String, _ domain: Domid) {
        var request = DeviceDisk()
        request.pdevPath = image
        request.vdev = "xvdb"
        request.format = .raw
        request.readwrite = 1
        // What libxl completed (backend chosen): remove needs it, as xl's block-detach reads it back.
        guard let disk = runner.step("libxl_device_disk_add", { try context.add(request, to: domain) }) else { return }
        runner.expect("libxl_device_disk_list") {
            context.disks(of: domain).contains { $0.vdev == "xvdb" } ? nil : "xvdb not listed"
        }
        runner.expect("libxl_device_disk_getinfo") {
            let info = try context.info(about: disk, of: domain)
            return info.devid >= 0 && info.backendId == 0
                ? nil : "devid \(info.devid), backend domain \(info.backendId)"
        }
        runner.expect("libxl_device_disk_remove") {
            try context.remove(disk, from: domain)
            return context.disks(of: domain).contains { $0.vdev == "xvdb" } ? "xvdb still listed" : nil
        }
        guard let again = try? context.add(request, to: domain) else {
            runner.skip("libxl_device_disk_destroy", "attaching xvdb a second time failed")
            return
        }
        runner.expect("libxl_device_disk_destroy") {
            try context.destroy(again, from: domain)
            return context.disks(of: domain).contains { $0.vdev == "xvdb" } ? "xvdb still listed" : nil
        }
    }

    private func nic(_ bridge: String, _ domain: Domid) {
        var request = DeviceNIC()
        request.bridge = bridge
        request.mac = MAC(bytes: [0x00, 0x16, 0x3e, 0x5a, 0x5a, 0x01])
        // What libxl completed (device ID chosen): getinfo and remove find the interface by its ID.
        guard let nic = runner.step("libxl_device_nic_add", { try context.add(request, to: domain) }) else { return }
        runner.expect("libxl_device_nic_list") {
            context.nics(of: domain).contains { $0.mac == request.mac && $0.devid == nic.devid }
                ? nil : "no interface with the new MAC and device ID \(nic.devid)"
        }
        runner.expect("libxl_device_nic_getinfo") {
            let info = try context.info(about: nic, of: domain)
            return info.devid == nic.devid ? nil : "devid \(info.devid), expected \(nic.devid)"
        }
        runner.expect("libxl_device_nic_remove") {
            try context.remove(nic, from: domain)
            return context.nics(of: domain).contains { $0.mac == request.mac } ? "interface still listed" : nil
        }
        guard let again = try? context.add(request, to: domain) else {
            runner.skip("libxl_device_nic_destroy", "attaching the interface a second time failed")
            return
        }
        runner.expect("libxl_device_nic_destroy") {
            try context.destroy(again, from: domain)
            return context.nics(of: domain).contains { $0.mac == request.mac } ? "interface still listed" : nil
        }
    }
}
