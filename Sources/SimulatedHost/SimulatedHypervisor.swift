import FoundationEssentials
import Hypervisor
public import Logging
import Synchronization
import ThreadShards
public import XendModel

/// A faithful model of one Xen 4.17 host, the daemon's backend where there is no Xen.
///
/// Domain-0 is always there; guests are built, paused, shut down, saved and restored with the
/// hypervisor's rules and the original daemon's error texts; memory is accounted exactly; time drives
/// cpu usage, guests obeying shutdown requests and devices connecting (see ``SimulationClock``).
/// Nothing runs in the background: each call first catches the host up with the clock. With a state
/// directory, managed domains and live domains survive a restart of the daemon.
/// See `docs/simulated-host.md`.
public final class SimulatedHypervisor: Hypervisor {
    let configuration: Configuration
    let logger: Logger
    let table: DomainTableLock
    let console = Mutex(ConsoleRing())
    let managedLocks = StripedLocks()
    /// The last domain id written to the store's counter file.
    let persistedLastDomainID = Mutex<UInt32>(0)
    let store: SimulatedHostStore?
    let bootTime: SimulationInstant
    /// The node record, its free memory as last read: the simulated hardware never changes, and building
    /// the record's text fields once rather than on every `GET /xend/node` is most of that request's cost.
    /// Each read sets the free memory from the ledger first (``nodeRecord(ifChangedFrom:)``). One copy per
    /// thread (``ThreadShards``), so that threads reading the node at once do not take one lock's memory
    /// from each other (docs/performance.md, "One slot per thread").
    let currentNode: ThreadShards<NodeRecord>

    /// Problems found while loading the state directory: damaged files, which were moved aside as
    /// `<name>.corrupt` and not loaded. Empty when everything loaded.
    public var loadProblems: [String] { loadReport.withLock { $0 } }
    private let loadReport = Mutex<[String]>([])

    var clock: any SimulationClock { configuration.clock }
    var timing: Timing { configuration.timing }

    /// Boots a simulated host; with a state directory, finds its managed and live domains as they were.
    /// - Throws: when the state directory cannot be created or read.
    public init(configuration: Configuration = Configuration(), logger: Logger = Logger(label: "xend.simulated"))
        throws(XendError)
    {
        self.configuration = configuration
        self.logger = logger
        let now = configuration.clock.now()
        bootTime = now
        let node = Self.makeNodeTemplate(configuration.host)
        currentNode = ThreadShards { node }
        table = DomainTableLock(DomainTable(totalMemory: configuration.host.totalMemory))
        store = try configuration.stateDirectory.map { directory throws(XendError) in
            try SimulatedHostStore(directory: directory, durable: configuration.durableWrites)
        }
        let domain0 = SimulatedDomain(id: .controlDomain, state: Self.domain0State(configuration, now: now))
        table.withLock { table in
            table.live[.controlDomain] = domain0
            table.names[domain0.state.withLock { $0.name }] = .controlDomain
            table.uuids[.zero] = .controlDomain
            _ = table.ledger.setAllocation(configuration.host.domain0Memory, for: 0)
        }
        var problems: [String] = []
        if let store {
            problems = loadState(from: store, now: now)
        }
        loadReport.withLock { $0 = problems }
        let host = configuration.host
        log(
            "Xen version \(host.xenMajor).\(host.xenMinor)\(host.xenExtra) (simulated); \(host.cpuCount) cpus, "
                + "\(host.totalMemory.inMebibytes) MiB, scheduler \(host.scheduler)", at: now)
        for problem in problems {
            logger.error("simulated host state not loaded", metadata: ["problem": "\(problem)"])
        }
    }

    private static func domain0State(_ configuration: Configuration, now: SimulationInstant) -> SimulatedDomainState {
        let host = configuration.host
        let vcpus = host.domain0VCPUs > 0 ? host.domain0VCPUs : host.cpuCount
        var config = VMConfig(
            name: try! DomainName("Domain-0"), uuid: .zero, memory: host.domain0Memory, maxmem: host.totalMemory,
            vcpus: vcpus)
        config.onPoweroff = .destroy
        config.onReboot = .restart
        config.onCrash = .restart
        var guest = GuestStateMachine(builtAt: now, load: configuration.guestLoad, onlineVCPUs: vcpus)
        guest.unpause(at: now)
        return SimulatedDomainState(
            config: config, uuid: .zero, guest: guest, memoryTarget: host.domain0Memory,
            maximumMemory: host.totalMemory, maximumVCPUs: vcpus, pinning: Array(repeating: [], count: vcpus),
            weight: 256, cap: 0, devices: [])
    }

