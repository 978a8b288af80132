/// Disks and network interfaces (docs/xenlight-coverage.md#functions).
extension Context {
    /// Attaches a disk to a running domain (`libxl_device_disk_add`).
    /// - Returns: the disk as libxl completed it (its backend chosen, its defaults set). Pass that, or
    ///   an entry of `disks(of:)`, to `remove` or `destroy`: libxl cannot detach a disk whose backend is unknown.
    @discardableResult
    public func add(_ disk: DeviceDisk, to domain: Domid) throws(XenlightError) -> DeviceDisk {
        try disk.withC { pointer throws(XenlightError) in
            try check(Calls.deviceDiskAdd(handle, domain.rawValue, pointer), "libxl_device_disk_add")
            return DeviceDisk(fromC: pointer.pointee)
        }
    }

    /// Detaches a disk, waiting for the guest to let go (`libxl_device_disk_remove`).
    public func remove(_ disk: DeviceDisk, from domain: Domid) throws(XenlightError) {
        try disk.withC { pointer throws(XenlightError) in
            try check(Calls.deviceDiskRemove(handle, domain.rawValue, pointer), "libxl_device_disk_remove")
        }
    }

    /// Detaches a disk without asking the guest (`libxl_device_disk_destroy`).
    public func destroy(_ disk: DeviceDisk, from domain: Domid) throws(XenlightError) {
        try disk.withC { pointer throws(XenlightError) in
            try check(Calls.deviceDiskDestroy(handle, domain.rawValue, pointer), "libxl_device_disk_destroy")
        }
    }

    /// The domain's disks (`libxl_device_disk_list`); empty when it has none.
    public func disks(of domain: Domid) -> [DeviceDisk] {
        var count: CInt = 0
        guard let list = Calls.deviceDiskList(handle, domain.rawValue, &count) else { return [] }
        defer { Calls.deviceDiskListFree(list, count) }
        return cArray(list, count: count) { DeviceDisk(fromC: $0) }
    }

    /// Attaches a network interface (`libxl_device_nic_add`).
    /// - Returns: the interface as libxl completed it, with the device ID it chose. Pass that, or an
    ///   entry of `nics(of:)`, to `info(about:of:)`, `remove` or `destroy`: they find the device by its ID.
    @discardableResult
    public func add(_ nic: DeviceNIC, to domain: Domid) throws(XenlightError) -> DeviceNIC {
        try nic.withC { pointer throws(XenlightError) in
            try check(Calls.deviceNICAdd(handle, domain.rawValue, pointer), "libxl_device_nic_add")
            return DeviceNIC(fromC: pointer.pointee)
        }
    }

    /// Detaches a network interface, waiting for the guest (`libxl_device_nic_remove`).
    public func remove(_ nic: DeviceNIC, from domain: Domid) throws(XenlightError) {
        try nic.withC { pointer throws(XenlightError) in
            try check(Calls.deviceNICRemove(handle, domain.rawValue, pointer), "libxl_device_nic_remove")
        }
    }

    /// Detaches a network interface without asking the guest (`libxl_device_nic_destroy`).
    public func destroy(_ nic: DeviceNIC, from domain: Domid) throws(XenlightError) {
        try nic.withC { pointer throws(XenlightError) in
            try check(Calls.deviceNICDestroy(handle, domain.rawValue, pointer), "libxl_device_nic_destroy")
        }
    }

    /// The domain's network interfaces (`libxl_device_nic_list`); empty when it has none.
    public func nics(of domain: Domid) -> [DeviceNIC] {
        var count: CInt = 0
        guard let list = Calls.deviceNICList(handle, domain.rawValue, &count) else { return [] }
        defer { Calls.deviceNICListFree(list, count) }
        return cArray(list, count: count) { DeviceNIC(fromC: $0) }
    }
}

extension Context {
    /// The backend's view of an attached disk (`libxl_device_disk_getinfo`).
    public func info(about disk: DeviceDisk, of domain: Domid) throws(XenlightError) -> DiskInfo {
        try disk.withC { diskPointer throws(XenlightError) in
            try DiskInfo.withInitializedC { info throws(XenlightError) in
                try check(
                    Calls.deviceDiskGetinfo(handle, domain.rawValue, diskPointer, info), "libxl_device_disk_getinfo")
                return DiskInfo(fromC: info.pointee)
            }
        }
    }

    /// Puts a new medium into an emulated CD-ROM drive (`libxl_cdrom_insert`); `disk.vdev` names the drive,
    /// and an empty `pdevPath` with format `.empty` ejects.
    public func insertCDROM(_ disk: DeviceDisk, into domain: Domid) throws(XenlightError) {
        try disk.withC { pointer throws(XenlightError) in
            try check(Calls.cdromInsert(handle, domain.rawValue, pointer), "libxl_cdrom_insert")
        }
    }

    /// The backend's view of an attached network interface (`libxl_device_nic_getinfo`).
    public func info(about nic: DeviceNIC, of domain: Domid) throws(XenlightError) -> NICInfo {
        try nic.withC { nicPointer throws(XenlightError) in
            try NICInfo.withInitializedC { info throws(XenlightError) in
                try check(
                    Calls.deviceNICGetinfo(handle, domain.rawValue, nicPointer, info), "libxl_device_nic_getinfo")
                return NICInfo(fromC: info.pointee)
            }
        }
    }
}
