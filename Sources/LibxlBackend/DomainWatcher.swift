import FoundationEssentials
import Hypervisor
import Logging
import Synchronization
import XendModel
import Xenlight

#if canImport(Glibc)
    import Glibc
#endif

/// Follows the death events of the domains this daemon manages: one libxl death watch per domain, and a
/// thread of its own blocked in `libxl_event_wait` that hands each event to `handler`.
///
/// libxl queues a watched domain's `DOMAIN_SHUTDOWN` (once per shutdown) and `DOMAIN_DEATH` on the
/// context; a watch enabled for a domain that already shut down reports that shutdown at once, which is
/// how a shutdown missed while the daemon was down still gets its action. The thread runs as long as the
/// process: the daemon makes one backend and keeps it.
final class DomainWatcher: Sendable {
    private let context: Context
    private let logger: Logger
    let table = Mutex(WatchTable<DomainDeathWatch>())

    init(context: Context, logger: Logger) {
        self.context = context
        self.logger = logger
    }

    /// Starts the event thread; each event goes to `handler`, on that thread, one at a time.
    func start(_ handler: @escaping @Sendable (Event) -> Void) throws(XendError) {
        try DetachedThread.start(name: "xend-libxl-ev") { [context, logger] in
            var failuresInARow = 0
            while true {
                do throws(XenlightError) {
                    let event = try context.nextEvent()
                    failuresInARow = 0
                    handler(event)
                } catch {
                    // Never fatal: log, back off a little so a persistent failure cannot spin, and go on.
                    failuresInARow += 1
                    logger.error("waiting for libxl events failed: \(error)")
                    usleep(UInt32(min(failuresInARow, 10)) * 100_000)
                }
            }
        }
    }

    /// Starts following `id`. `builtAt` is nil for a domain found again at start-up; `handled` marks a
    /// domain whose shutdown was already dealt with (kept by rename-restart).
    func watch(_ id: Domid, name: DomainName, uuid: UUID, builtAt: Double?, handled: Bool = false)
        throws(XenlightError)
    {
        let watch = try context.watchDeath(of: id, userValue: UInt64(id.rawValue))
        let entry = WatchTable.Entry(name: name, uuid: uuid, builtAt: builtAt, shutdownHandled: handled, watch: watch)
        table.withLock { $0.add(id.rawValue, entry) }?.cancel()
    }

    /// Stops following `id`; returns its name and uuid as last known.
    @discardableResult
    func unwatch(_ id: Domid) -> (name: DomainName, uuid: UUID)? {
        guard let entry = table.withLock({ $0.remove(id.rawValue) }) else { return nil }
        entry.watch.cancel()
        return (entry.name, entry.uuid)
    }

    /// Whether `id` is followed.
    func isWatching(_ id: Domid) -> Bool {
        table.withLock { $0[id.rawValue] != nil }
    }
}
