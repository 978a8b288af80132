/// A watch on a xenstore subtree over a connection of its own (libxenstore's `xs_watch` and
/// `xs_read_watch`): what changed, as it changes, for what libxl has no event for (a domain renamed by
/// another tool). xenstored sends one event at once for the watched path itself, then one per write or
/// removal at or below it.
public final class XenStoreWatch: @unchecked Sendable {  // the handle is used by one thread at a time
    private let handle: OpaquePointer
    /// The watched path.
    public let path: String

    /// Opens a connection to xenstored and watches `path` and everything below it.
    /// - Throws: `XenStore.Failure` when xenstored cannot be reached (not dom0) or refuses the watch.
    public init(path: String) throws(XenStore.Failure) {
        let (handle, error) = Calls.xenstoreWatchOpen(path)
        guard let handle else { throw XenStore.Failure(path: path, errno: error) }
        self.handle = handle
        self.path = path
    }

    deinit { Calls.xenstoreWatchClose(handle) }

    /// Blocks until something at or below ``path`` changes, and returns the path that did.
    /// - Throws: `XenStore.Failure` when the connection to xenstored failed; the watch is then dead.
    public func next() throws(XenStore.Failure) -> String {
        let (changed, error) = Calls.xenstoreWatchNext(handle)
        guard let changed else { throw XenStore.Failure(path: path, errno: error) }
        return changed
    }
}
