/// What happens when a guest powers off, reboots or crashes (`on_poweroff`, `on_reboot`, `on_crash`).
public enum LifecycleAction: String, Hashable, Sendable, CaseIterable, Codable {
    case destroy
    case restart
    case preserve
    case renameRestart = "rename-restart"
    case coredumpDestroy = "coredump-destroy"
    case coredumpRestart = "coredump-restart"

    /// Reads the value of the config key `key` (`on_poweroff`, ...).
    /// - Throws: `Invalid Configuration: Invalid restart event: <key> = <text>`.
    public init(_ text: String, key: String) throws(XendError) {
        guard let action = LifecycleAction(rawValue: text) else { throw .invalidRestartEvent(key, text) }
        self = action
    }
}

/// What xend does with a managed domain when the daemon starts (`on_xend_start`).
public enum XendStartAction: String, Hashable, Sendable, CaseIterable, Codable {
    case ignore
    /// Start the domain: libvirt's "autostart".
    case start
}

/// What xend does with a running managed domain when the daemon stops (`on_xend_stop`).
public enum XendStopAction: String, Hashable, Sendable, CaseIterable, Codable {
    case ignore
    case shutdown
    case suspend
}
