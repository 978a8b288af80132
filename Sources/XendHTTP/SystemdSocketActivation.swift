#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The sockets systemd passes to a socket-activated service (sd_listen_fds(3)): descriptors from 3
/// on, `LISTEN_FDS` of them, meant for this process when `LISTEN_PID` is its process ID.
public enum SystemdSocketActivation {
    /// The first descriptor systemd passes (`SD_LISTEN_FDS_START`).
    public static let firstDescriptor: Int32 = 3

    /// The passed descriptors according to `environment`, or none when they are not for `processID`.
    public static func fileDescriptors(environment: [String: String], processID: Int32) -> [Int32] {
        guard let pid = environment["LISTEN_PID"].flatMap({ Int32($0) }), pid == processID,
            let count = environment["LISTEN_FDS"].flatMap({ Int32($0) }), count > 0
        else { return [] }
        return Array(firstDescriptor..<(firstDescriptor + count))
    }

    /// Listeners for the sockets passed to this process, read from its environment. The variables
    /// are left set; a daemon that starts child processes should unset `LISTEN_PID` and `LISTEN_FDS`.
    public static func listeners() -> [HTTPServerConfiguration.Listener] {
        var environment: [String: String] = [:]
        for name in ["LISTEN_PID", "LISTEN_FDS"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return fileDescriptors(environment: environment, processID: getpid()).map { .inherited(fileDescriptor: $0) }
    }
}
