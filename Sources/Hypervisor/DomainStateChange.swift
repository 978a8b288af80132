public import FoundationEssentials
public import XendModel

/// Something that happened to a domain, as a backend reports it to the daemon.
public struct DomainStateChange: Hashable, Sendable {
    /// What happened.
    public enum Event: Hashable, Sendable {
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
    }

    /// The domain id, or `nil` for events about inactive managed domains.
    public var domainID: DomainID?
    /// The domain's name after the event.
    public var name: DomainName
    /// The domain's uuid.
    public var uuid: UUID
    /// What happened.
    public var event: Event

    public init(domainID: DomainID?, name: DomainName, uuid: UUID, event: Event) {
        self.domainID = domainID
        self.name = name
        self.uuid = uuid
        self.event = event
    }
}