    // MARK: Shared machinery

    /// Runs `body` on live domain `id` with its operation lock held, after catching it up with the clock.
    /// - Throws: ``XendModel/XendError/noSuchDomain(_:)`` when there is no such live domain (or it went
    ///   while the caller waited for the lock).
    func operate<Result: Sendable>(
        on id: DomainID, _ body: (SimulatedDomain, SimulationInstant) throws(XendError) -> Result
    ) throws(XendError) -> Result {
        settleDueDomains()
        guard let domain = table.withLock({ $0.live[id] }) else { throw .noSuchDomain(id) }
        return try domain.operation.withLock { _ throws(XendError) -> Result in
            let now = clock.now()
            settle(domain, at: now)
            guard !domain.state.withLock({ $0.isGone }) else { throw .noSuchDomain(id) }
            return try body(domain, now)
        }
    }

    /// Like ``operate(on:_:)`` but refuses Domain-0 with `Cannot <operation> privileged domain 0`.
    func operateOnGuest<Result: Sendable>(
        _ id: DomainID, _ operation: String, _ body: (SimulatedDomain, SimulationInstant) throws(XendError) -> Result
    ) throws(XendError) -> Result {
        if id.isControlDomain {
            guard table.withLock({ $0.live[id] }) != nil else { throw .noSuchDomain(id) }
            throw .privilegedDomain(operation)
        }
        return try operate(on: id, body)
    }

    /// Catches up every domain whose next event is due (a guest obeying a request, a dying domain gone).
    /// Domains busy with an operation are skipped; that operation settles them.
    func settleDueDomains() {
        let now = clock.now()
        guard table.hasChangeDue(at: now) else { return }
        let due = table.withLock { $0.takeDue(at: now) }
        for domain in due {
            domain.operation.withLockIfAvailable { _ in settle(domain, at: now) }
            noteNextEvent(of: domain)
        }
    }

    /// Tells the table when a domain next changes by itself, after an operation changed it.
    func noteNextEvent(of domain: SimulatedDomain) {
        let event = domain.state.withLock { $0.nextEvent(dyingDuration: timing.dying) }
        table.withLock { $0.note(event, for: domain.id) }
    }

    /// Appends a line to the hypervisor console.
    func log(_ text: String, at now: SimulationInstant) {
        console.withLock { $0.append(text, uptime: now.seconds(since: bootTime)) }
    }

    /// Logs `event` of `domain`, as the libxl backend logs its domains' events.
    func logEvent(_ domain: SimulatedDomain, _ event: DomainEvent) {
        logger.log(event, of: domain.state.withLock { $0.name }, id: domain.id.rawValue)
    }

    /// Writes a live domain's state to the store (called with its operation lock held). Operations a client
    /// asked for call this and pass its error on: an answer of success means the change survives a restart.
    func record(_ domain: SimulatedDomain) throws(XendError) {
        guard let store, !domain.isControlDomain else { return }
        let snapshot = domain.state.withLock { $0 }
        if snapshot.isGone {
            try store.removeLiveDomain(domain.id)
            return
        }
        try store.saveLiveDomain(domain.id, snapshot)
        let last = table.withLock { $0.allocator.last }
        // The counter file changes only when a new id was handed out.
        let stale = persistedLastDomainID.withLock { written in
            guard written != last else { return false }
            written = last
            return true
        }
        if stale { try store.saveHostCounters(lastDomainID: last) }
    }

    /// ``record(_:)`` for changes the host makes by itself (a guest shutting down, a restart by policy):
    /// there is no client to tell, so a failed write is logged.
    func persist(_ domain: SimulatedDomain) {
        do throws(XendError) {
            try record(domain)
        } catch {
            logger.error("cannot persist simulated domain", metadata: ["domid": "\(domain.id)", "error": "\(error)"])
        }
    }

    // MARK: Node

    public func hypervisorConsole() throws(XendError) -> String {
        console.withLock { $0.text }
    }

    public func clearHypervisorConsole() throws(XendError) {
        console.withLock { $0.clear() }
    }
}
