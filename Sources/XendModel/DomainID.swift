/// A Xen domain id (`domid`): 0 is the control domain, guests count up from 1.
public struct DomainID: RawRepresentable, Hashable, Comparable, Sendable {
    /// The hypervisor's number for the domain.
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// A domain id from its number.
    public init(_ value: UInt32) { self.rawValue = value }

    /// The control domain, Domain-0.
    public static let controlDomain = DomainID(0)

    /// Xen's `DOMID_INVALID` (0x7ff4): "no domain".
    public static let invalid = DomainID(0x7FF4)

    /// Whether this is Domain-0, which xend refuses to pause, destroy, save or migrate.
    public var isControlDomain: Bool { rawValue == 0 }

    /// Reads a domain id as xend does (Python `int()`: ` 3` and `+3` work); `nil` for anything else.
    public init?(_ text: String) {
        guard let value = Python.int(text), let id = UInt32(exactly: value) else { return nil }
        self.init(id)
    }

    public static func < (lhs: DomainID, rhs: DomainID) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension DomainID: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: UInt32) { self.init(value) }
}

extension DomainID: CustomStringConvertible {
    public var description: String { String(rawValue) }
}

/// JSON: a plain number.
extension DomainID: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(UInt32.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
