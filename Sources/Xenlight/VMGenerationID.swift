/// `libxl_ms_vm_genid`: the 16-byte Microsoft VM generation ID an HVM guest sees.
public struct VMGenerationID: Hashable, Sendable, Codable {
    /// Exactly sixteen bytes; all zero means "none".
    public private(set) var bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = Array((bytes + Array(repeating: 0, count: 16)).prefix(16))
    }

    public var isZero: Bool { bytes.allSatisfy { $0 == 0 } }

    /// libxl's JSON form: sixteen numbers.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(bytes)
    }

    public init(from decoder: any Decoder) throws {
        self.init(bytes: try decoder.singleValueContainer().decode([UInt8].self))
    }
}
