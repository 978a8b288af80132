import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// systemd's journal as the daemon's standard error: under a service whose output goes to the journal,
/// systemd sets `JOURNAL_STREAM` to `<device>:<inode>` of that stream (systemd.exec(5)). A line written
/// there may start with `<N>`, its syslog priority (sd-daemon(3)), which `journalctl -p` filters on; the
/// journal stamps each line itself.
public enum JournalStream {
    /// Whether `descriptor` is the journal stream `journalStream` (the value of `JOURNAL_STREAM`) names.
    /// A child that inherited the variable but not the stream (output redirected elsewhere) is not.
    static func isConnected(_ descriptor: Int32, journalStream: String?) -> Bool {
        guard let journalStream else { return false }
        let parts = journalStream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }

    /// `JOURNAL_STREAM` of this process, when set.
    public static var environmentValue: String? {
        getenv("JOURNAL_STREAM").map { String(cString: $0) }
    }

    /// The `<N>` prefix for `level`: swift-log's levels on syslog's priorities (`notice` is 5, `warning` 4).
    static func appendPriorityPrefix(_ level: Logger.Level, to bytes: inout [UInt8]) {
        let priority: UInt8
        switch level {
        case .trace, .debug: priority = 7
        case .info: priority = 6
        case .notice: priority = 5
        case .warning: priority = 4
        case .error: priority = 3
        case .critical: priority = 2
        }
        bytes.append(UInt8(ascii: "<"))
        bytes.append(UInt8(ascii: "0") + priority)
        bytes.append(UInt8(ascii: ">"))
    }
}
