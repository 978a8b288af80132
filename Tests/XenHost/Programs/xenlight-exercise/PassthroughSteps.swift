import Xenlight

#if canImport(Glibc)
    import Glibc
#endif

/// PCI and USB passthrough and the virtual devices (keyboard, framebuffer, vTPM, channels) on the PV guest.
///
/// A call the host cannot make prints a `SKIP` line saying why, so the output never hides one.
struct PassthroughSteps {
    let context: Context
    let runner: ExerciseRunner
    /// A host PCI device (`DDDD:BB:DD.F`) to pass through; nil skips the calls that need one.
    let pciAddress: String?

    /// Why a device served by QEMU cannot be removed here, or nil when the guest has a device model.
    private func missingDeviceModel(_ domain: Domid) -> String? {
        if (try? XenStore.read("/local/domain/0/device-model/\(domain.rawValue)/state")) != nil { return nil }
        return "its backend is a QEMU device model for the guest, which libxl starts only for a guest created "
            + "with QEMU-served devices (this PV guest has none running), and libxl waits for the backend to close "
            + "the device"
    }

    func run(on domain: Domid) {
        pci(domain)
        usb(domain)
        KeyboardFramebufferSteps(context: context, runner: runner)
            .run(on: domain, removal: missingDeviceModel(domain).map { .skipped($0) } ?? .hvmDeviceModel)
        vtpm(domain)
        runner.step("libxl_device_channel_list") { context.channels(of: domain) }
        runner.skip(
            "libxl_device_channel_getinfo",
            "the guest has no channel: libxl.h has no channel add (channels come only with domain creation), and "
                + "libxl serves a PV guest's channels with a QEMU device model, which this guest was not created with")
    }

    private func pci(_ domain: Domid) {
        runner.expect("libxl_device_pci_list") {
            context.pciDevices(of: domain).isEmpty ? nil : "the guest already has PCI devices"
        }
        let calls = [
            "libxl_device_pci_assignable_add", "libxl_device_pci_add", "libxl_device_pci_remove",
            "libxl_device_pci_destroy", "libxl_device_pci_assignable_remove",
        ]
        guard let pciAddress else {
            for name in calls { runner.skip(name, "no --pci-device given (the host has no device to pass through)") }
            return
        }
        guard let device = DevicePCI(address: pciAddress) else {
            for name in calls { runner.skip(name, "--pci-device \(pciAddress) is not a DDDD:BB:DD.F address") }
            return
        }
        let address = device.address
        runner.expect("libxl_device_pci_assignable_add") {
            try context.makeAssignable(device)
            return context.assignablePCIDevices().contains { $0.address == address } ? nil : "\(address) not assignable"
        }
        if let added = runner.step("libxl_device_pci_add", { try context.add(device, to: domain) }) {
            runner.expect("libxl_device_pci_list (with the device)") {
                context.pciDevices(of: domain).contains { $0.address == address } ? nil : "\(address) not listed"
            }
            runner.expect("libxl_device_pci_remove") {
                try context.remove(added, from: domain)
                return context.pciDevices(of: domain).isEmpty ? nil : "still listed"
            }
        }
        if let again = try? context.add(device, to: domain) {
            runner.expect("libxl_device_pci_destroy") {
                try context.destroy(again, from: domain)
                return context.pciDevices(of: domain).isEmpty ? nil : "still listed"
            }
        } else {
            runner.skip("libxl_device_pci_destroy", "adding \(address) a second time failed")
        }
        runner.expect("libxl_device_pci_assignable_remove") {
            try context.removeAssignable(device)
            return context.assignablePCIDevices().contains { $0.address == address }
                ? "\(address) still assignable" : nil
        }
    }

    private func usb(_ domain: Domid) {
        runner.expect("libxl_device_usbctrl_list") {
            context.usbControllers(of: domain).isEmpty ? nil : "the guest already has a USB controller"
        }
        runner.expect("libxl_device_usbdev_list") {
            context.usbDevices(of: domain).isEmpty ? nil : "the guest already has USB devices"
        }
        for name in ["libxl_device_usbdev_add", "libxl_device_usbdev_remove"] {
            runner.skip(name, "the emulated host has no USB device to pass through")
        }
        // A PV controller needs dom0's usbback driver (not in mainline Linux); a qusb one is served by a
        // QEMU for the guest. libxl does not wait for a QEMU backend, so that controller can be added and listed.
        let pvBackend = access("/sys/bus/xen-backend/drivers/vusb", F_OK) == 0
        var request = DeviceUsbctrl()
        request.type = pvBackend ? .pv : .qusb
        request.version = 2
        request.ports = 4
        let controller: DeviceUsbctrl
        do {
            controller = try context.add(request, to: domain)
        } catch {
            let usbCalls = [
                "libxl_device_usbctrl_add", "libxl_device_usbctrl_getinfo", "libxl_device_usbctrl_remove",
                "libxl_device_usbctrl_destroy",
            ]
            guard pvBackend || missingDeviceModel(domain) == nil else {
                for name in usbCalls {
                    runner.skip(
                        name,
                        "no USB backend: dom0's kernel has no pvusb backend (xen-usbback is not in Debian's Linux), and "
                            + "a qusb controller needs a QEMU device model for the guest, which this PV guest does not run "
                            + "(libxl_device_usbctrl_add with type qusb: \(error))")
                }
                return
            }
            runner.expect("libxl_device_usbctrl_add") { "\(error)" }
            return
        }
        runner.expect("libxl_device_usbctrl_add") { nil }
        runner.expect("libxl_device_usbctrl_list (with the controller)") {
            context.usbControllers(of: domain).contains { $0.devid == controller.devid }
                ? nil : "no controller with device ID \(controller.devid)"
        }
        runner.expect("libxl_device_usbctrl_getinfo") {
            let info = try context.info(about: controller, of: domain)
            return info.devid == controller.devid && info.ports == 4
                ? nil : "devid \(info.devid), \(info.ports) ports"
        }
        runner.expect("libxl_device_usbctrl_remove") {
            try context.remove(controller, from: domain)
            return context.usbControllers(of: domain).isEmpty ? nil : "still listed"
        }
        if let again = try? context.add(request, to: domain) {
            runner.expect("libxl_device_usbctrl_destroy") {
                try context.destroy(again, from: domain)
                return context.usbControllers(of: domain).isEmpty ? nil : "still listed"
            }
        }
    }

    private func vtpm(_ domain: Domid) {
        runner.expect("libxl_device_vtpm_list") { context.vtpms(of: domain).isEmpty ? nil : "the guest has a vTPM" }
        for name in [
            "libxl_device_vtpm_add", "libxl_device_vtpm_getinfo", "libxl_device_vtpm_remove",
            "libxl_device_vtpm_destroy",
        ] {
            runner.skip(
                name,
                "no vTPM backend: vTPMs are served by a vtpm stub domain (vtpmmgr), which Debian does not ship "
                    + "and this host does not run; libxl would wait 10 s for the backend and fail")
        }
    }
}
