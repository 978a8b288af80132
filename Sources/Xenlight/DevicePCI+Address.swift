/// The textual PCI address (`DDDD:BB:DD.F`, as sysfs and `xl pci-attach` write it) of a `DevicePCI`.
extension DevicePCI {
    /// A device at `address`: `DDDD:BB:DD.F` or, in PCI segment 0, `BB:DD.F` (hexadecimal; device 0-1f,
    /// function 0-7). Nil when the text is not such an address.
    public init?(address: String) {
        let parts = address.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        let slot = parts[parts.count - 1].split(separator: ".", omittingEmptySubsequences: false)
        guard slot.count == 2,
            let segment = parts.count == 3 ? Self.hex(parts[0], digits: 4) : 0,
            let bus = Self.hex(parts[parts.count - 2], digits: 2),
            let device = Self.hex(slot[0], digits: 2), device < 0x20,
            let function = Self.hex(slot[1], digits: 1), function < 8
        else { return nil }
        self.init()
        self.domain = Int32(segment)
        self.bus = UInt8(bus)
        self.dev = UInt8(device)
        self.`func` = UInt8(function)
    }

    /// `DDDD:BB:DD.F`, lower-case hexadecimal.
    public var address: String {
        "\(Self.padded(Int(domain), 4)):\(Self.padded(Int(bus), 2)):\(Self.padded(Int(dev), 2)).\(String(self.`func`, radix: 16))"
    }

    private static func hex(_ text: Substring, digits: Int) -> Int? {
        guard !text.isEmpty, text.count <= digits, text.allSatisfy(\.isHexDigit) else { return nil }
        return Int(text, radix: 16)
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
