/// The `state` filter of `GET /xend/domain?state=<s>` (xend-protocol.md §2.3).
public enum DomainStateFilter: String, Hashable, Sendable, CaseIterable {
    /// Running or blocked (what `GET /xend/domain` lists without a filter).
    case running
    case paused
    /// Inactive managed domains, plus shut-down ones (libvirt's "defined domains").
    case halted
    case suspended
    case crashed
    case unknown
    case all

    /// Reads the parameter case-insensitively; `nil` for an unknown state (xend then answers `()`).
    public init?(parameter text: String) {
        self.init(rawValue: text.lowercased())
    }
}
