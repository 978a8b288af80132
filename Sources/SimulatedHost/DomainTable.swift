import FoundationEssentials
import Hypervisor
import XendModel

/// The host-wide bookkeeping: which domains exist, their names and uuids, the memory book, the id
/// allocator and the managed domains. Guarded by one lock that is only ever held for short, in-memory work.
struct DomainTable: Sendable {
    var live: [DomainID: SimulatedDomain] = [:]
    var names: [DomainName: DomainID] = [:]
    var uuids: [UUID: DomainID] = [:]
    /// Managed (defined) domains by uuid, running or not.
    var managed: [UUID: VMConfig] = [:]
    var ledger: MemoryLedger
    var allocator = DomainIDAllocator()
    /// Domains that will change by themselves, and when (a guest obeying a request, dying over).
    var pending: [DomainID: SimulationInstant] = [:]

    init(totalMemory: Memory) {
        ledger = MemoryLedger(total: totalMemory)
    }

    /// Records when domain `id` next changes by itself (`nil`: it will not).
    mutating func note(_ instant: SimulationInstant?, for id: DomainID) {
        guard live[id] != nil else { return }
        pending[id] = instant
    }

    /// Takes the domains whose next change is due at `now` off the pending list.
    mutating func takeDue(at now: SimulationInstant) -> [SimulatedDomain] {
        guard !pending.isEmpty else { return [] }
        let due = pending.filter { $0.value <= now }
        for id in due.keys { pending[id] = nil }
        return due.keys.compactMap { live[$0] }
    }

    /// Why `name`/`uuid` cannot be given to a new live domain, if they cannot.
    func conflict(name: DomainName, uuid: UUID, ignoring ignored: DomainID? = nil) -> XendError? {
        if let holder = names[name], holder != ignored {
            return .nameExists(name.rawValue, domain: holder)
        }
        if let holder = uuids[uuid], holder != ignored {
            return .uuidExists(uuid, domain: holder)
        }
        if let owner = managed.first(where: { $0.value.name == name && $0.key != uuid }) {
            _ = owner
            return .nameExists(name.rawValue, domain: nil)
        }
        return nil
    }

    /// Reserves memory and an id, and enters the domain; everything or nothing.
    mutating func admit(
        name: DomainName, uuid: UUID, memory: Memory, make: (DomainID) -> SimulatedDomain
    ) throws(XendError) -> SimulatedDomain {
        if let conflict = conflict(name: name, uuid: uuid) { throw conflict }
        guard memory <= ledger.free else { throw .notEnoughMemory(needed: memory, free: ledger.free) }
        let idsInUse = live
        guard let raw = allocator.allocate(isInUse: { idsInUse[DomainID($0)] != nil }) else {
            throw XendError(.operationFailed, "No free domain id: every id below 0x7FF0 is in use")
        }
        let id = DomainID(raw)
        guard ledger.setAllocation(memory, for: raw) else {
            throw .notEnoughMemory(needed: memory, free: ledger.free)
        }
        let domain = make(id)
        live[id] = domain
        names[name] = id
        uuids[uuid] = id
        return domain
    }

    /// Takes a domain off the host and gives its memory back.
    mutating func remove(_ id: DomainID, name: DomainName, uuid: UUID) {
        live[id] = nil
        pending[id] = nil
        if names[name] == id { names[name] = nil }
        if uuids[uuid] == id { uuids[uuid] = nil }
        ledger.release(id.rawValue)
    }
}

extension XendError {
    /// `VM name '<name>' already exists as domain <id>`: the name is taken.
    static func nameExists(_ name: String, domain: DomainID?) -> XendError {
        guard let domain else { return .nameExists(name) }
        return XendError(.operationFailed, "VM name '\(name)' already exists as domain \(domain)")
    }

    /// `VM with UUID <uuid> already exists as domain <id>`.
    static func uuidExists(_ uuid: UUID, domain: DomainID) -> XendError {
        XendError(.operationFailed, "VM with UUID \(uuid.xendString) already exists as domain \(domain)")
    }

    /// xend's balloon message when memory cannot be found (the simulated Domain-0 does not balloon).
    static func notEnoughMemory(needed: Memory, free: Memory) -> XendError {
        XendError(
            .operationFailed,
            "Not enough free memory and enable-dom0-ballooning is False, so I cannot release any more.  "
                + "I need \(needed.inKibibytes) KiB but only have \(free.inKibibytes)."
        )
    }

    /// The error for a domain id that is not (or no longer) on the host.
    static func noSuchDomain(_ id: DomainID) -> XendError { .noSuchDomain(String(id.rawValue)) }
}
