#if canImport(Glibc)
    import Glibc
#endif

/// Waits for a guest to finish booting by watching its console log for a marker line.
///
/// Calls that need the guest kernel's co-operation (suspend, device removal) time out while it is
/// still booting, and under a slow emulator booting takes minutes. libxl offers no "guest is up"
/// signal, so the guest's own console is the only honest one.
struct BootWait {
    /// The console log `xenconsoled --log=guest` writes, e.g. `/var/log/xen/console/guest-NAME.log`.
    let consoleLog: String
    /// Text the guest prints once booted.
    let marker: String
    let timeoutSeconds: Int

    /// Nil once the marker is in the log after byte `offset` (or anywhere, when the log is shorter than
    /// that because a new boot started a new log); otherwise why not.
    func wait(after offset: Int = 0) -> String? {
        for _ in 0...timeoutSeconds {
            if logContainsMarker(after: offset) { return nil }
            sleep(1)
        }
        return "no '\(marker)' in \(consoleLog) after \(timeoutSeconds) s"
    }

    /// The log's size now: pass it to `wait(after:)` to wait for the next boot.
    func logSize() -> Int {
        var status = stat()
        return stat(consoleLog, &status) == 0 ? Int(status.st_size) : 0
    }

    private func logContainsMarker(after offset: Int) -> Bool {
        guard let file = fopen(consoleLog, "r") else { return false }
        defer { fclose(file) }
        if offset > 0, logSize() >= offset { fseek(file, offset, SEEK_SET) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) >= 0 {
            if let line, String(cString: line).contains(marker) { return true }
        }
        return false
    }
}
