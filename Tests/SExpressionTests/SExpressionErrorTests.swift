import SExpression
import Testing

@Suite("Parser errors: what and where")
struct SExpressionErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let input: String
        let kind: SExpressionError.Kind
        let line: Int
        let column: Int
        let message: String
        var testDescription: String { message }
    }

    static let cases: [Case] = [
        Case(input: "(vm (name vm3)", kind: .unexpectedEOF, line: 1, column: 15, message: "unexpected EOF at line 1, column 15"),
        Case(input: "(vm\n  (name 'vm3", kind: .unexpectedEOF, line: 2, column: 13, message: "unexpected EOF at line 2, column 13"),
        Case(input: "'abc\\", kind: .unexpectedEOF, line: 1, column: 6, message: "unexpected EOF at line 1, column 6"),
        Case(input: "(a \u{04} b)", kind: .unexpectedEOF, line: 1, column: 4, message: "unexpected EOF at line 1, column 4"),
        Case(input: "(a))", kind: .unexpectedCloseParen, line: 1, column: 4, message: "syntax error: ) at line 1, column 4"),
        Case(input: ")", kind: .unexpectedCloseParen, line: 1, column: 1, message: "syntax error: ) at line 1, column 1"),
        Case(input: "(a\n\n  b))", kind: .unexpectedCloseParen, line: 3, column: 5, message: "syntax error: ) at line 3, column 5"),
        Case(input: "(a \u{01})", kind: .invalidCharacter(1), line: 1, column: 4, message: "invalid character: code 1 at line 1, column 4"),
        Case(input: "é \u{7F}", kind: .invalidCharacter(127), line: 1, column: 3, message: "invalid character: code 127 at line 1, column 3"),
        Case(input: "\u{1B}[0m", kind: .invalidCharacter(27), line: 1, column: 1, message: "invalid character: code 27 at line 1, column 1"),
        Case(input: "'\\400'", kind: .invalidEscape, line: 1, column: 2, message: "invalid octal escape: out of range at line 1, column 2"),
        Case(input: "(a '\\xff')", kind: .invalidUTF8, line: 1, column: 4, message: "invalid UTF-8 at line 1, column 4"),
        Case(input: "", kind: .empty, line: 1, column: 1, message: "no S-expression in input at line 1, column 1"),
        Case(input: " # nothing\n ", kind: .empty, line: 2, column: 2, message: "no S-expression in input at line 2, column 2"),
    ]

    @Test("kind, line, column and message", arguments: cases)
    func errorPosition(testCase: Case) {
        #expect(throws: SExpressionError.self) { try SExpression.parse(testCase.input) }
        do {
            _ = try SExpression.parse(testCase.input)
        } catch {
            #expect(error.kind == testCase.kind)
            #expect(error.line == testCase.line)
            #expect(error.column == testCase.column)
            #expect(error.message == testCase.message)
            #expect(error.description == testCase.message)
        }
    }

    @Test("originalMessage is xend's bare text, for `Invalid configuration unexpected EOF`")
    func originalMessage() {
        let error = #expect(throws: SExpressionError.self) { try SExpression.parse("(vm (name vm3)") }
        #expect(error?.originalMessage == "unexpected EOF")
        #expect("Invalid configuration \(error?.originalMessage ?? "")" == "Invalid configuration unexpected EOF")
    }

    @Test("invalid UTF-8 in raw bytes points at the first bad byte")
    func invalidUTF8Bytes() {
        let bytes: [UInt8] = Array("(name ab".utf8) + [0xC3, 0x28] + Array(")".utf8)
        let error = #expect(throws: SExpressionError.self) { try SExpression.parse(bytes) }
        #expect(error?.kind == .invalidUTF8)
        #expect(error?.offset == 8)
        #expect(error?.column == 9)
        let inString: [UInt8] = Array("'ok".utf8) + [0xFF] + Array("'".utf8)
        let stringError = #expect(throws: SExpressionError.self) { try SExpression.parse(inString) }
        #expect(stringError?.kind == .invalidUTF8)
        #expect(stringError?.offset == 3)
    }

    @Test("columns count Unicode scalars, not bytes")
    func unicodeColumns() {
        let error = #expect(throws: SExpressionError.self) { try SExpression.parse("(名前 値))") }
        #expect(error?.kind == .unexpectedCloseParen)
        #expect(error?.column == 7)
        #expect(error?.offset == 12)
    }

    @Test("nesting deeper than maxDepth is refused where it starts")
    func depthLimit() throws {
        let parser = SExpressionParser(limits: .init(maxDepth: 3))
        #expect(try parser.parse("(((a)))") == [[["a"]]])
        let error = #expect(throws: SExpressionError.self) { try parser.parse("(((\n(a))))") }
        #expect(error?.kind == .tooDeep(limit: 3))
        #expect(error?.line == 2)
        #expect(error?.column == 1)
        #expect(error?.message == "lists nested deeper than 3 at line 2, column 1")
    }

    @Test("the default depth limit stops a million open parens without a crash")
    func defaultDepthLimit() {
        let hostile = String(repeating: "(", count: 1_000_000)
        let error = #expect(throws: SExpressionError.self) { try SExpression.parse(hostile) }
        #expect(error?.kind == .tooDeep(limit: 256))
        #expect(error?.offset == 256)
    }

    @Test("input longer than maxBytes is refused before parsing")
    func sizeLimit() throws {
        let parser = SExpressionParser(limits: .init(maxBytes: 8))
        #expect(try parser.parse("(a b c)") == ["a", "b", "c"])
        let error = #expect(throws: SExpressionError.self) { try parser.parse("(a b c d)") }
        #expect(error?.kind == .tooLarge(limit: 8))
        #expect(error?.offset == 8)
        let big = String(repeating: "a ", count: 600_000)
        let defaultError = #expect(throws: SExpressionError.self) { try SExpression.parseAll(big) }
        #expect(defaultError?.kind == .tooLarge(limit: 1 << 20))
    }
}
