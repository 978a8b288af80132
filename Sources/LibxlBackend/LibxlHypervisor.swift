import FoundationEssentials
public import Hypervisor
public import Logging
import Synchronization
public import XendModel
import Xenlight

/// A real Xen host driven through libxl: the ``Hypervisor/Hypervisor`` protocol on the `Xenlight` bindings.
///
/// Each domain's xend config is kept with the domain in libxl's userdata under ``configKey`` (JSON of
/// `VMConfig`), so records show what the client sent and a restart can build the domain again;
/// domains made by other tools (xl) get a record built from libxl's view and are never acted upon.
/// A thread of its own follows the death events of this daemon's domains and applies their
/// `on_poweroff` / `on_reboot` / `on_crash` actions (docs/libxl-backend.md, "Lifecycle"). Managed
/// domains live in the state directory. `migrate` sends a domain to a relocation server and
/// `receiveMigration` takes one in (`LibxlHypervisor+Migration.swift`).
public final class LibxlHypervisor: Hypervisor, Sendable {
    /// The libxl userdata key holding a domain's xend config.
    public static let configKey = "xend-config"
    /// The userdata key marking a domain whose shutdown was dealt with (kept by rename-restart), so a
    /// daemon restart does not apply its action again.
    public static let handledKey = "xend-shutdown-handled"

    let context: Context
    let logger: Logger
    let configuration: Configuration
    let watcher: DomainWatcher
    /// The managed domains' configs by uuid, as in the state directory.
    let managed = Mutex<[UUID: VMConfig]>([:])
    let managedStore: ManagedDomainStore?
    /// The live domains' stored configs as the last listing read them.
    let storedConfigs = LiveDomainCache<VMConfig?>()
    /// The live domains' names as the last listing read them, while xenstore says which changed.
    let nameWatch = DomainNameWatch()
    /// Problems found loading the state directory (damaged files, moved aside as `.corrupt`).
    public let loadProblems: [String]

    /// Opens a libxl context, loads the managed domains, finds this daemon's running domains again and
    /// starts following their death events.
    /// - Throws: an error naming the library when the Xen libraries cannot be loaded, naming libxl when
    ///   there is no hypervisor to talk to (not dom0, or not root), or when the state directory cannot be
    ///   created.
    public init(configuration: Configuration = Configuration(), logger: Logger) throws(XendError) {
        do {
            try XenLibraries.load()
        } catch {
            throw XendError(.operationFailed, "\(error); the libxl backend needs the Xen tools' libraries")
        }
        do {
            context = try Context(logger: Logger(label: "xenlight"))
        } catch {
            throw XendError(
                .operationFailed,
                "cannot open a libxl context (\(error)); the libxl backend needs root in a Xen dom0")
        }
        self.logger = logger
        self.configuration = configuration
        watcher = DomainWatcher(context: context, logger: logger)
        do throws(XendError) {
            managedStore = try configuration.stateDirectory.map { directory throws(XendError) in
                try ManagedDomainStore(directory: directory + "/domains", durable: configuration.durableWrites)
            }
        } catch {
            context.close()
            throw error
        }
        let loaded = managedStore?.load() ?? (domains: [], problems: [])
        managed.withLock { table in
            for (uuid, config) in loaded.domains { table[uuid] = config }
        }
        loadProblems = loaded.problems
        for problem in loadProblems { logger.error("managed domain not loaded: \(problem)") }
        // The event thread first: watches are then always enabled while it waits, as for domains created
        // later (libxl queues a shutdown that happened while the daemon was down either way).
        try watcher.start { [self] event in handle(event) }
        nameWatch.start(logger: logger)
        rediscoverDomains()
    }

    deinit { context.close() }

    /// Runs a libxl call, turning its failure into a xend error that names the call.
    func libxl<T>(_ what: String, _ body: () throws(XenlightError) -> T) throws(XendError) -> T {
        do {
            return try body()
        } catch {
            throw XendError(.operationFailed, "\(what) failed: \(error)")
        }
    }

    /// Renames a live domain (`libxl_domain_rename`); its kept name is dropped before and after, so no
    /// answer shows the old name once the rename returned.
    func rename(_ domain: Domid, to name: String) throws(XenlightError) {
        nameWatch.forget(domain.rawValue)
        defer { nameWatch.forget(domain.rawValue) }
        try context.rename(domain, to: name)
    }

    /// The live domain `domain`, or xend's "Domain is not running" when libxl does not know it.
    func liveInfo(_ domain: DomainID) throws(XendError) -> DomInfo {
        do {
            return try context.domainInfo(Domid(domain.rawValue))
        } catch {
            throw .noSuchDomain("\(domain.rawValue)")
        }
    }

    /// The xend config stored with a live domain, if this daemon (or an earlier run) created it. A domain
    /// without one was made by another tool; one whose config cannot be read or decoded is treated the
    /// same way, with a warning naming it.
    func storedConfig(of domain: Domid) -> VMConfig? {
        let bytes: [UInt8]?
        do {
            bytes = try context.userData(key: Self.configKey, for: domain)
        } catch {
            logger.warning("cannot read the stored config of domain \(domain.rawValue): \(error)")
            return nil
        }
        guard let bytes, !bytes.isEmpty else { return nil }
        do {
            return try JSONDecoder().decode(VMConfig.self, from: Data(bytes))
        } catch {
            logger.warning(
                "the stored config of domain \(domain.rawValue) is corrupt; treating it as made by another tool: \(error)"
            )
            return nil
        }
    }

    func store(_ config: VMConfig, for domain: Domid) throws(XendError) {
        let data: Data
        do {
            data = try JSONEncoder().encode(config)
        } catch {
            throw XendError(.operationFailed, "cannot encode the domain config: \(error)")
        }
        // Before and after: a listing that read the old config meanwhile does not keep it.
        storedConfigs.forget(domain.rawValue)
        defer { storedConfigs.forget(domain.rawValue) }
        try libxl("libxl_userdata_store") { () throws(XenlightError) in
            try context.storeUserData(Array(data), key: Self.configKey, for: domain)
        }
    }

    /// Logs `event` of a domain this daemon manages: built, paused, unpaused, shut down (with the reason),
    /// destroyed, renamed, defined, deleted.
    func logEvent(_ id: Domid?, name: DomainName, _ event: DomainEvent) {
        logger.log(event, of: name, id: id?.rawValue)
    }
}
