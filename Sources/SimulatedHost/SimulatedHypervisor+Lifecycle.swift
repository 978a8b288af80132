import FoundationEssentials
import Hypervisor
import XendModel

extension SimulatedHypervisor {
    @discardableResult
    public func createDomain(_ config: VMConfig) throws(XendError) -> DomainRecord {
        settleDueDomains()
        let now = clock.now()
        let state = try initialState(for: config, uuid: config.uuid ?? UUID(), at: now)
        let domain = try build(state, at: now)
        return record(of: domain, at: now)
    }

    public func pause(_ id: DomainID) throws(XendError) {
        try operateOnGuest(id, "pause") { domain, now throws(XendError) in
            try domain.state.withLock { state throws(XendError) in
                guard state.guest.dyingSince == nil,
                    state.guest.shutdown == nil || state.guest.shutdown?.reason == .crash
                else { throw .domainNotRunning }
                state.guest.pause(at: now)
            }
            try record(domain)
            logEvent(domain, .paused)
        }
    }

    public func unpause(_ id: DomainID) throws(XendError) {
        try operateOnGuest(id, "unpause") { domain, now throws(XendError) in
            try domain.state.withLock { state throws(XendError) in
                guard state.guest.dyingSince == nil else { throw .domainNotRunning }
                guard state.guest.isPaused else { throw .domainNotPaused }
                state.guest.unpause(at: now)
            }
            noteNextEvent(of: domain)
            try record(domain)
            logEvent(domain, .unpaused)
        }
    }

    public func shutdown(_ id: DomainID, reason: XendShutdownReason) throws(XendError) {
        guard let guestReason = GuestShutdownReason(reason) else { throw .invalidReason(reason.rawValue) }
        try operateOnGuest(id, "shutdown") { domain, now throws(XendError) in
            try domain.state.withLock { state throws(XendError) in
                guard state.guest.dyingSince == nil, state.guest.shutdown == nil else { throw .domainNotRunning }
                state.guest.requestShutdown(guestReason, complianceDelay: timing.shutdownCompliance, at: now)
            }
            log("Domain \(id): control/shutdown = \(reason.rawValue)", at: now)
            noteNextEvent(of: domain)
            try record(domain)
        }
    }

    public func destroy(_ id: DomainID) throws(XendError) {
        try operateOnGuest(id, "destroy") { domain, now in
            if timing.dying > 0 {
                domain.state.withLock { $0.guest.beginDying(at: now) }
                noteNextEvent(of: domain)
                persist(domain)
            } else {
                remove(domain, at: now)
            }
        }
    }

    public func reset(_ id: DomainID) throws(XendError) {
        try operateOnGuest(id, "reset") { domain, now throws(XendError) in
            let running = domain.state.withLock { $0.guest.dyingSince == nil && $0.guest.shutdown == nil }
            guard running else { throw .domainNotRunning }
            log("Domain \(id) reset", at: now)
            try restart(domain, keepingOld: false, at: now)
        }
    }

    public func rename(_ id: DomainID, to name: DomainName) throws(XendError) {
        try operateOnGuest(id, "rename") { domain, now throws(XendError) in
            let (oldName, uuid) = domain.state.withLock { ($0.name, $0.uuid) }
            guard oldName != name else { return }
            let isManaged = try table.withLock { table throws(XendError) -> Bool in
                if let conflict = table.conflict(name: name, uuid: uuid, ignoring: id) { throw conflict }
                table.names[oldName] = nil
                table.names[name] = id
                if table.managed[uuid] != nil { table.managed[uuid]?.name = name }
                return table.managed[uuid] != nil
            }
            domain.state.withLock { $0.config.name = name }
            try record(domain)
            if isManaged, let store, let config = table.withLock({ $0.managed[uuid] }) {
                try store.saveManagedDomain(config, uuid: uuid)
            }
            log("Domain \(id) renamed from \(oldName) to \(name)", at: now)
            logEvent(domain, .renamed(from: oldName))
        }
    }

    public func sendSysrq(_ id: DomainID, key: Int) throws(XendError) {
        guard (0...255).contains(key) else { throw XendError(.operationFailed, "Invalid sysrq key: \(key)") }
        try operateOnGuest(id, "sysrq") { domain, now throws(XendError) in
            try domain.state.withLock { state throws(XendError) in
                guard state.guest.dyingSince == nil, state.guest.shutdown == nil else { throw .domainNotRunning }
                state.lastSysrq = key
                // SysRq-c makes a Linux guest crash on purpose, once it runs to read control/sysrq.
                if key == Int(UInt8(ascii: "c")) {
                    state.guest.requestShutdown(.crash, complianceDelay: 0, at: now)
                }
            }
            log("Domain \(id): control/sysrq = \(Character(Unicode.Scalar(UInt8(key))))", at: now)
            noteNextEvent(of: domain)
            try record(domain)
        }
    }

