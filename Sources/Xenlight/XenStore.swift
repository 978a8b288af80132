#if canImport(Glibc)
    import Glibc
#endif

/// Read-only xenstore access (libxenstore, `xs_read`, `xs_directory`), for what libxl does not expose:
/// a device's raw front-end keys and its back-end's hotplug status, which xend's `op=devices` and
/// `op=wait_for_devices` are defined by. Each call opens its own connection to xenstored.
public enum XenStore {
    /// Why a read failed.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// The xenstore path.
        public var path: String
        /// The errno (`ENOENT` when the node does not exist).
        public var errno: Int32

        public var description: String { "xenstore \(path): \(String(cString: strerror(errno)))" }
    }

    /// The value at `path`.
    public static func read(_ path: String) throws(Failure) -> String {
        let (value, error) = Calls.xenstoreRead(path)
        guard let value else { throw Failure(path: path, errno: error) }
        return value
    }

    /// The names of `path`'s children.
    public static func directory(_ path: String) throws(Failure) -> [String] {
        let (entries, error) = Calls.xenstoreDirectory(path)
        guard let entries else { throw Failure(path: path, errno: error) }
        return entries
    }
}
