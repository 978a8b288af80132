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
        // Every integer of every record read goes through here: the usual form, an optional sign and up to
        // 18 ASCII digits with nothing around them, is read from the bytes. It is the one form for which
        // `genericInt` trims nothing and reads the same value (the tests compare the two).
        if let plain = text.utf8.withContiguousStorageIfAvailable(plainDecimal), let value = plain { return value }
        return genericInt(text)
    }

    /// The value of `[+-]?[0-9]{1,18}`, or `nil` for any other bytes (which `genericInt` then reads).
    private static func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            index = 1
        }
        let count = bytes.count - index
        guard count >= 1, count <= 18 else { return nil }
        var magnitude = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            magnitude = magnitude * 10 + Int(digit)
            index += 1
        }
        return negative ? -magnitude : magnitude
    }

    /// ``int(_:)`` for any text, by characters: the reference the fast path must agree with.
    static func genericInt(_ text: String) -> Int? {
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
        // Text that neither starts nor ends with one of the six bytes cannot start or end with one of the
        // six characters (each is that one byte alone): nothing to trim.
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last, isWhitespaceByte(first) || isWhitespaceByte(last) else {
            return text
        }
        return genericTrimmed(text)
    }

    private static func isWhitespaceByte(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    private static let whitespace: Set<Character> = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}"]

    /// ``trimmed(_:)`` by characters: the reference the fast path must agree with.
    static func genericTrimmed(_ text: String) -> String {
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