    // MARK: Catching up with the clock

    /// Applies what happened to `domain` by `now`: a guest that shut down gets its lifecycle action, a
    /// dying domain that is over goes. Called with the domain's operation lock held.
    func settle(_ domain: SimulatedDomain, at now: SimulationInstant) {
        enum Due {
            case nothing, dyingOver
            case shutdown(GuestShutdownReason, LifecycleAction?, startedAt: SimulationInstant)
        }
        let due: Due = domain.state.withLock { state in
            guard !state.isGone else { return .nothing }
            state.guest.advance(to: now)
            if let dying = state.guest.dyingSince {
                return now.seconds(since: dying) >= timing.dying ? .dyingOver : .nothing
            }
            guard let shutdown = state.guest.shutdown, !state.shutdownHandled else { return .nothing }
            state.shutdownHandled = true
            let action = state.config.lifecycleAction(after: XendShutdownReason(shutdown.reason))
            return .shutdown(shutdown.reason, action, startedAt: state.guest.startTime)
        }
        switch due {
        case .nothing:
            return
        case .dyingOver:
            remove(domain, at: now)
        case .shutdown(let reason, let action, let startedAt):
            log("Domain \(domain.id) shut down (\(reason.rawValue))", at: now)
            persist(domain)
            logEvent(domain, .shutdown(XendShutdownReason(reason)))
            guard let action, !domain.isControlDomain else { return }
            apply(action, to: domain, startedAt: startedAt, at: now)
        }
    }

    /// Carries out `on_poweroff`/`on_reboot`/`on_crash`.
    private func apply(
        _ action: LifecycleAction, to domain: SimulatedDomain, startedAt: SimulationInstant, at now: SimulationInstant
    ) {
        logger.info("applying lifecycle action", metadata: ["domid": "\(domain.id)", "action": "\(action.rawValue)"])
        var restartWanted = false
        switch action {
        case .preserve:
            return
        case .destroy:
            remove(domain, at: now)
            return
        case .coredumpDestroy, .coredumpRestart:
            do throws(XendError) {
                let path = try writeCoreFile(of: domain, into: configuration.dumpDirectory, at: now)
                log("Domain \(domain.id) core dumped to \(path)", at: now)
            } catch {
                logger.error("core dump failed", metadata: ["domid": "\(domain.id)", "error": "\(error)"])
            }
            if action == .coredumpDestroy {
                remove(domain, at: now)
                return
            }
            restartWanted = true
        case .restart, .renameRestart:
            restartWanted = true
        }
        guard restartWanted else { return }
        let uptime = now.seconds(since: startedAt)
        if uptime < timing.minimumRestartInterval {
            log(
                "Domain \(domain.id) restarting too fast (Elapsed time: \(uptime) seconds). "
                    + "Refusing to restart to avoid loops.", at: now)
            remove(domain, at: now)
            return
        }
        do throws(XendError) {
            try restart(domain, keepingOld: action == .renameRestart, at: now)
        } catch {
            log("Failed to restart domain \(domain.id): \(error.message)", at: now)
            logger.error("restart failed", metadata: ["domid": "\(domain.id)", "error": "\(error)"])
            if action != .renameRestart, !domain.state.withLock({ $0.isGone }) { remove(domain, at: now) }
        }
    }
}

extension GuestShutdownReason {
    /// The guest-side reason of a shutdown request; `nil` for reasons op=shutdown cannot ask for.
    init?(_ reason: XendShutdownReason) {
        switch reason {
        case .powerOff: self = .poweroff
        case .halt: self = .halt
        case .reboot: self = .reboot
        case .suspend: self = .suspend
        case .crash: self = .crash
        case .watchdog, .softReset: return nil
        }
    }
}

extension XendShutdownReason {
    /// The reason a simulated guest reports; a halted guest tells Xen it powered off.
    init(_ reason: GuestShutdownReason) {
        switch reason {
        case .poweroff, .halt: self = .powerOff
        case .reboot: self = .reboot
        case .suspend: self = .suspend
        case .crash: self = .crash
        }
    }
}

extension XendError {
    /// Unpausing a domain that is not paused (Xen answers EINVAL).
    static let domainNotPaused = XendError(.operationFailed, "Domain is not paused")
}
