import FoundationEssentials
import Hypervisor
import Logging
import Synchronization
import XendModel
import Xenlight

/// The live domains' names (libxl's `libxl_domid_to_name`, one xenstore read each), kept between listings
/// while a xenstore watch on `/local/domain` says which domain's name changed: a rename by this daemon or
/// by another tool (`xl rename`), a domain built or torn down. Without the watch (it could not be set up,
/// or its connection failed) every name is read again, as before.
///
/// The watch has a thread and a xenstored connection of its own and runs as long as the process, like
/// ``DomainWatcher``. A change reaches the cache when that thread has read its event, a moment after the
/// write; the daemon's own renames go through ``forget(_:)`` as well, so its answers never lag them.
final class DomainNameWatch: Sendable {
    private let names = LiveDomainCache<String?>()
    private let following = Atomic<Bool>(false)

    /// The subtree watched: every domain's directory, its `name` among its keys.
    static let watchedPath = "/local/domain"

    /// Sets the watch up and starts its thread. When that fails, it says so and names are read each time.
    func start(logger: Logger) {
        let watch: XenStoreWatch
        do {
            watch = try XenStoreWatch(path: Self.watchedPath)
        } catch {
            logger.warning("domain names are read for every listing: cannot watch xenstore (\(error))")
            return
        }
        do {
            try DetachedThread.start(name: "xend-xs-watch") { [self] in follow(watch, logger: logger) }
            // Only once xenstored holds the watch: every change after this point reaches the thread.
            following.store(true, ordering: .releasing)
        } catch {
            logger.warning("domain names are read for every listing: \(error.message)")
        }
    }

    /// Domain `id`'s name, with Xen handle `handle`: kept while followed, else `read()`'s.
    func name(of id: UInt32, handle: UUID, read: () -> String?) -> String? {
        guard following.load(ordering: .acquiring) else { return read() }
        return names.value(of: id, handle: handle, load: read)
    }

    /// Drops domain `id`'s name (it is being changed).
    func forget(_ id: UInt32) { names.forget(id) }

    /// Drops the names of domains not in `live`.
    func keepOnly(_ live: Set<UInt32>) { names.keepOnly(live) }

    /// Which names a change at `path` may have changed.
    enum Affected: Equatable {
        case none
        case domain(UInt32)
        case all
    }

    /// `/local/domain` itself: all; `/local/domain/<id>` or its `name`: that domain's; anything else
    /// (devices, memory targets, control keys) none.
    static func affected(by path: String) -> Affected {
        guard path.hasPrefix(watchedPath) else { return .none }
        let rest = path.dropFirst(watchedPath.count)
        if rest.isEmpty || rest == "/" { return .all }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        // parts[0] is the empty text before the first "/".
        guard parts.count >= 2, parts[0].isEmpty, let id = UInt32(parts[1]) else { return .none }
        if parts.count == 2 || (parts.count == 3 && parts[2] == "name") { return .domain(id) }
        return .none
    }

    /// The watch thread: each event drops what it may have changed. A failed connection ends the caching.
    private func follow(_ watch: XenStoreWatch, logger: Logger) {
        while true {
            do throws(XenStore.Failure) {
                switch Self.affected(by: try watch.next()) {
                case .none: break
                case .domain(let id): names.forget(id)
                case .all: names.forgetAll()
                }
            } catch {
                following.store(false, ordering: .releasing)
                names.forgetAll()
                logger.error(
                    "domain names are read for every listing from now on: the xenstore watch failed (\(error))")
                return
            }
        }
    }
}
