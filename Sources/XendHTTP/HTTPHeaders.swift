/// HTTP header fields in the order they were received or added, with case-insensitive lookup.
///
/// Names keep the spelling they were given: a response built with `Content-type` is sent as
/// `Content-type`, the way the original xend capitalised its headers.
public struct HTTPHeaders: Sendable, Hashable, Sequence {
    /// One header line.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The fields, in order.
    public private(set) var fields: [Field] {
        didSet { nameLengths = Self.nameLengths(of: fields) }
    }

    /// A bit for each name length present (modulo 64): most names looked up are absent (a `GET` has no
    /// `Content-Type`, no `Origin`), and the engine looks up some ten per request, so a lookup whose
    /// length no field has answers without walking the fields. Case does not change a name's length.
    private var nameLengths: UInt64

    private static func lengthBit(_ name: String) -> UInt64 { 1 << UInt64(name.utf8.count & 63) }

    private static func nameLengths(of fields: [Field]) -> UInt64 {
        fields.reduce(0) { $0 | lengthBit($1.name) }
    }

    /// Whether some field's name has `name`'s length.
    private func mayContain(_ name: String) -> Bool { nameLengths & Self.lengthBit(name) != 0 }

    /// Creates headers from `(name, value)` pairs, kept in order.
    public init(_ pairs: [(String, String)] = []) {
        self.init(fields: pairs.map { Field(name: $0.0, value: $0.1) })
    }

    /// The value of the first field called `name` (any case), or `nil`.
    public subscript(name: String) -> String? {
        first(name)
    }

    /// The value of the first field called `name`, compared case-insensitively.
    public func first(_ name: String) -> String? {
        guard mayContain(name) else { return nil }
        for field in fields where Self.sameName(field.name, name) { return field.value }
        return nil
    }

    /// The values of every field called `name`, in order.
    public func all(_ name: String) -> [String] {
        guard mayContain(name) else { return [] }
        return fields.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    /// Whether a field called `name` is present.
    public func contains(_ name: String) -> Bool {
        mayContain(name) && fields.contains { Self.sameName($0.name, name) }
    }

    /// Appends a field, keeping any earlier field of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field called `name` (any case) with one field, placed where the first one was.
    public mutating func set(_ name: String, _ value: String) {
        if let index = fields.firstIndex(where: { Self.sameName($0.name, name) }) {
            fields[index] = Field(name: name, value: value)
            var seen = false
            fields.removeAll { field in
                guard Self.sameName(field.name, name) else { return false }
                defer { seen = true }
                return seen
            }
        } else {
            add(name, value)
        }
    }

    /// Removes every field called `name` (any case).
    public mutating func remove(_ name: String) {
        fields.removeAll { Self.sameName($0.name, name) }
    }

    /// The number of fields.
    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }

    /// Creates headers from fields, kept in order.
    init(fields: [Field]) {
        self.fields = fields
        nameLengths = Self.nameLengths(of: fields)
    }

    /// Header names are ASCII tokens; compares them byte by byte without regard to ASCII case
    /// (this runs some twenty times per request, so it allocates nothing). Most names compared differ in
    /// length (`Content-Type` against `Content-Length`), which is checked inline, without a call; clients
    /// send the usual spelling, so equal strings are checked before the byte loop.
    @inline(__always)
    static func sameName(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && (a == b || equalIgnoringCase(a, b))
    }

    /// Whether `a` and `b` have the same bytes but for ASCII case.
    private static func equalIgnoringCase(_ a: String, _ b: String) -> Bool {
        var left = a.utf8.makeIterator()
        var right = b.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case (let x?, let y?) where ASCIIBytes.lowercased(x) == ASCIIBytes.lowercased(y):
                continue
            default: return false
            }
        }
    }
}

extension HTTPHeaders: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }
}
