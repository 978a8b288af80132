/// `libxl_mac`: a six-byte Ethernet address, written `00:16:3e:01:02:03` as libxl does.
public struct MAC: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Exactly six bytes.
    public private(set) var bytes: [UInt8]

    /// The all-zero address, libxl's "none chosen" (it then generates one).
    public static let zero = MAC(bytes: [0, 0, 0, 0, 0, 0])

    /// - Parameter bytes: six bytes; missing ones are zero and extra ones are ignored.
    public init(bytes: [UInt8]) {
        self.bytes = Array((bytes + [0, 0, 0, 0, 0, 0]).prefix(6))
    }

    /// Parses `xx:xx:xx:xx:xx:xx`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard part.count == 2, let byte = UInt8(part, radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.bytes = bytes
    }

    public var description: String {
        bytes.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let mac = MAC(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a MAC address: \(text)")
        }
        self = mac
    }
}
