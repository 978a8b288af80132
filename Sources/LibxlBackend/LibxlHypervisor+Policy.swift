import FoundationEssentials
import Hypervisor
import XendModel
import Xenlight

/// The lifecycle policy: what happens when a followed domain shuts down, crashes or goes.
/// Runs on the event thread; every failure is logged, none ends the thread.
extension LibxlHypervisor {
    func handle(_ event: Event) {
        let id = Domid(event.domid)
        switch event.type {
        case .domainShutdown(let shutdown):
            guard let reason = XendShutdownReason(xenCode: Int(shutdown.shutdownReason)) else {
                logger.warning("domain \(id.rawValue) shut down with unknown reason \(shutdown.shutdownReason)")
                return
            }
            guard watcher.table.withLock({ $0.claimShutdown(of: id.rawValue) }),
                let entry = watcher.table.withLock({ $0[id.rawValue] })
            else { return }
            logger.notice("domain \(entry.name.rawValue) (id \(id.rawValue)) shut down (\(reason.rawValue))")
            logEvent(id, name: entry.name, .shutdown(reason))
            applyLifecycleAction(to: id, after: reason)
        case .other(.domainDeath):
            guard let (name, _) = watcher.unwatch(id) else { return }
            logger.notice("domain \(name.rawValue) (id \(id.rawValue)) is gone")
            logEvent(id, name: name, .destroyed)
        default:
            logger.debug("libxl event \(event.type.key) for domain \(id.rawValue) ignored")
        }
    }

    /// Carries out the domain's `on_poweroff` / `on_reboot` / `on_crash` action for `reason`.
    func applyLifecycleAction(to id: Domid, after reason: XendShutdownReason) {
        guard let config = storedConfig(of: id) else {
            logger.error("domain \(id.rawValue) has no stored config; its lifecycle action cannot be applied")
            return
        }
        let action = config.lifecycleAction(after: reason)
        let uptime = watcher.table.withLock { $0.uptime(of: id.rawValue, now: MonotonicClock.seconds()) }
        let plan = LifecyclePlan(
            action: action, uptime: uptime, minimumUptime: configuration.minimumRestartInterval)
        if let action { logger.notice("domain \(config.name.rawValue) (id \(id.rawValue)): \(action.rawValue)") }
        if plan.refusedRestart, let uptime {
            let message =
                "Domain \(config.name.rawValue) restarting too fast (Elapsed time: \(uptime) seconds). "
                + "Refusing to restart to avoid loops."
            logger.error("\(message)")
        }
        for step in plan.steps {
            do throws(XendError) {
                try perform(step, on: id, config: config)
            } catch {
                logger.error("\(step) of domain \(config.name.rawValue) (id \(id.rawValue)) failed: \(error.message)")
                // Without the old domain out of the way a new build cannot take its name: stop here.
                if step != .dumpCore { return }
            }
        }
    }

    private func perform(_ step: LifecyclePlan.Step, on id: Domid, config: VMConfig)
        throws(XendError)
    {
        switch step {
        case .dumpCore:
            let path = try dumpCore(of: id, name: config.name)
            logger.notice("domain \(config.name.rawValue) (id \(id.rawValue)) core dumped to \(path)")
        case .destroy:
            let known = watcher.unwatch(id)
            try libxl("libxl_domain_destroy") { () throws(XenlightError) in try context.destroy(id) }
            logEvent(id, name: known?.name ?? config.name, .destroyed)
        case .keepUnderNewName:
            try keepUnderNewName(id, config: config)
        case .rebuild:
            let newID = try build(config)
            try libxl("libxl_domain_unpause") { () throws(XenlightError) in try context.unpause(newID) }
            logger.notice("domain \(config.name.rawValue) restarted as id \(newID.rawValue)")
            logEvent(newID, name: config.name, .unpaused)
        }
    }

    /// xend's rename-restart: the dead domain stays, as `Domain-<new uuid>` with that uuid
    /// (`libxl_domain_rename`, then `libxl_domain_preserve` for xenstore), marked as dealt with. Xen's own
    /// handle keeps the old uuid; records show the new one (``effectiveUUID(of:stored:)``).
    private func keepUnderNewName(_ id: Domid, config: VMConfig) throws(XendError) {
        let newUUID = UUID()
        guard let keptName = DomainName(validating: "Domain-\(newUUID.xendString)") else {
            throw XendError(.operationFailed, "cannot name the kept domain")
        }
        try libxl("libxl_domain_rename") { () throws(XenlightError) in
            try rename(id, to: keptName.rawValue)
        }
        // Moves the domain's xenstore /vm entry to the new uuid, so destroying the kept domain later cannot
        // remove the entry the new build of the old uuid uses. Without it the restart still goes on.
        var createInfo = DomainCreateInfo()
        createInfo.name = keptName.rawValue
        do throws(XenlightError) {
            try context.preserve(id, createInfo: createInfo, nameSuffix: "", newUUID: newUUID)
        } catch {
            logger.warning("libxl_domain_preserve of domain \(id.rawValue) failed: \(error)")
        }
        var kept = config
        kept.name = keptName
        kept.uuid = newUUID
        try store(kept, for: id)
        do {
            try context.storeUserData(Array("1".utf8), key: Self.handledKey, for: id)
        } catch {
            logger.warning(
                "domain \(keptName.rawValue) (id \(id.rawValue)) not marked handled; a restart may act on it again: \(error)"
            )
        }
        watcher.table.withLock { $0.rename(id.rawValue, to: keptName, uuid: newUUID) }
        logger.notice("domain \(config.name.rawValue) (id \(id.rawValue)) kept as \(keptName.rawValue)")
        logEvent(id, name: keptName, .renamed(from: config.name))
    }

    /// Writes a core file named as xend named them, `<time>-<name>.<domid>.core`, into the dump directory.
    func dumpCore(of id: Domid, name: DomainName) throws(XendError) -> String {
        let directory = configuration.dumpDirectory
        do throws(AtomicFile.Failure) {
            try AtomicFile.makeDirectory(directory)
        } catch {
            throw XendError(.operationFailed, "cannot create \(error.path): \(error.reason)")
        }
        let path = CoreFileName.path(
            in: directory, secondsSinceEpoch: Int(Date().timeIntervalSince1970), name: name.rawValue,
            domainID: id.rawValue)
        try libxl("libxl_domain_core_dump") { () throws(XenlightError) in try context.dumpCore(of: id, to: path) }
        return path
    }
}
