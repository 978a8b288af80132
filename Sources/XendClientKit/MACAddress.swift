/// An Ethernet address, as a network interface's `mac` field carries it (`00:16:3e:5a:01:02`).
public struct MACAddress: Hashable, Sendable, CustomStringConvertible {
    /// The six bytes, most significant first.
    public let bytes: [UInt8]

    /// An address from six bytes.
    /// - Returns: `nil` unless there are exactly six.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 6 else { return nil }
        self.bytes = bytes
    }

    /// Reads `aa:bb:cc:dd:ee:ff` (or with `-`), hex digits in either case.
    /// - Returns: `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        let groups = parts.count == 6 ? parts : text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.count == 6 else { return nil }
        var bytes: [UInt8] = []
        for group in groups {
            guard group.count == 2, let byte = UInt8(group, radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.bytes = bytes
    }

    /// The Xen vendor prefix 00:16:3e with three random bytes, as xend chose for interfaces without one.
    public static func randomXen() -> MACAddress {
        var generator = SystemRandomNumberGenerator()
        let tail = (0..<3).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return MACAddress(bytes: [0x00, 0x16, 0x3e, tail[0] & 0x7f] + tail[1...2])!
    }

    /// Lower-case colon form, as xend prints it.
    public var description: String {
        bytes.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}
