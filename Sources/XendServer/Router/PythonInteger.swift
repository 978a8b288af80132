import XendModel

/// Python 2's `int(text)` in base 10, the coercion of xend's `int` parameters: surrounding whitespace,
/// an optional sign, then decimal digits (`' 3'`, `'+3'`, `'-1'` work; `'0x10'`, `'1.5'`, `''` do not).
enum PythonInteger {
    static let whitespace: Set<Character> = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}"]

    /// The value, or `nil` where Python raises (and for values beyond `Int`).
    static func parse(_ text: String) -> Int? {
        var digits = Substring(text)
        while let first = digits.first, whitespace.contains(first) { digits.removeFirst() }
        while let last = digits.last, whitespace.contains(last) { digits.removeLast() }
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits.removeFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let magnitude = Int(digits) else {
            return nil
        }
        return negative ? -magnitude : magnitude
    }

    /// The value, or xend's error `invalid literal for int() with base 10: '<text>'`.
    static func coerce(_ text: String) throws(XendError) -> Int {
        guard let value = parse(text) else { throw .invalidInteger(text) }
        return value
    }
}
