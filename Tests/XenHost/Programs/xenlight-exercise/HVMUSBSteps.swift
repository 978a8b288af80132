import Xenlight

/// USB passthrough to a running HVM guest (`--usb-guest`): USB controllers its device model emulates
/// (libxl's `devicemodel` type, added to QEMU over QMP) and a host USB device on one of them.
///
/// The PV guest of `--kernel` cannot have these (PassthroughSteps prints SKIP lines for them); an HVM guest
/// has the QEMU they need.
struct HVMUSBSteps {
    let context: Context
    let runner: ExerciseRunner
    /// The host device: dom0's bus and device number (sysfs `busnum`, `devnum`).
    let hostBus: UInt8
    let hostAddress: UInt8

    func run(on domain: Domid) {
        runner.expect("libxl_device_usbctrl_list (no controller yet)") {
            let controllers = context.usbControllers(of: domain)
            return controllers.isEmpty ? nil : "the guest already has \(controllers.count) controller(s)"
        }
        refusesFourPortUHCI(domain)
        // Version 2 is QEMU's EHCI, which has six ports: libxl fills the count in.
        var request = DeviceUsbctrl()
        request.type = .devicemodel
        request.version = 2
        let added = runner.step("libxl_device_usbctrl_add (devicemodel, version 2)") {
            try context.add(request, to: domain)
        }
        guard let controller = added else { return }
        runner.expect("libxl_device_usbctrl_list (with the controller)") {
            context.usbControllers(of: domain).contains { $0.devid == controller.devid && $0.type == .devicemodel }
                ? nil : "no devicemodel controller with device ID \(controller.devid)"
        }
        runner.expect("libxl_device_usbctrl_getinfo") {
            let info = try context.info(about: controller, of: domain)
            return info.devid == controller.devid && info.version == 2 && info.ports == 6
                ? nil : "devid \(info.devid), version \(info.version), \(info.ports) ports"
        }
        device(on: controller, domain)
        // Version 1, QEMU's UHCI, with the two ports it always has. Added before the first is removed: QEMU
        // lets a controller go only once the guest acknowledges the unplug, and libxl would give the new one
        // the same device ID at once ("Duplicate device ID 'xenusb-0'").
        request.version = 1
        request.ports = 2
        let again = runner.step("libxl_device_usbctrl_add (devicemodel, version 1, 2 ports)") {
            try context.add(request, to: domain)
        }
        runner.expect("libxl_device_usbctrl_remove") {
            try context.remove(controller, from: domain)
            return context.usbControllers(of: domain).contains { $0.devid == controller.devid } ? "still listed" : nil
        }
        guard let again else { return }
        runner.expect("libxl_device_usbctrl_destroy") {
            try context.destroy(again, from: domain)
            return context.usbControllers(of: domain).isEmpty ? nil : "still listed"
        }
    }

    /// libxl's rule for QEMU's UHCI: a version 1 controller has exactly two ports.
    private func refusesFourPortUHCI(_ domain: Domid) {
        var request = DeviceUsbctrl()
        request.type = .devicemodel
        request.version = 1
        request.ports = 4
        runner.expect("libxl_device_usbctrl_add refuses a version 1 controller with 4 ports") {
            do {
                let added = try context.add(request, to: domain)
                try? context.destroy(added, from: domain)
                return "added controller \(added.devid)"
            } catch let error as XenlightError where XenlightError.invalid ~= error {
                return nil
            } catch {
                return "\(error), not ERROR_INVAL"
            }
        }
    }

    /// The host device on `controller`'s first port, listed, then taken back.
    private func device(on controller: DeviceUsbctrl, _ domain: Domid) {
        var host = DeviceUsbdev.Hostdev()
        host.hostbus = hostBus
        host.hostaddr = hostAddress
        var usb = DeviceUsbdev()
        usb.ctrl = controller.devid
        usb.port = 1
        usb.type = .hostdev(host)
        let name = "host device \(hostBus).\(hostAddress)"
        guard
            let added = runner.step("libxl_device_usbdev_add (\(name))", { try context.add(usb, to: domain) })
        else { return }
        runner.expect("libxl_device_usbdev_list (with the \(name))") {
            let listed = context.usbDevices(of: domain)
            return listed.contains { $0.type == .hostdev(host) && $0.ctrl == controller.devid && $0.port == 1 }
                ? nil : "listed: \(listed)"
        }
        runner.expect("libxl_device_usbdev_remove") {
            try context.remove(added, from: domain)
            let listed = context.usbDevices(of: domain)
            return listed.isEmpty ? nil : "still listed: \(listed)"
        }
    }
}
