/// A header value of the form `main/value; name=value; name="quoted value"`, split as Python 2's
/// `cgi.parse_header` does: the main value is kept as sent, parameter names are lower-cased, and
/// one level of double quotes is removed (with `\\` and `\"` unescaped).
public struct HeaderParameters: Sendable, Hashable {
    /// The part before the first `;`, trimmed (`multipart/form-data`, `form-data`).
    public var value: String
    /// The parameters by lower-cased name (`boundary`, `name`).
    public var parameters: [String: String]

    /// Parses a header value such as `multipart/form-data; boundary=XyZ`.
    public init(parsing line: String) {
        let pieces = Self.splitOnUnquotedSemicolons(line)
        value = pieces.first.map(Self.trimmed) ?? ""
        parameters = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = Self.trimmed(piece[..<equals]).lowercased()
            var value = Self.trimmed(piece[piece.index(after: equals)...])
            if value.count >= 2, value.first == "\"", value.last == "\"" {
                value = String(value.dropFirst().dropLast())
                value = value.replacing("\\\\", with: "\\").replacing("\\\"", with: "\"")
            }
            parameters[name] = value
        }
    }

    /// Splits on `;` that are outside double quotes (an escaped `\"` does not open or close quotes).
    private static func splitOnUnquotedSemicolons(_ line: String) -> [Substring] {
        var pieces: [Substring] = []
        var start = line.startIndex
        var inQuotes = false
        var previous: Character? = nil
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character == "\"" && previous != "\\" {
                inQuotes.toggle()
            } else if character == ";" && !inQuotes {
                pieces.append(line[start..<index])
                start = line.index(after: index)
            }
            previous = character
            index = line.index(after: index)
        }
        pieces.append(line[start...])
        return pieces
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
