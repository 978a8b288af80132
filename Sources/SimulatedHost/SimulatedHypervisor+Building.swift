import FoundationEssentials
import Hypervisor
import XendModel

extension SimulatedHypervisor {
    /// Memory a config asks for when it names none (xm's default).
    static let defaultMemory = DomainRecord.defaultMemory
    /// The most vcpus a simulated guest may have (Xen's HVM limit).
    static let maximumVCPUs = 128

    /// Checks a config and turns it into the state of a freshly built, paused domain.
    /// - Throws: the config error; nothing has changed on the host.
    func initialState(for config: VMConfig, uuid: UUID, at now: SimulationInstant) throws(XendError)
        -> SimulatedDomainState
    {
        var config = config
        config.uuid = uuid
        let memory = config.memory ?? Self.defaultMemory
        let maximum = config.effectiveMaxmem ?? memory
        guard memory > .zero else { throw XendError(.operationFailed, "Invalid memory size: 0 MiB") }
        guard maximum >= memory else {
            throw .invalidConfigurationValue(
                "maxmem (\(maximum.inMebibytes) MiB) is smaller than memory (\(memory.inMebibytes) MiB)")
        }
        guard maximum <= configuration.host.totalMemory else {
            throw .invalidConfigurationValue(
                "maxmem (\(maximum.inMebibytes) MiB) exceeds the host's \(configuration.host.totalMemory.inMebibytes) MiB"
            )
        }
        let vcpus = config.effectiveVCPUs
        guard (1...Self.maximumVCPUs).contains(vcpus) else {
            throw .invalidConfigurationValue("vcpus must be between 1 and \(Self.maximumVCPUs), not \(vcpus)")
        }
        let weight = config.cpuWeight ?? 256
        let cap = config.cpuCap ?? 0
        try checkScheduler(weight: weight, cap: cap, vcpus: vcpus)
        let pinning = try config.cpus?.perVCPULists(count: vcpus) ?? Array(repeating: [], count: vcpus)
        for cpu in pinning.joined() where cpu >= configuration.host.cpuCount {
            throw .invalidConfigurationValue("cpu \(cpu) does not exist (the host has \(configuration.host.cpuCount))")
        }
        config.memory = memory
        config.maxmem = maximum
        var state = SimulatedDomainState(
            config: config, uuid: uuid,
            guest: GuestStateMachine(builtAt: now, load: configuration.guestLoad, onlineVCPUs: vcpus),
            memoryTarget: memory, maximumMemory: maximum, maximumVCPUs: vcpus, pinning: pinning,
            weight: weight, cap: cap, devices: [])
        for device in config.devices {
            state.devices.append(try makeDevice(device, for: &state, at: now))
        }
        return state
    }

    /// Builds a domain and enters it on the host: memory, id, name and uuid are taken together or not at all,
    /// and a domain whose state cannot be written is taken off the host again, so that no domain exists that
    /// a restart would lose. The domain is left paused; recorded, logged and announced.
    func build(_ state: SimulatedDomainState, at now: SimulationInstant) throws(XendError) -> SimulatedDomain {
        let domain = try table.withLock { table throws(XendError) in
            try table.admit(name: state.name, uuid: state.uuid, memory: state.memoryTarget) { id in
                SimulatedDomain(id: id, state: state)
            }
        }
        do throws(XendError) {
            try domain.operation.withLock { _ throws(XendError) in try record(domain) }
        } catch {
            domain.state.withLock { $0.isGone = true }
            table.withLock { $0.remove(domain.id, name: state.name, uuid: state.uuid) }
            // Removes what may have been written before the failure (the live file, when the counter failed).
            domain.operation.withLock { _ in try? record(domain) }
            throw .errorCreatingDomain("cannot record domain \(state.name): \(error.message)")
        }
        announceBuilt(domain, at: now)
        return domain
    }

    /// Logs a domain that was just built (and written to the store).
    func announceBuilt(_ domain: SimulatedDomain, at now: SimulationInstant) {
        let (name, memory) = domain.state.withLock { ($0.name, $0.memoryTarget) }
        log("Domain \(domain.id) (\(name)) created with \(memory.inMebibytes) MiB", at: now)
        logger.debug("domain created", metadata: ["domid": "\(domain.id)", "name": "\(name)"])
        noteNextEvent(of: domain)
        logEvent(domain, .created)
    }

    /// Takes a domain off the host (called with its operation lock held).
    func remove(_ domain: SimulatedDomain, at now: SimulationInstant) {
        let (name, uuid) = domain.state.withLock { state in
            state.isGone = true
            return (state.name, state.uuid)
        }
        table.withLock { $0.remove(domain.id, name: name, uuid: uuid) }
        persist(domain)
        log("Domain \(domain.id) (\(name)) destroyed", at: now)
        logEvent(domain, .destroyed)
    }

    /// Replaces a domain by a fresh build of its config under a new id, running (a restart). With
    /// `keepingOld`, the old domain stays as it is, renamed `Domain-<new uuid>` with that new uuid
    /// (xend's rename-restart, which keeps the dead domain for debugging); otherwise it is destroyed.
    /// Called with the old domain's operation lock held.
    @discardableResult
    func restart(_ old: SimulatedDomain, keepingOld: Bool, at now: SimulationInstant) throws(XendError)
        -> SimulatedDomain
    {
        let snapshot = old.state.withLock { $0 }
        var config = snapshot.config
        config.memory = snapshot.memoryTarget
        config.maxmem = snapshot.maximumMemory
        config.devices = snapshot.devices.filter { $0.closingSince == nil }.map(\.config)
        var fresh = try initialState(for: config, uuid: snapshot.uuid, at: now)
        fresh.weight = snapshot.weight
        fresh.cap = snapshot.cap
        fresh.pinning = snapshot.pinning
        fresh.guest.unpause(at: now)

        guard !keepingOld else {
            let keptUUID = UUID()
            let keptName = try! DomainName("Domain-\(keptUUID.xendString)")
            table.withLock { table in
                table.names[snapshot.name] = nil
                table.uuids[snapshot.uuid] = nil
                table.names[keptName] = old.id
                table.uuids[keptUUID] = old.id
            }
            old.state.withLock { state in
                state.config.name = keptName
                state.config.uuid = keptUUID
                state.uuid = keptUUID
                state.shutdownHandled = true
            }
            persist(old)
            log("Domain \(old.id) (\(snapshot.name)) kept as \(keptName)", at: now)
            logEvent(old, .renamed(from: snapshot.name))
            let domain = try build(fresh, at: now)
            logEvent(domain, .unpaused)
            return domain
        }
        // The old domain's memory goes straight to the new one: nothing else can take it in between.
        old.state.withLock { $0.isGone = true }
        let admitted: Result<SimulatedDomain, XendError> = table.withLock { table in
            table.remove(old.id, name: snapshot.name, uuid: snapshot.uuid)
            do throws(XendError) {
                return .success(
                    try table.admit(name: fresh.name, uuid: fresh.uuid, memory: fresh.memoryTarget) { id in
                        SimulatedDomain(id: id, state: fresh)
                    })
            } catch {
                return .failure(error)
            }
        }
        persist(old)
        log("Domain \(old.id) (\(snapshot.name)) destroyed", at: now)
        logEvent(old, .destroyed)
        let domain = try admitted.get()
        domain.operation.withLock { _ in persist(domain) }
        announceBuilt(domain, at: now)
        logEvent(domain, .unpaused)
        return domain
    }
}
