/// The record's `(status N)`: xend's power state number (docs/protocol.md#domain-record).
public enum DomainStatus: Int, Hashable, Sendable, CaseIterable, Codable {
    case halted = 0
    case paused = 1
    case running = 2
    case suspended = 3
    /// Shutting down (xend's `DOM_STATE_SHUTDOWN`).
    case shutdown = 4
    case crashed = 5
    case unknown = 6

    /// xend's name for the status, as the `?state=` filter spells it.
    public var name: String {
        switch self {
        case .halted: "halted"
        case .paused: "paused"
        case .running: "running"
        case .suspended: "suspended"
        case .shutdown: "shutdown"
        case .crashed: "crashed"
        case .unknown: "unknown"
        }
    }
}

/// The `state` parameter of `GET /xend/domain?state=<s>`: one status, or every domain.
public enum DomainStateFilter: Hashable, Sendable {
    case status(DomainStatus)
    case all

    /// Reads the parameter case-insensitively: `running paused halted suspended crashed unknown all`
    /// (and xend's `shutdown`). Returns `nil` for anything else, including numbers: the list is then `()`.
    public init?(_ text: String) {
        let lowered = text.lowercased()
        if lowered == "all" {
            self = .all
        } else if let status = DomainStatus.allCases.first(where: { $0.name == lowered }) {
            self = .status(status)
        } else {
            return nil
        }
    }

    /// Whether a domain with `status` is listed.
    public func includes(_ status: DomainStatus) -> Bool {
        switch self {
        case .all: true
        case .status(let wanted): wanted == status
        }
    }
}
