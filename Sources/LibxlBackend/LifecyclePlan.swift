public import XendModel

/// What the daemon does, step by step, to a domain whose guest stopped: the `on_poweroff` / `on_reboot` /
/// `on_crash` action spelled out as xend carried it out. Pure, so every action is tested without Xen.
public struct LifecyclePlan: Hashable, Sendable {
    /// One thing done to the domain, in order.
    public enum Step: Hashable, Sendable {
        /// Write a core file into the dump directory (`coredump-*`).
        case dumpCore
        /// Destroy the stopped domain.
        case destroy
        /// Keep the stopped domain for debugging, renamed `Domain-<new uuid>` with that new uuid, which
        /// frees its name and uuid for the new build (`rename-restart`).
        case keepUnderNewName
        /// Build the domain again from its stored config: same name and uuid, a new domain id, running.
        case rebuild
    }

    /// The steps; empty means the domain is left as it is (`preserve`, or a suspended guest).
    public var steps: [Step]
    /// Set when a restart was wanted but the domain ran for less than the minimum: xend's loop guard,
    /// which destroys the domain instead.
    public var refusedRestart: Bool

    /// The plan for `action` (nil: no action, a suspend) after the guest ran `uptime` seconds (nil when
    /// unknown, as for a domain found again after the daemon restarted: a restart is then allowed).
    public init(action: LifecycleAction?, uptime: Double?, minimumUptime: Double) {
        let tooFast = uptime.map { $0 < minimumUptime } ?? false
        refusedRestart = false
        switch action {
        case nil, .preserve:
            steps = []
        case .destroy:
            steps = [.destroy]
        case .coredumpDestroy:
            steps = [.dumpCore, .destroy]
        case .restart:
            steps = tooFast ? [.destroy] : [.destroy, .rebuild]
            refusedRestart = tooFast
        case .renameRestart:
            steps = tooFast ? [.destroy] : [.keepUnderNewName, .rebuild]
            refusedRestart = tooFast
        case .coredumpRestart:
            steps = tooFast ? [.dumpCore, .destroy] : [.dumpCore, .destroy, .rebuild]
            refusedRestart = tooFast
        }
    }
}
