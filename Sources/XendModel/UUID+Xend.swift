public import FoundationEssentials

extension UUID {
    /// The UUID as xend prints it: lower-case with dashes (`6e5a2f0c-1d2b-4c3d-8e9f-0a1b2c3d4e5f`).
    public var xendString: String { uuidString.lowercased() }

    /// Reads a UUID with or without dashes, in either case, as libvirt accepts them (32 hex digits).
    public init?(xendString text: String) {
        let hex = text.filter { $0 != "-" }
        guard hex.count == 32, hex.allSatisfy(\.isHexDigit) else { return nil }
        var dashed = ""
        for (index, character) in hex.enumerated() {
            if [8, 12, 16, 20].contains(index) { dashed.append("-") }
            dashed.append(character)
        }
        self.init(uuidString: dashed)
    }

    /// The all-zero UUID of Domain-0.
    public static let zero = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
}
