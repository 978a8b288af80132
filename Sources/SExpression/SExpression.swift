/// A value of xend's S-expression language: an atom or a list.
///
/// The wire format has no numbers, booleans or symbols: `512`, `True` and `xend.err` are all atoms,
/// and `'512'` parses to the same atom as `512`. Consumers convert atoms to the types they need.
/// Atoms hold Unicode text; the parser rejects byte sequences that are not UTF-8.
public enum SExpression: Hashable, Sendable {
    /// A string value, printed bare when it is an atom by xend's rules and quoted otherwise.
    case atom(String)
    /// An ordered list of values, printed as `(a b c)`.
    case list([SExpression])
}

extension SExpression: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = .atom(value)
    }
}

extension SExpression: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: SExpression...) {
        self = .list(elements)
    }
}

extension SExpression: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) {
        self = .atom(String(value))
    }
}

extension SExpression {
    /// The atom's text, or `nil` for a list.
    public var atomValue: String? {
        if case .atom(let text) = self { return text }
        return nil
    }

    /// The list's elements, or `nil` for an atom.
    public var listValue: [SExpression]? {
        if case .list(let elements) = self { return elements }
        return nil
    }

    /// The first element of a list when it is an atom: the "tag" of `(vm ...)`, `(domain ...)`, `(vbd ...)`.
    public var head: String? {
        listValue?.first?.atomValue
    }

    /// The elements after the head of a list; empty for an atom or an empty list.
    public var tail: ArraySlice<SExpression> {
        guard let elements = listValue, !elements.isEmpty else { return [] }
        return elements.dropFirst()
    }

    /// The child lists of this list whose head is `key`, in order (`(device ...)` repeats, for example).
    public func children(_ key: String) -> [SExpression] {
        tail.filter { $0.head == key }
    }

    /// The first child list whose head is `key`, as xend's `sxp.child` does.
    public func child(_ key: String) -> SExpression? {
        tail.first { $0.head == key }
    }

    /// The value of the first `(key value)` child: `(vm (name x))`.value("name") is `x`.
    /// Returns `nil` when there is no such child or it has no value.
    public func value(_ key: String) -> SExpression? {
        guard let child = child(key), let elements = child.listValue, elements.count >= 2 else { return nil }
        return elements[1]
    }

    /// The atom text of the first `(key value)` child, or `nil` when absent or not an atom.
    public func string(_ key: String) -> String? {
        value(key)?.atomValue
    }

    /// Builds `(key value)`.
    public static func pair(_ key: String, _ value: SExpression) -> SExpression {
        .list([.atom(key), value])
    }
}
