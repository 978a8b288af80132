/// PCI passthrough (docs/xenlight-coverage.md#functions). A device must first be made assignable (bound
/// to dom0's pciback driver) before `add(_:to:)` can give it to a guest; the host needs an IOMMU.
extension Context {
    /// Passes a host PCI device through to a domain (`libxl_device_pci_add`).
    /// - Returns: the device as libxl completed it (its virtual slot chosen); pass that to `remove` or `destroy`.
    @discardableResult
    public func add(_ pci: DevicePCI, to domain: Domid) throws(XenlightError) -> DevicePCI {
        try pci.withC { pointer throws(XenlightError) in
            try check(Calls.devicePCIAdd(handle, domain.rawValue, pointer), "libxl_device_pci_add")
            return DevicePCI(fromC: pointer.pointee)
        }
    }

    /// Takes a device back, asking the guest to release it (`libxl_device_pci_remove`).
    public func remove(_ pci: DevicePCI, from domain: Domid) throws(XenlightError) {
        try pci.withC { pointer throws(XenlightError) in
            try check(Calls.devicePCIRemove(handle, domain.rawValue, pointer), "libxl_device_pci_remove")
        }
    }

    /// Takes a device back without asking the guest (`libxl_device_pci_destroy`).
    public func destroy(_ pci: DevicePCI, from domain: Domid) throws(XenlightError) {
        try pci.withC { pointer throws(XenlightError) in
            try check(Calls.devicePCIDestroy(handle, domain.rawValue, pointer), "libxl_device_pci_destroy")
        }
    }

    /// The PCI devices passed through to a domain (`libxl_device_pci_list`); empty when it has none.
    public func pciDevices(of domain: Domid) -> [DevicePCI] {
        var count: CInt = 0
        guard let list = Calls.devicePCIList(handle, domain.rawValue, &count) else { return [] }
        defer { Calls.devicePCIListFree(list, count) }
        return cArray(list, count: count) { DevicePCI(fromC: $0) }
    }

    /// Binds a host device to pciback so guests can have it (`libxl_device_pci_assignable_add`).
    /// - Parameter rebind: remember its current driver, so `removeAssignable(_:rebind:)` can give it back.
    public func makeAssignable(_ pci: DevicePCI, rebind: Bool = true) throws(XenlightError) {
        try pci.withC { pointer throws(XenlightError) in
            try check(
                Calls.devicePCIAssignableAdd(handle, pointer, rebind ? 1 : 0), "libxl_device_pci_assignable_add")
        }
    }

    /// Unbinds a device from pciback (`libxl_device_pci_assignable_remove`).
    /// - Parameter rebind: hand it back to the driver it had before `makeAssignable`.
    public func removeAssignable(_ pci: DevicePCI, rebind: Bool = true) throws(XenlightError) {
        try pci.withC { pointer throws(XenlightError) in
            try check(
                Calls.devicePCIAssignableRemove(handle, pointer, rebind ? 1 : 0), "libxl_device_pci_assignable_remove"
            )
        }
    }

    /// The devices bound to pciback and given to no guest (`libxl_device_pci_assignable_list`); empty when
    /// there are none or pciback is not loaded (libxl logs which).
    public func assignablePCIDevices() -> [DevicePCI] {
        var count: CInt = 0
        guard let list = Calls.devicePCIAssignableList(handle, &count) else { return [] }
        defer { Calls.devicePCIAssignableListFree(list, count) }
        return cArray(list, count: count) { DevicePCI(fromC: $0) }
    }
}
