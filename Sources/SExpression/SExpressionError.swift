/// Why and where parsing an S-expression failed.
///
/// `message` reads like xend's own parser error followed by the position, for example
/// `unexpected EOF at line 1, column 15`. `originalMessage` is xend's bare text (`unexpected EOF`), which
/// the daemon needs verbatim: xend answered a bad `op=create` with `Invalid configuration unexpected EOF`.
public struct SExpressionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Hashable, Sendable {
        /// The input ended inside a list or a string (xend: `unexpected EOF`).
        case unexpectedEOF
        /// A `)` with no open list (xend: `syntax error: )`).
        case unexpectedCloseParen
        /// A byte that cannot start a token, such as a control character (xend: `invalid character: code N`).
        case invalidCharacter(UInt8)
        /// An octal escape above `\377` (xend: `invalid octal escape: out of range`).
        case invalidEscape
        /// An atom or string whose bytes, after escapes, are not UTF-8.
        case invalidUTF8
        /// Lists nested deeper than `SExpressionParser.Limits.maxDepth`.
        case tooDeep(limit: Int)
        /// Input longer than `SExpressionParser.Limits.maxBytes`.
        case tooLarge(limit: Int)
        /// The input holds no value at all (only whitespace and comments); `SExpression.parse` needs one.
        case empty
    }

    /// What went wrong.
    public let kind: Kind
    /// 1-based line of the offending byte (or of the end of input).
    public let line: Int
    /// 1-based column, counted in Unicode scalars from the start of the line.
    public let column: Int
    /// 0-based byte offset of the offending byte in the input.
    public let offset: Int

    public init(kind: Kind, line: Int, column: Int, offset: Int) {
        self.kind = kind
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The text xend's parser used for this error, without a position (`unexpected EOF`).
    ///
    /// Kinds xend had no text for get a short description in the same style. For `.empty` xend's parser
    /// succeeded with no value and the caller then failed with `list index out of range`, which is what a
    /// compatible daemon should report (`Configuration error list index out of range`).
    public var originalMessage: String {
        switch kind {
        case .unexpectedEOF: "unexpected EOF"
        case .unexpectedCloseParen: "syntax error: )"
        case .invalidCharacter(let code): "invalid character: code \(code)"
        case .invalidEscape: "invalid octal escape: out of range"
        case .invalidUTF8: "invalid UTF-8"
        case .tooDeep(let limit): "lists nested deeper than \(limit)"
        case .tooLarge(let limit): "input larger than \(limit) bytes"
        case .empty: "no S-expression in input"
        }
    }

    /// `originalMessage` followed by the position: `unexpected EOF at line 1, column 15`.
    public var message: String {
        "\(originalMessage) at line \(line), column \(column)"
    }

    public var description: String { message }
}

extension SExpressionError {
    /// Builds an error for the byte at `offset`, working out its line and column (only on the error path).
    static func at(_ offset: Int, in bytes: UnsafeBufferPointer<UInt8>, _ kind: Kind) -> SExpressionError {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Continuation bytes belong to the scalar already counted.
                column += 1
            }
        }
        return SExpressionError(kind: kind, line: line, column: column, offset: offset)
    }
}
