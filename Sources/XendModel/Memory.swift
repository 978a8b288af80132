/// An amount of memory with its unit explicit at every boundary.
///
/// Stored in KiB, the unit libxl speaks (`max_memkb`, `target_memkb`); xend's S-expressions speak MiB
/// (`(memory 512)`, `op=mem_target_set&target=256`), the client API speaks bytes. Convert only through
/// the named constructors and properties, never through a bare integer.
public struct Memory: Hashable, Comparable, Sendable {
    /// The amount in kibibytes (1024 bytes).
    public var inKibibytes: UInt64

    /// The most MiB an amount may hold: its bytes still fit in 64 bits (16 EiB). Larger numbers in a
    /// request are not memory sizes; ``checkedMebibytes(_:)`` refuses them instead of overflowing.
    public static let largestMebibytes: UInt64 = UInt64.max >> 20

    /// An amount given in MiB, or `nil` above ``largestMebibytes`` (where `mebibytes` would overflow).
    public static func checkedMebibytes(_ value: UInt64) -> Memory? {
        value <= largestMebibytes ? .mebibytes(value) : nil
    }

    /// An amount given in KiB.
    public static func kibibytes(_ value: UInt64) -> Memory { Memory(inKibibytes: value) }

    /// An amount given in MiB.
    public static func mebibytes(_ value: UInt64) -> Memory { Memory(inKibibytes: value * 1024) }

    /// An amount given in bytes, rounded down to whole KiB.
    public static func bytes(_ value: UInt64) -> Memory { Memory(inKibibytes: value / 1024) }

    /// An amount given in pages of `pageSize` bytes (Xen's physinfo counts pages).
    public static func pages(_ count: UInt64, pageSize: UInt64 = 4096) -> Memory {
        Memory(inKibibytes: count * (pageSize / 1024))
    }

    /// No memory.
    public static let zero = Memory(inKibibytes: 0)

    /// The amount in whole MiB, rounded down as xend's `kib / 1024` does.
    public var inMebibytes: UInt64 { inKibibytes / 1024 }

    /// The amount in bytes.
    public var inBytes: UInt64 { inKibibytes * 1024 }

    public static func < (lhs: Memory, rhs: Memory) -> Bool { lhs.inKibibytes < rhs.inKibibytes }
    public static func + (lhs: Memory, rhs: Memory) -> Memory { Memory(inKibibytes: lhs.inKibibytes + rhs.inKibibytes) }

    /// The difference, or zero when `rhs` is larger (memory never goes negative).
    public static func - (lhs: Memory, rhs: Memory) -> Memory {
        Memory(inKibibytes: lhs.inKibibytes >= rhs.inKibibytes ? lhs.inKibibytes - rhs.inKibibytes : 0)
    }
}

extension Memory: CustomStringConvertible {
    public var description: String {
        inKibibytes % 1024 == 0 ? "\(inMebibytes) MiB" : "\(inKibibytes) KiB"
    }
}
