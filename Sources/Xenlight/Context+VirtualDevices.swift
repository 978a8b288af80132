/// Virtual TPMs, keyboards, framebuffers and channels (docs/xenlight-coverage.md#functions). libxl.h
/// has no list or getinfo call for framebuffers, and only list and getinfo for channels (they are set
/// up at domain creation).
extension Context {
    /// Adds a virtual TPM, served by a vTPM stub domain (`libxl_device_vtpm_add`).
    /// - Returns: the device as libxl completed it (device ID and UUID chosen).
    @discardableResult
    public func add(_ vtpm: DeviceVTPM, to domain: Domid) throws(XenlightError) -> DeviceVTPM {
        try vtpm.withC { pointer throws(XenlightError) in
            try check(Calls.deviceVTPMAdd(handle, domain.rawValue, pointer), "libxl_device_vtpm_add")
            return DeviceVTPM(fromC: pointer.pointee)
        }
    }

    /// `libxl_device_vtpm_remove`
    public func remove(_ vtpm: DeviceVTPM, from domain: Domid) throws(XenlightError) {
        try vtpm.withC { pointer throws(XenlightError) in
            try check(Calls.deviceVTPMRemove(handle, domain.rawValue, pointer), "libxl_device_vtpm_remove")
        }
    }

    /// `libxl_device_vtpm_destroy`
    public func destroy(_ vtpm: DeviceVTPM, from domain: Domid) throws(XenlightError) {
        try vtpm.withC { pointer throws(XenlightError) in
            try check(Calls.deviceVTPMDestroy(handle, domain.rawValue, pointer), "libxl_device_vtpm_destroy")
        }
    }

    /// The domain's virtual TPMs (`libxl_device_vtpm_list`); empty when it has none.
    public func vtpms(of domain: Domid) -> [DeviceVTPM] {
        var count: CInt = 0
        guard let list = Calls.deviceVTPMList(handle, domain.rawValue, &count) else { return [] }
        defer { Calls.deviceVTPMListFree(list, count) }
        return cArray(list, count: count) { DeviceVTPM(fromC: $0) }
    }

    /// `libxl_device_vtpm_getinfo`
    public func info(about vtpm: DeviceVTPM, of domain: Domid) throws(XenlightError) -> VTPMInfo {
        try vtpm.withC { pointer throws(XenlightError) in
            try VTPMInfo.withInitializedC { info throws(XenlightError) in
                try check(Calls.deviceVTPMGetinfo(handle, domain.rawValue, pointer, info), "libxl_device_vtpm_getinfo")
                return VTPMInfo(fromC: info.pointee)
            }
        }
    }
}

extension Context {
    /// Adds a virtual keyboard and pointer (`libxl_device_vkb_add`).
    /// - Returns: the device as libxl completed it (device ID chosen).
    @discardableResult
    public func add(_ keyboard: DeviceVkb, to domain: Domid) throws(XenlightError) -> DeviceVkb {
        try keyboard.withC { pointer throws(XenlightError) in
            try check(Calls.deviceVkbAdd(handle, domain.rawValue, pointer), "libxl_device_vkb_add")
            return DeviceVkb(fromC: pointer.pointee)
        }
    }

    /// `libxl_device_vkb_remove`
    public func remove(_ keyboard: DeviceVkb, from domain: Domid) throws(XenlightError) {
        try keyboard.withC { pointer throws(XenlightError) in
            try check(Calls.deviceVkbRemove(handle, domain.rawValue, pointer), "libxl_device_vkb_remove")
        }
    }

    /// `libxl_device_vkb_destroy`
    public func destroy(_ keyboard: DeviceVkb, from domain: Domid) throws(XenlightError) {
        try keyboard.withC { pointer throws(XenlightError) in
            try check(Calls.deviceVkbDestroy(handle, domain.rawValue, pointer), "libxl_device_vkb_destroy")
        }
    }

    /// The domain's virtual keyboards (`libxl_device_vkb_list`); empty when it has none.
    public func keyboards(of domain: Domid) -> [DeviceVkb] {
        var count: CInt = 0
        guard let list = Calls.deviceVkbList(handle, domain.rawValue, &count) else { return [] }
        defer { Calls.deviceVkbListFree(list, count) }
        return cArray(list, count: count) { DeviceVkb(fromC: $0) }
    }

    /// `libxl_device_vkb_getinfo`
    public func info(about keyboard: DeviceVkb, of domain: Domid) throws(XenlightError) -> VkbInfo {
        try keyboard.withC { pointer throws(XenlightError) in
            try VkbInfo.withInitializedC { info throws(XenlightError) in
                try check(Calls.deviceVkbGetinfo(handle, domain.rawValue, pointer, info), "libxl_device_vkb_getinfo")
                return VkbInfo(fromC: info.pointee)
            }
        }
    }

    /// Adds a virtual framebuffer (`libxl_device_vfb_add`).
    /// - Returns: the device as libxl completed it (device ID chosen).
    @discardableResult
    public func add(_ framebuffer: DeviceVfb, to domain: Domid) throws(XenlightError) -> DeviceVfb {
        try framebuffer.withC { pointer throws(XenlightError) in
            try check(Calls.deviceVfbAdd(handle, domain.rawValue, pointer), "libxl_device_vfb_add")
            return DeviceVfb(fromC: pointer.pointee)
        }
    }

    /// `libxl_device_vfb_remove`
    public func remove(_ framebuffer: DeviceVfb, from domain: Domid) throws(XenlightError) {
        try framebuffer.withC { pointer throws(XenlightError) in
            try check(Calls.deviceVfbRemove(handle, domain.rawValue, pointer), "libxl_device_vfb_remove")
        }
    }

    /// `libxl_device_vfb_destroy`
    public func destroy(_ framebuffer: DeviceVfb, from domain: Domid) throws(XenlightError) {
        try framebuffer.withC { pointer throws(XenlightError) in
            try check(Calls.deviceVfbDestroy(handle, domain.rawValue, pointer), "libxl_device_vfb_destroy")
        }
    }

    /// The domain's channels (`libxl_device_channel_list`); empty when it has none.
    public func channels(of domain: Domid) -> [DeviceChannel] {
        var count: CInt = 0
        guard let list = Calls.deviceChannelList(handle, domain.rawValue, &count) else { return [] }
        defer { Calls.deviceChannelListFree(list, count) }
        return cArray(list, count: count) { DeviceChannel(fromC: $0) }
    }

    /// The backend's view of a channel, with its pty when it has one (`libxl_device_channel_getinfo`).
    public func info(about channel: DeviceChannel, of domain: Domid) throws(XenlightError) -> ChannelInfo {
        try channel.withC { pointer throws(XenlightError) in
            try ChannelInfo.withInitializedC { info throws(XenlightError) in
                try check(
                    Calls.deviceChannelGetinfo(handle, domain.rawValue, pointer, info), "libxl_device_channel_getinfo")
                return ChannelInfo(fromC: info.pointee)
            }
        }
    }
}
