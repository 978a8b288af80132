/// A Xen domain ID (`uint32_t domid` in libxl).
public struct Domid: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    /// Domain 0, the control domain.
    public static let control = Domid(0)
    /// `DOMID_INVALID` (0x7FF4): "no domain".
    public static let invalid = Domid(0x7FF4)

    public static func < (lhs: Domid, rhs: Domid) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "\(rawValue)" }
}
