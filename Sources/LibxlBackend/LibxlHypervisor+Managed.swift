public import FoundationEssentials
import Hypervisor
public import XendModel
import Xenlight

/// Managed domains (`op=new`, `op=start`, `op=delete`): configs kept in the state directory, surviving
/// daemon restarts, as the simulated host keeps them. A started managed domain is an ordinary live libxl
/// domain built from that config; while it runs, its live record is also its managed entry.
extension LibxlHypervisor {
    @discardableResult
    public func defineDomain(_ config: VMConfig) throws(XendError) -> DomainRecord {
        let uuid = config.uuid ?? UUID()
        var config = config
        config.uuid = uuid
        _ = try DomainConfig(xend: config)  // the same checks as create
        try refuseTakenName(config.name) { liveUUID($0) == uuid }
        let liveID = try liveDomain(with: uuid)
        try managed.withLock { table throws(XendError) in
            if table.contains(where: { $0.value.name == config.name && $0.key != uuid }) {
                throw .nameExists(config.name.rawValue)
            }
            // Written under the lock, so a define racing a delete of the same uuid leaves one answer on disk.
            try managedStore?.save(config, uuid: uuid)
            table[uuid] = config
        }
        if let liveID, var live = storedConfig(of: liveID) {
            // A running domain becoming managed (libvirt re-submits its record to set autostart).
            live.onXendStart = config.onXendStart
            live.onXendStop = config.onXendStop
            try store(live, for: liveID)
        }
        logger.info("domain \(config.name.rawValue) (\(uuid.xendString)) defined")
        logEvent(liveID, name: config.name, .defined)
        return try domain(matching: uuid.xendString)
    }

    public func startDomain(_ uuid: UUID) throws(XendError) -> DomainRecord {
        guard let config = managed.withLock({ $0[uuid] }) else { throw .noSuchDomain(uuid.xendString) }
        guard try liveDomain(with: uuid) == nil else { throw XendError(.operationFailed, "Domain is already running") }
        let id = try build(config)
        do throws(XendError) {
            try libxl("libxl_domain_unpause") { () throws(XenlightError) in try context.unpause(id) }
        } catch {
            watcher.unwatch(id)
            try? context.destroy(id)
            throw error
        }
        logEvent(id, name: config.name, .unpaused)
        guard let record = record(of: try liveInfo(DomainID(id.rawValue))) else {
            throw .noSuchDomain(uuid.xendString)
        }
        return record
    }

    public func deleteDomain(_ uuid: UUID) throws(XendError) {
        guard try liveDomain(with: uuid) == nil else {
            throw XendError(.operationFailed, "Domain is still running: shut it down before deleting it")
        }
        let config = try managed.withLock { table throws(XendError) -> VMConfig in
            guard let config = table[uuid] else { throw .noSuchDomain(uuid.xendString) }
            try managedStore?.remove(uuid)
            table[uuid] = nil
            return config
        }
        logger.info("domain \(config.name.rawValue) (\(uuid.xendString)) deleted")
        logEvent(nil, name: config.name, .undefined)
    }

    /// Managed domains that do not run, sorted by name, as inactive records.
    func inactiveManagedRecords(excluding running: Set<UUID>) -> [DomainRecord] {
        managed.withLock { table in
            table.filter { !running.contains($0.key) }.sorted { $0.value.name < $1.value.name }
                .map { DomainRecord.inactive($0.value, uuid: $0.key) }
        }
    }

    /// Keeps a managed entry's name in step with op=rename of its running domain.
    func renameManaged(_ uuid: UUID, to name: DomainName) throws(XendError) {
        try managed.withLock { table throws(XendError) in
            guard var config = table[uuid] else { return }
            config.name = name
            try managedStore?.save(config, uuid: uuid)
            table[uuid] = config
        }
    }

    /// The live domain with this uuid, if one runs.
    func liveDomain(with uuid: UUID) throws(XendError) -> Domid? {
        let infos = try libxl("libxl_list_domain") { () throws(XenlightError) in try context.domains() }
        return infos.first { info in
            info.uuid == uuid && !info.dying
                && effectiveUUID(of: info, stored: storedConfig(of: Domid(info.domid))?.uuid) == uuid
        }.map { Domid($0.domid) }
    }

    private func liveUUID(_ id: Domid) -> UUID? {
        guard let info = currentInfo(id) else { return nil }
        return effectiveUUID(of: info, stored: storedConfig(of: id)?.uuid)
    }
}
