import SExpression

/// The children of a form that the model has no property for, kept in their order so that nothing a
/// client sent is lost: they are printed back after the known fields and carried through JSON.
public struct ExtraFields: Hashable, Sendable {
    /// The unknown children, verbatim (usually `(key value)` lists, but bare atoms are kept too).
    public var elements: [SExpression]

    public init(_ elements: [SExpression] = []) { self.elements = elements }

    public var isEmpty: Bool { elements.isEmpty }

    /// The value of the first unknown `(key value)` child.
    public func value(_ key: String) -> SExpression? {
        SExpression.list([.atom("extra")] + elements).value(key)
    }

    /// Appends `(key value)`.
    public mutating func append(_ key: String, _ value: SExpression) {
        elements.append(.pair(key, value))
    }

    /// Removes every child whose head is one of `keys`.
    public mutating func remove(keys: Set<String>) {
        elements.removeAll { element in element.head.map(keys.contains) ?? false }
    }
}

extension ExtraFields: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: SExpression...) { self.init(elements) }
}

/// JSON: an array of S-expressions in their JSON form (an atom is a string, a list an array).
extension ExtraFields: Codable {
    public init(from decoder: any Decoder) throws {
        elements = try [SExpressionJSON](from: decoder).map(\.expression)
    }

    public func encode(to encoder: any Encoder) throws {
        try elements.map(SExpressionJSON.init).encode(to: encoder)
    }
}

/// The JSON form of any S-expression: an atom is a JSON string, a list a JSON array (numbers are read as atoms).
/// A wrapper rather than a conformance, because `SExpression` and `Codable` both belong to other modules.
public struct SExpressionJSON: Hashable, Sendable, Codable {
    public var expression: SExpression

    public init(_ expression: SExpression) { self.expression = expression }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            expression = .atom(text)
        } else if let number = try? container.decode(Int.self) {
            expression = .integer(number)  // hand-written JSON may give numbers; the wire has only text
        } else if let number = try? container.decode(Double.self) {
            expression = .float(number)
        } else {
            expression = .list(try container.decode([SExpressionJSON].self).map(\.expression))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch expression {
        case .atom(let text): try container.encode(text)
        case .list(let elements): try container.encode(elements.map(SExpressionJSON.init))
        }
    }
}
