/// A header value of the form `main/value; name=value; name="quoted value"`, split as Python 2's
/// `cgi.parse_header` does: the main value is kept as sent, parameter names are lower-cased, and
/// one level of double quotes is removed (with `\\` and `\"` unescaped).
///
/// Works on UTF-8 bytes: libvirt sends a Content-Type on every request, so this runs on every one.
public struct HeaderParameters: Sendable, Hashable {
    /// The part before the first `;`, trimmed (`multipart/form-data`, `form-data`).
    public var value: String
    /// The parameters by lower-cased name (`boundary`, `name`).
    public var parameters: [String: String]

    /// Parses a header value such as `multipart/form-data; boundary=XyZ`.
    public init(parsing line: String) {
        let pieces = Self.splitOnUnquotedSemicolons(Array(line.utf8))
        value = Self.string(Self.trimmed(pieces[0]))
        parameters = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = Self.string(Self.trimmed(piece[..<equals])).lowercased()
            var value = Self.trimmed(piece[(equals + 1)...])
            if value.count >= 2, value.first == UInt8(ascii: "\""), value.last == UInt8(ascii: "\"") {
                value = Self.unescaped(value.dropFirst().dropLast())
            }
            parameters[name] = Self.string(value)
        }
    }

    /// Splits on `;` outside double quotes (an escaped `\"` neither opens nor closes quotes).
    private static func splitOnUnquotedSemicolons(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        var inQuotes = false
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "\"") where index == 0 || bytes[index - 1] != UInt8(ascii: "\\"):
                inQuotes.toggle()
            case .semicolon where !inQuotes:
                pieces.append(bytes[start..<index])
                start = index + 1
            default:
                break
            }
        }
        pieces.append(bytes[start...])
        return pieces
    }

    /// Python's `.replace('\\\\', '\\').replace('\\"', '"')`, applied in that order.
    private static func unescaped(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let backslash = UInt8(ascii: "\\")
        var once: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == backslash, index + 1 < bytes.endIndex, bytes[index + 1] == backslash {
                once.append(backslash)
                index += 2
            } else {
                once.append(bytes[index])
                index += 1
            }
        }
        var twice: [UInt8] = []
        index = 0
        while index < once.count {
            if once[index] == backslash, index + 1 < once.count, once[index + 1] == UInt8(ascii: "\"") {
                twice.append(UInt8(ascii: "\""))
                index += 2
            } else {
                twice.append(once[index])
                index += 1
            }
        }
        return twice[...]
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == .space || (0x09...0x0D).contains($0) }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
            let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return [] }
        return bytes[first...last]
    }

    private static func string(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
