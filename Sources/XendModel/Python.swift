/// The few Python 2 behaviours whose exact output or leniency clients see: `repr()` of a string
/// and `int()` of a string.
enum Python {
    /// Python 2 `repr(str)` of the UTF-8 bytes of `text`: `'x'`, or `"it's"` when the text holds `'` and no `"`.
    /// Escapes `\\`, the delimiter, `\t \n \r`, and other bytes outside 0x20..0x7e as `\xhh`.
    static func repr(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let delimiter: UInt8 = (bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\""))) ? 0x22 : 0x27
        var out: [UInt8] = [delimiter]
        out.reserveCapacity(bytes.count + 2)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
            case delimiter: out += [0x5C, delimiter]
            case UInt8(ascii: "\t"): out += [0x5C, UInt8(ascii: "t")]
            case UInt8(ascii: "\n"): out += [0x5C, UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [0x5C, UInt8(ascii: "r")]
            case 0x20..<0x7F: out.append(byte)
            default:
                let digits = Array("0123456789abcdef".utf8)
                out += [0x5C, UInt8(ascii: "x"), digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
            }
        }
        out.append(delimiter)
        return String(decoding: out, as: UTF8.self)
    }

    /// Python 2 `int(text)` for base 10: surrounding whitespace allowed, optional sign, decimal digits.
    /// Returns `nil` where Python raises (and for values outside `Int`).
    static func int(_ text: String) -> Int? {
        var digits = Substring(trimmed(text))
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits.removeFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard let magnitude = Int(digits) else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// `text` without the leading and trailing whitespace Python's `str.strip()` removes.
    static func trimmed(_ text: String) -> String {
        let whitespace: Set<Character> = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}"]
        var slice = Substring(text)
        while let first = slice.first, whitespace.contains(first) { slice.removeFirst() }
        while let last = slice.last, whitespace.contains(last) { slice.removeLast() }
        return String(slice)
    }

    /// Python 2 `int(text)` or the error xend reports for it.
    static func intOrThrow(_ text: String) throws(XendError) -> Int {
        guard let value = int(text) else { throw .invalidInteger(text) }
        return value
    }
}
