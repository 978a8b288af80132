/// A domain name as xend accepts it: one or more of `A-Z a-z 0-9 _ . : + -`.
public struct DomainName: Hashable, Comparable, Sendable {
    /// The name's text.
    public let rawValue: String

    /// A validated name.
    /// - Throws: `Missing VM Name` for an empty text, `Invalid VM Name` for any other character.
    public init(_ text: String) throws(XendError) {
        guard !text.isEmpty else { throw .missingName }
        guard DomainName.isValid(text) else { throw .invalidName }
        self.rawValue = text
    }

    /// A name known to be valid (placeholders inside the model).
    init(unchecked text: String) { rawValue = text }

    /// A validated name, or `nil`.
    public init?(validating text: String) {
        guard let name = try? DomainName(text) else { return nil }
        self = name
    }

    /// Whether `text` is a valid domain name.
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                case UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                    true
                default: false
                }
            }
    }

    /// Python string order, which is byte order: how xend sorts `GET /xend/domain`.
    ///
    /// Compared on the UTF-8 in place: `lexicographicallyPrecedes` over the UTF-8 views, which walks them
    /// through their iterators, was most of the cost of listing a thousand names.
    public static func < (lhs: DomainName, rhs: DomainName) -> Bool {
        let inPlace = lhs.rawValue.utf8.withContiguousStorageIfAvailable { left in
            rhs.rawValue.utf8.withContiguousStorageIfAvailable { right in
                for index in 0..<min(left.count, right.count) where left[index] != right[index] {
                    return left[index] < right[index]
                }
                return left.count < right.count
            }
        }
        if let inPlace, let precedes = inPlace { return precedes }
        return lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }
}

extension DomainName: CustomStringConvertible {
    public var description: String { rawValue }
}

/// JSON: a string, validated on decoding.
extension DomainName: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let name = DomainName(validating: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Invalid VM Name: \(text)")
        }
        self = name
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
