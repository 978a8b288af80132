import Xenlight

/// PCI hot-plug on a running HVM guest (`--pci-guest`) that `xl` has given the device: the calls the PV
/// guest of `--kernel` cannot finish (PassthroughSteps says why), against a guest whose device model and
/// ACPI hot-plug take the device away and back.
///
/// Ends as it began for the device (assignable, bound to pciback), but with the device no longer in the
/// guest: the last call is the forced removal, so the guest is best destroyed afterwards.
struct HVMPCISteps {
    let context: Context
    let runner: ExerciseRunner
    let device: DevicePCI

    func run(on domain: Domid) {
        let address = device.address
        func attached() -> Bool { context.pciDevices(of: domain).contains { $0.address == address } }
        func assignable() -> Bool { context.assignablePCIDevices().contains { $0.address == address } }
        runner.expect("libxl_device_pci_list (the device xl attached)") { attached() ? nil : "\(address) not listed" }
        guard let present = context.pciDevices(of: domain).first(where: { $0.address == address }) else { return }
        runner.expect("libxl_device_pci_remove") {
            try context.remove(present, from: domain)
            return attached() ? "still listed" : nil
        }
        runner.expect("libxl_device_pci_assignable_remove") {
            // No rebind: dom0 gives the device back to pciback at once (xl pci-assignable-remove does the same).
            try context.removeAssignable(device, rebind: false)
            return assignable() ? "\(address) still assignable" : nil
        }
        runner.expect("libxl_device_pci_assignable_add") {
            try context.makeAssignable(device)
            return assignable() ? nil : "\(address) not assignable"
        }
        guard let added = runner.step("libxl_device_pci_add", { try context.add(device, to: domain) }) else { return }
        runner.expect("libxl_device_pci_list (with the device added again)") {
            attached() ? nil : "\(address) not listed"
        }
        runner.expect("libxl_device_pci_destroy") {
            try context.destroy(added, from: domain)
            return attached() ? "still listed" : nil
        }
    }
}
