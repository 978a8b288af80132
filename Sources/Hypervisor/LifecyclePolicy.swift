package import FoundationEssentials
public import XendModel

extension VMConfig {
    /// The action xend takes when the guest stops for `reason`: `on_poweroff` (default destroy), `on_reboot`
    /// (default restart) or `on_crash` (default restart), the defaults being xend's. A suspended guest gets
    /// none: whoever suspended it (save, migrate) finishes the job. A watchdog firing counts as a crash (the
    /// guest stopped working; xend knew no watchdog), a soft reset (kexec) as a reboot.
    public func lifecycleAction(after reason: XendShutdownReason) -> LifecycleAction? {
        switch reason {
        case .powerOff, .halt: onPoweroff ?? .destroy
        case .reboot, .softReset: onReboot ?? .restart
        case .crash, .watchdog: onCrash ?? .restart
        case .suspend: nil
        }
    }
}

extension DomainRecord {
    /// Memory a config that names none gets (xm's default), as inactive records show it.
    package static let defaultMemory = Memory.mebibytes(128)

    /// The record of a managed domain that does not run: its stored config, no domain id, no state.
    package static func inactive(_ config: VMConfig, uuid: UUID) -> DomainRecord {
        var config = config
        config.uuid = uuid
        if config.memory == nil { config.memory = defaultMemory }
        return DomainRecord(config: config, runtime: .inactive)
    }
}
