/// A duration or a point in time in seconds, as xend prints them: `cpu_time` (CPU seconds) and
/// `start_time` (seconds since the Unix epoch), both Python floats on the wire.
public struct Seconds: Hashable, Comparable, Sendable {
    /// The value in seconds.
    public var value: Double

    public init(_ value: Double) { self.value = value }

    /// From nanoseconds, the unit libxl and libxc count CPU time in.
    public static func nanoseconds(_ value: UInt64) -> Seconds { Seconds(Double(value) / 1e9) }

    /// The value in whole nanoseconds (rounded), as libvirt converts `cpu_time`.
    public var inNanoseconds: UInt64 { value <= 0 ? 0 : UInt64((value * 1e9).rounded()) }

    public static let zero = Seconds(0)

    public static func < (lhs: Seconds, rhs: Seconds) -> Bool { lhs.value < rhs.value }
}

extension Seconds: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    public init(floatLiteral value: Double) { self.init(value) }
    public init(integerLiteral value: Int) { self.init(Double(value)) }
}

/// JSON: a plain number of seconds.
extension Seconds: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(Double.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
