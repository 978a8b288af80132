import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Temporary files left by writes that a crash cut short.
///
/// Save images and state files are written to `<name>.tmp-<pid>-<n>` (or `.<name>.tmp-<pid>-<n>`) and
/// renamed into place when whole, so a daemon killed mid-write leaves the temporary file behind. At
/// start-up no write of an earlier run can still be going on, so every such file whose writer process is
/// gone is removed: it is never a file a client was told about.
enum InterruptedWrites {
    /// Removes the leftovers in `directory` and its subdirectories (symbolic links are not followed).
    /// - Returns: the paths removed.
    @discardableResult
    static func sweep(_ directory: String, logger: Logger) -> [String] {
        var removed: [String] = []
        sweep(directory, depth: 0, removed: &removed, logger: logger)
        return removed
    }

    /// The pid in a temporary file's name, or `nil` when `name` is not one.
    static func writerPID(ofTemporaryName name: String) -> pid_t? {
        guard let marker = name.ranges(of: ".tmp-").last else { return nil }
        let parts = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0, UInt32(parts[1]) != nil else { return nil }
        return pid
    }

    /// Subdirectories deeper than this are left alone: save paths are a few levels at most.
    private static let maximumDepth = 8

    private static func sweep(_ directory: String, depth: Int, removed: inout [String], logger: Logger) {
        guard depth <= maximumDepth, let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != ".", name != ".." else { continue }
            let path = directory + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                sweep(path, depth: depth + 1, removed: &removed, logger: logger)
            case S_IFREG:
                guard let pid = writerPID(ofTemporaryName: name), !isRunning(pid) else { continue }
                if unlink(path) == 0 {
                    removed.append(path)
                    logger.notice("removed \(path), left by a write that a crash interrupted")
                } else {
                    logger.warning("cannot remove \(path), left by an interrupted write: \(String(cString: strerror(errno)))")
                }
            default:
                continue
            }
        }
    }

    /// Whether the writer may still be at work. Our own pid counts as gone: at start-up we have written
    /// nothing yet, so such a file is from an earlier run that had the same pid.
    private static func isRunning(_ pid: pid_t) -> Bool {
        if pid == getpid() { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
