/// `libxl_bitmap`: a set of CPU or node numbers, kept as its sorted set bits.
///
/// libxl sizes a bitmap's buffer itself (from the CPU count, or from the highest bit when reading
/// JSON), so only the set bits are part of the value; `withC` allocates the smallest buffer that holds them.
public struct Bitmap: Hashable, Sendable, Codable, ExpressibleByArrayLiteral {
    /// The set bits, ascending, without duplicates.
    public private(set) var indices: [Int]

    public init<S: Sequence<Int>>(_ indices: S) {
        self.indices = Array(Set(indices.filter { $0 >= 0 })).sorted()
    }

    public init(arrayLiteral elements: Int...) { self.init(elements) }

    public init() { indices = [] }

    public var isEmpty: Bool { indices.isEmpty }

    public func contains(_ index: Int) -> Bool { indices.contains(index) }

    public mutating func insert(_ index: Int) { self = Bitmap(indices + [index]) }

    /// libxl's JSON form: the set bits as an array of numbers.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(indices)
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([Int].self))
    }
}
