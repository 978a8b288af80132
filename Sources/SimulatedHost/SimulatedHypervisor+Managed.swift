import FoundationEssentials
import Hypervisor
import Synchronization
import XendModel

extension SimulatedHypervisor {
    @discardableResult
    public func defineDomain(_ config: VMConfig) throws(XendError) -> DomainRecord {
        settleDueDomains()
        let now = clock.now()
        let uuid = config.uuid ?? UUID()
        var config = config
        config.uuid = uuid
        _ = try initialState(for: config, uuid: uuid, at: now)  // the same checks as create
        return try managedLocks.withLock(for: uuid) { () throws(XendError) -> DomainRecord in
            let (previous, liveID) = try table.withLock { table throws(XendError) -> (VMConfig?, DomainID?) in
                if let holder = table.names[config.name], table.uuids[uuid] != holder {
                    throw .nameExists(config.name.rawValue, domain: holder)
                }
                if table.managed.contains(where: { $0.value.name == config.name && $0.key != uuid }) {
                    throw .nameExists(config.name.rawValue)
                }
                let previous = table.managed[uuid]
                table.managed[uuid] = config
                return (previous, table.uuids[uuid])
            }
            if let store {
                do throws(XendError) {
                    try store.saveManagedDomain(config, uuid: uuid)
                } catch {
                    table.withLock { $0.managed[uuid] = previous }
                    throw error
                }
            }
            if let liveID, let domain = table.withLock({ $0.live[liveID] }) {
                // A running domain becoming managed (libvirt re-submits its record to set autostart).
                domain.state.withLock { state in
                    state.config.onXendStart = config.onXendStart
                    state.config.onXendStop = config.onXendStop
                }
            }
            log("Domain \(config.name) (\(uuid.xendString)) defined", at: now)
            logger.log(.defined, of: config.name, id: liveID?.rawValue)
            return try domain(matching: uuid.xendString)
        }
    }

    public func startDomain(_ uuid: UUID) throws(XendError) -> DomainRecord {
        settleDueDomains()
        let now = clock.now()
        let config = try table.withLock { table throws(XendError) -> VMConfig in
            guard let config = table.managed[uuid] else { throw .noSuchDomain(uuid.xendString) }
            guard table.uuids[uuid] == nil else { throw XendError(.operationFailed, "Domain is already running") }
            return config
        }
        var state = try initialState(for: config, uuid: uuid, at: now)
        state.guest.unpause(at: now)
        let domain = try build(state, at: now)
        logEvent(domain, .unpaused)
        return record(of: domain, at: now)
    }

    public func deleteDomain(_ uuid: UUID) throws(XendError) {
        settleDueDomains()
        try managedLocks.withLock(for: uuid) { () throws(XendError) in
            let config = try table.withLock { table throws(XendError) -> VMConfig in
                guard let config = table.managed[uuid] else { throw .noSuchDomain(uuid.xendString) }
                guard table.uuids[uuid] == nil else {
                    throw XendError(.operationFailed, "Domain is still running: shut it down before deleting it")
                }
                table.managed[uuid] = nil
                return config
            }
            if let store {
                do throws(XendError) {
                    try store.removeManagedDomain(uuid)
                } catch {
                    table.withLock { $0.managed[uuid] = config }
                    throw error
                }
            }
            log("Domain \(config.name) (\(uuid.xendString)) deleted", at: clock.now())
            logger.log(.undefined, of: config.name, id: nil)
        }
    }
}

/// Locks that serialise changes to one managed domain's stored config (a define racing a delete of the
/// same uuid) without making other domains wait: 64 stripes chosen by the uuid.
final class StripedLocks: Sendable {
    private final class Stripe: Sendable {
        let mutex = Mutex(())
    }
    private let stripes: [Stripe]

    init(count: Int = 64) {
        stripes = (0..<count).map { _ in Stripe() }
    }

    func withLock<Result: Sendable>(for uuid: UUID, _ body: () throws(XendError) -> Result) throws(XendError) -> Result
    {
        let index = Int(AtomicFile.checksum(Array(uuid.xendString.utf8)) % UInt64(stripes.count))
        return try stripes[index].mutex.withLock { _ throws(XendError) in try body() }
    }
}
