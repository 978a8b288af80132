import SExpression

// Stand-ins until the `sexpr` branch lands `SExpression.integer(_:)` and `SExpression.float(_:)`.
extension SExpression {
    static func integer<T: BinaryInteger>(_ value: T) -> SExpression { .atom(String(value)) }
    static func float(_ value: Double) -> SExpression { .atom(String(value)) }
}
