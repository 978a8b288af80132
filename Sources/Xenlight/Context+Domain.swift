/// Creating, controlling and listing domains (docs/xenlight-coverage.md#functions).
extension Context {
    /// Builds a domain (`libxl_domain_create_new`, synchronous). libxl leaves it paused, as `xl create -p`
    /// would: `unpause(_:)` starts it.
    /// - Returns: the new domain's ID.
    public func createDomain(_ config: DomainConfig) throws(XenlightError) -> Domid {
        var domid: UInt32 = Domid.invalid.rawValue
        try config.withC { pointer throws(XenlightError) in
            try check(Calls.domainCreateNew(handle, pointer, &domid), "libxl_domain_create_new")
        }
        return Domid(domid)
    }

    /// `libxl_domain_pause`
    public func pause(_ domain: Domid) throws(XenlightError) {
        try check(Calls.domainPause(handle, domain.rawValue), "libxl_domain_pause")
    }

    /// `libxl_domain_unpause`
    public func unpause(_ domain: Domid) throws(XenlightError) {
        try check(Calls.domainUnpause(handle, domain.rawValue), "libxl_domain_unpause")
    }

    /// Asks the guest to shut down (`libxl_domain_shutdown`); returns before it has.
    public func shutdown(_ domain: Domid) throws(XenlightError) {
        try check(Calls.domainShutdown(handle, domain.rawValue), "libxl_domain_shutdown")
    }

    /// Asks the guest to reboot (`libxl_domain_reboot`).
    public func reboot(_ domain: Domid) throws(XenlightError) {
        try check(Calls.domainReboot(handle, domain.rawValue), "libxl_domain_reboot")
    }

    /// Destroys the domain at once (`libxl_domain_destroy`).
    public func destroy(_ domain: Domid) throws(XenlightError) {
        try check(Calls.domainDestroy(handle, domain.rawValue), "libxl_domain_destroy")
    }

    /// One domain's state (`libxl_domain_info`).
    /// - Throws: `XenlightError.domainNotFound` when there is no such domain.
    public func domainInfo(_ domain: Domid) throws(XenlightError) -> DomInfo {
        try DomInfo.withInitializedC { info throws(XenlightError) in
            try check(Calls.domainInfo(handle, info, domain.rawValue), "libxl_domain_info")
            return DomInfo(fromC: info.pointee)
        }
    }

    /// Every domain, dom0 included (`libxl_list_domain`).
    public func domains() throws(XenlightError) -> [DomInfo] {
        var count: CInt = 0
        guard let list = Calls.listDomain(handle, &count) else {
            throw XenlightError.fail.in("libxl_list_domain")
        }
        defer { Calls.dominfoListFree(list, count) }
        return cArray(list, count: count) { DomInfo(fromC: $0) }
    }

    /// The domain's virtual CPUs (`libxl_list_vcpu`).
    public func vcpus(of domain: Domid) throws(XenlightError) -> [VCPUInfo] {
        var count: CInt = 0
        var hostCPUs: CInt = 0
        guard let list = Calls.listVCPU(handle, domain.rawValue, &count, &hostCPUs) else {
            throw XenlightError.fail.in("libxl_list_vcpu")
        }
        defer { Calls.vcpuinfoListFree(list, count) }
        return cArray(list, count: count) { VCPUInfo(fromC: $0) }
    }

    /// The pty path of a console (`libxl_console_get_tty`).
    /// - Parameters:
    ///   - number: the console index (0 is the primary console).
    ///   - type: `.pv` for PV consoles, `.serial` for an HVM serial port.
    public func consoleTTY(of domain: Domid, number: Int = 0, type: ConsoleType = .pv) throws(XenlightError)
        -> String
    {
        guard let number = CInt(exactly: number) else { throw XenlightError.invalid.in("libxl_console_get_tty") }
        let (rc, path) = Calls.consoleGetTTY(handle, domain.rawValue, number, type)
        try check(rc, "libxl_console_get_tty")
        guard let path else { throw XenlightError.notFound.in("libxl_console_get_tty") }
        return path
    }

    /// The ID of the domain with this name (`libxl_name_to_domid`).
    public func domainID(named name: String) throws(XenlightError) -> Domid {
        var domid: UInt32 = 0
        try check(Calls.nameToDomid(handle, name, &domid), "libxl_name_to_domid")
        return Domid(domid)
    }

    /// The domain's name, or nil when it has none or does not exist (`libxl_domid_to_name`).
    public func name(of domain: Domid) -> String? {
        Calls.domidToName(handle, domain.rawValue)
    }

    /// Renames a domain (`libxl_domain_rename`).
    public func rename(_ domain: Domid, to newName: String) throws(XenlightError) {
        try check(Calls.domainRename(handle, domain.rawValue, nil, newName), "libxl_domain_rename")
    }

    /// Sends a magic SysRq key to the guest (`libxl_send_sysrq`).
    /// - Throws: `XenlightError.invalid` when `key` is not a single ASCII character.
    public func sendSysrq(_ key: Character, to domain: Domid) throws(XenlightError) {
        guard let ascii = key.asciiValue else { throw XenlightError.invalid.in("libxl_send_sysrq") }
        try check(Calls.sendSysrq(handle, domain.rawValue, CChar(bitPattern: ascii)), "libxl_send_sysrq")
    }

    /// Sends a trigger (power button, NMI, ...) to the guest (`libxl_send_trigger`).
    public func send(_ trigger: Trigger, to domain: Domid, vcpu: UInt32 = 0) throws(XenlightError) {
        try check(Calls.sendTrigger(handle, domain.rawValue, trigger, vcpu), "libxl_send_trigger")
    }
}
