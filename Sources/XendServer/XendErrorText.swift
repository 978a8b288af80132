/// Prints one string the way xend's S-expression printer does (xend-protocol.md §5.2 rules 4-5),
/// so the engine's own errors read `(xend.err 'authentication required')` exactly like the
/// original's. The router renders its bodies with the SExpression printer; this covers only the
/// engine's few fixed messages and must agree with it.
enum XendErrorText {
    static func printed(_ text: String) -> String {
        isAtom(text) ? text : quoted(text)
    }

    /// Non-empty and made only of ASCII letters, digits and `. - _ : / ~`, or exactly `@`.
    static func isAtom(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        if text == "@" { return true }
        return text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            default:
                ".-_:/~".utf8.contains(byte)
            }
        }
    }

    /// Python 2 `repr(str)`: single quotes unless the text has `'` and no `"`; `\xhh` for other bytes.
    static func quoted(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let delimiter: UInt8 =
            bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\""))
            ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        var output: [UInt8] = [delimiter]
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): output += Array("\\\\".utf8)
            case delimiter: output += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\t"): output += Array("\\t".utf8)
            case UInt8(ascii: "\n"): output += Array("\\n".utf8)
            case UInt8(ascii: "\r"): output += Array("\\r".utf8)
            case 0x20..<0x7F: output.append(byte)
            default:
                let hex = Array("0123456789abcdef".utf8)
                output += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        output.append(delimiter)
        return String(decoding: output, as: UTF8.self)
    }
}
