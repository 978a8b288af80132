import Hypervisor
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Temporary files left by writes that a crash cut short.
///
/// Save images and state files are written under `AtomicFile.temporaryPath(for:hidden:)` names
/// (`<name>.tmp-<pid>-<n>`, or `.<name>.tmp-<pid>-<n>`) and renamed into place when whole, so a daemon
/// killed mid-write leaves the temporary file behind. At start-up no write of an earlier run can still be
/// going on, so every such file whose writer process is gone is removed: it is never a file a client was
/// told about.
enum InterruptedWrites {
    /// Removes the leftovers in `directory` and its subdirectories (symbolic links are not followed), logging
    /// each.
    static func sweep(_ directory: String, logger: Logger) {
        sweep(directory, depth: 0, logger: logger)
    }

    /// Subdirectories deeper than this are left alone: save paths are a few levels at most.
    private static let maximumDepth = 8

    private static func sweep(_ directory: String, depth: Int, logger: Logger) {
        guard depth <= maximumDepth else { return }
        let names: [String]
        do {
            names = try AtomicFile.entries(of: directory)
        } catch {
            // A directory that does not exist yet has nothing to sweep; one that cannot be read is worth a line.
            if access(directory, F_OK) == 0 {
                logger.warning("cannot look for interrupted writes in \(error.description)")
            }
            return
        }
        for name in names {
            let path = directory + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                sweep(path, depth: depth + 1, logger: logger)
            case S_IFREG:
                guard let pid = AtomicFile.writerPID(ofTemporaryName: name), !isRunning(pid) else { continue }
                if unlink(path) == 0 {
                    logger.notice("removed \(path), left by a write that a crash interrupted")
                } else {
                    logger.warning("cannot remove \(path), left by an interrupted write: \(AtomicFile.errorText())")
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
