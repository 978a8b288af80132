import FoundationEssentials
import Hypervisor
public import XendModel
import Xenlight

extension LibxlHypervisor {
    /// Builds the domain with `libxl_domain_create_new`, which leaves it paused (xl unpauses afterwards
    /// unless `-p`; xen-smoke checks the `p` flag on a real host), stores the xend config with it and
    /// follows its lifecycle.
    @discardableResult
    public func createDomain(_ config: VMConfig) throws(XendError) -> DomainRecord {
        var config = config
        if config.uuid == nil { config.uuid = UUID() }
        let id = try build(config)
        do throws(XendError) {
            let info = try liveInfo(DomainID(id.rawValue))
            guard let record = record(of: info) else { throw XendError(.operationFailed, "created domain has no name") }
            return record
        } catch {
            watcher.unwatch(id)
            try? context.destroy(id)
            throw error
        }
    }

    /// Builds a domain from a config with a uuid (create, start, a lifecycle restart): libxl makes it
    /// paused; the config is stored with it, its death events are followed, `created` is announced.
    /// A domain that cannot be stored or followed is destroyed again: half-made domains are not left behind.
    func build(_ config: VMConfig) throws(XendError) -> Domid {
        try refuseTakenName(config.name)
        var libxlConfig = try DomainConfig(xend: config)
        allowPCIHotplug(in: &libxlConfig)
        let id: Domid
        do {
            id = try context.createDomain(libxlConfig)
        } catch {
            throw .errorCreatingDomain("libxl_domain_create_new failed: \(error)")
        }
        // The stored config keeps the MACs libxl chose, so records show them and device_destroy finds each vif.
        try adopt(id, DeviceLookup.withMACs(config, from: context.nics(of: id)))
        return id
    }

    /// Takes on a domain libxl has just made (built, restored or reset): stores its xend config with it,
    /// follows its death events and announces it. A domain that cannot be stored or followed is destroyed.
    func adopt(_ id: Domid, _ config: VMConfig) throws(XendError) {
        let uuid = config.uuid ?? UUID()
        do throws(XendError) {
            try store(config, for: id)
            try libxl("libxl_evenable_domain_death") { () throws(XenlightError) in
                try watcher.watch(id, name: config.name, uuid: uuid, builtAt: MonotonicClock.seconds())
            }
        } catch {
            watcher.unwatch(id)
            try? context.destroy(id)
            throw error
        }
        logger.info("created domain \(config.name.rawValue) (id \(id.rawValue))")
        logEvent(id, name: config.name, .created)
    }

    public func pause(_ domain: DomainID) throws(XendError) {
        let id = try liveID(domain)
        try libxl("libxl_domain_pause") { () throws(XenlightError) in try context.pause(id) }
        announce(id, .paused)
    }

    public func unpause(_ domain: DomainID) throws(XendError) {
        let id = try liveID(domain)
        try libxl("libxl_domain_unpause") { () throws(XenlightError) in try context.unpause(id) }
        announce(id, .unpaused)
    }

    /// Power-off and halt go through `libxl_domain_shutdown`, reboot through `libxl_domain_reboot`: requests
    /// the guest obeys later. Suspend is `libxl_domain_suspend_only` (the guest suspends itself and stays
    /// so, shut down with reason suspend). Crash is Xen's remote shutdown with reason crash
    /// (`xc_domain_shutdown`): xend's `control/shutdown = crash` meant nothing to Linux guests, and libxl has
    /// no call for it, so the domain is stopped from outside as a crashed guest stops itself.
    /// Watchdog and soft reset are not op=shutdown reasons (`Invalid reason`), as in xend.
    public func shutdown(_ domain: DomainID, reason: XendShutdownReason) throws(XendError) {
        let id = try liveID(domain)
        switch reason {
        case .powerOff, .halt:
            try libxl("libxl_domain_shutdown") { () throws(XenlightError) in try context.shutdown(id) }
        case .reboot:
            try libxl("libxl_domain_reboot") { () throws(XenlightError) in try context.reboot(id) }
        case .suspend:
            try refuseControlDomain(id, "suspend")
            try libxl("libxl_domain_suspend_only") { () throws(XenlightError) in try context.suspendOnly(id) }
        case .crash:
            try refuseControlDomain(id, "crash")
            try libxl("remote shutdown") { () throws(XenlightError) in
                try context.shutdown(id, reason: Int32(reason.xenCode))
            }
        case .watchdog, .softReset:
            throw .invalidReason(reason.rawValue)
        }
    }

    public func destroy(_ domain: DomainID) throws(XendError) {
        let id = try liveID(domain)
        try refuseControlDomain(id, "destroy")
        try libxl("libxl_domain_destroy") { () throws(XenlightError) in try context.destroy(id) }
    }

    public func rename(_ domain: DomainID, to name: DomainName) throws(XendError) {
        let id = try liveID(domain)
        try refuseControlDomain(id, "rename")
        try refuseTakenName(name)
        try libxl("libxl_domain_rename") { () throws(XenlightError) in try rename(id, to: name.rawValue) }
        guard var config = storedConfig(of: id) else { return }
        let oldName = config.name
        config.name = name
        try store(config, for: id)
        watcher.table.withLock { $0.rename(id.rawValue, to: name) }
        if let uuid = config.uuid { try renameManaged(uuid, to: name) }
        logEvent(id, name: name, .renamed(from: oldName))
    }

    public func sendSysrq(_ domain: DomainID, key: Int) throws(XendError) {
        let id = try liveID(domain)
        guard let scalar = Unicode.Scalar(UInt32(clamping: max(key, 0))), scalar.isASCII, key > 0 else {
            throw .invalidConfigurationValue("Invalid sysrq key: \(key)")
        }
        try libxl("libxl_send_sysrq") { () throws(XenlightError) in try context.sendSysrq(Character(scalar), to: id) }
    }

    public func setMemoryTarget(_ target: Memory, for domain: DomainID) throws(XendError) {
        let id = try liveID(domain)
        try libxl("libxl_set_memory_target") { () throws(XenlightError) in
            try context.setMemoryTarget(Kibibytes(target.inKibibytes), for: id)
        }
    }

    public func setMaximumMemory(_ maximum: Memory, for domain: DomainID) throws(XendError) {
        let id = try liveID(domain)
        try libxl("libxl_domain_setmaxmem") { () throws(XenlightError) in
            try context.setMaxMemory(Kibibytes(maximum.inKibibytes), for: id)
        }
    }

    /// The libxl id of a live domain.
    func liveID(_ domain: DomainID) throws(XendError) -> Domid {
        _ = try liveInfo(domain)
        return Domid(domain.rawValue)
    }

    /// Logs `event` of a domain this daemon follows (others are not announced).
    func announce(_ id: Domid, _ event: DomainEvent) {
        guard let entry = watcher.table.withLock({ $0[id.rawValue] }) else { return }
        logEvent(id, name: entry.name, event)
    }

    func refuseControlDomain(_ id: Domid, _ operation: String) throws(XendError) {
        if id == .control { throw .privilegedDomain(operation) }
    }
}
