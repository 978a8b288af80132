import XendModel

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps op=save, op=restore and op=dump inside the save directory (`--save-dir`): the original wrote
/// and read any path the client named, as root. Paths are resolved (`..`, symbolic links) before the
/// check, and the resolved path is what the backend gets.
struct SavePathPolicy: Sendable {
    /// The directory as configured.
    let directory: String

    /// The resolved path of `path` when it lies inside the save directory.
    /// - Parameter forReading: the file must exist (restore); otherwise only its directory must (save, dump).
    /// - Throws: a 403 `XendError` naming the save directory when the path is outside it or cannot be
    ///   resolved; for reading, the original's `can't read guest state file` when the file does not exist.
    func resolve(_ path: String, forReading: Bool) throws(XendError) -> String {
        guard let root = Self.realPath(directory) else {
            throw XendError(.forbidden, "save directory \(directory) does not exist")
        }
        let refused = XendError(.forbidden, "\(path) is not inside the save directory \(directory)")
        guard !path.isEmpty, !path.utf8.contains(0) else { throw refused }
        let resolved: String
        if let full = Self.realPath(path) {
            resolved = full
        } else {
            // The file does not exist (yet): resolve its directory and keep the last component.
            let (parent, name) = Self.split(path)
            guard !name.isEmpty, name != ".", name != "..", let parentPath = Self.realPath(parent) else {
                throw refused
            }
            resolved = parentPath == "/" ? "/" + name : parentPath + "/" + name
            guard resolved.hasPrefix(root == "/" ? "/" : root + "/") else { throw refused }
            if forReading { throw .cannotReadStateFile(path, "No such file or directory") }
        }
        guard resolved.hasPrefix(root == "/" ? "/" : root + "/") else { throw refused }
        return resolved
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `dirname`/`basename` without touching the file system; a relative name is relative to `.`.
    static func split(_ path: String) -> (parent: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let parent = String(path[..<slash])
        return (parent.isEmpty ? "/" : parent, String(path[path.index(after: slash)...]))
    }
}
