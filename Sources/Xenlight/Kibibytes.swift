/// An amount of memory in KiB, the unit every libxl memory call speaks (`max_memkb`, `target_memkb`).
public struct Kibibytes: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// `count` KiB.
    public init(_ count: UInt64) { self.rawValue = count }

    public static func < (lhs: Kibibytes, rhs: Kibibytes) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "\(rawValue) KiB" }
}
