#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

// xend printed Python ints and floats with str(); these helpers give the same text.

extension SExpression {
    /// A decimal atom, as Python's `str(int)`: `512`, `-1`.
    public static func integer(_ value: some BinaryInteger) -> SExpression {
        .atom(String(value))
    }

    /// A float atom, as Python 2's `str(float)`: `1.0`, `0.1`, `1234.56789012`, `1357000000.12`, `1e+20`.
    ///
    /// xend printed floats without the atom test, so `1e+20` went out bare; as an atom it prints `'1e+20'`
    /// (the `+` fails the test). Only values of 1e11 and above have a `+`, and clients read both the same.
    public static func float(_ value: Double) -> SExpression {
        .atom(pythonString(of: value))
    }

    /// Python 2's `str(float)`: the value rounded to 12 significant digits, trailing zeros dropped,
    /// exponent form when the decimal exponent is below -4 or at least 11, and `.0` added to a fixed
    /// form that has no point.
    ///
    /// Note the 11: Python 2 asks for exponent form one digit earlier than C's `%.12g` whenever it adds
    /// `.0` (`str(1e11)` is `1e+11`, `'%.12g' % 1e11` is `100000000000`).
    static func pythonString(of value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let (negative, digits, exponent) = roundedDigits(of: value)
        let sign = negative ? "-" : ""
        if exponent < -4 || exponent >= 11 {
            var mantissa = String(digits.first!)
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let magnitude = String(abs(exponent))
            let padded = magnitude.count < 2 ? "0" + magnitude : magnitude
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + padded
        }
        if exponent < 0 {
            return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits
        }
        let integerDigits = exponent + 1
        if integerDigits >= digits.count {
            return sign + digits + String(repeating: "0", count: integerDigits - digits.count) + ".0"
        }
        return sign + digits.prefix(integerDigits) + "." + digits.dropFirst(integerDigits)
    }

    /// The value correctly rounded to 12 significant digits, as C's `%.11e` gives them (round half to even
    /// on the exact binary value, like Python's dtoa): the sign, the digits without trailing zeros, and the
    /// decimal exponent of the first digit.
    private static func roundedDigits(of value: Double) -> (negative: Bool, digits: String, exponent: Int) {
        var buffer = [CChar](repeating: 0, count: 40)
        let length = buffer.withUnsafeMutableBufferPointer { pointer in
            withVaList([value]) { vsnprintf(pointer.baseAddress, pointer.count, "%.11e", $0) }
        }
        // "-d.ddddddddddde+XXX": sign, 12 digits, exponent.
        let text = String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let negative = text.hasPrefix("-")
        let unsigned = negative ? text.dropFirst() : Substring(text)
        let parts = unsigned.split(separator: "e")
        var digits = String(parts[0].filter { $0 != "." })
        while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
        return (negative, digits, Int(parts[1])!)
    }
}
