package import Logging
public import XendModel

/// Something that happened to a domain, as both backends log it: `event shutdown(reboot) vm1 (id 3)`.
public enum DomainEvent: Hashable, Sendable {
    /// Built (by create, start, restore or a lifecycle restart), paused or running.
    case created
    case paused
    case unpaused
    /// The guest shut down (or crashed) with this reason; the lifecycle action follows.
    case shutdown(XendShutdownReason)
    /// The domain is gone (destroyed, saved, or cleaned up after shutting down).
    case destroyed
    /// Renamed (by op=rename, or by rename-restart to keep the dead domain).
    case renamed(from: DomainName)
    /// A managed domain was defined or redefined.
    case defined
    /// A managed domain was deleted.
    case undefined

    /// The event in the log: `shutdown(reboot)`, `renamed(from old)`, `created`...
    public var logText: String {
        switch self {
        case .created: "created"
        case .paused: "paused"
        case .unpaused: "unpaused"
        case .shutdown(let reason): "shutdown(\(reason.rawValue))"
        case .destroyed: "destroyed"
        case .renamed(let from): "renamed(from \(from.rawValue))"
        case .defined: "defined"
        case .undefined: "undefined"
        }
    }
}

extension Logger {
    /// Logs `event` of the domain `name` (domain id `id`, `nil` for an inactive managed domain) at info.
    package func log(_ event: DomainEvent, of name: DomainName, id: UInt32?) {
        info("event \(event.logText) \(name.rawValue) (id \(id.map { "\($0)" } ?? "none"))")
    }
}
