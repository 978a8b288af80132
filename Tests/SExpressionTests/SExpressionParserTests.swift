import SExpression
import Testing

@Suite("Parser: docs/protocol.md#parser")
struct SExpressionParserTests {
    @Test(
        "syntax rules",
        arguments: [
            // Whitespace: space, \t \n \v \f \r.
            ("a\tb\nc\u{0B}d\u{0C}e\rf g", ["a", "b", "c", "d", "e", "f", "g"]),
            ("(a (b c) ())", [["a", ["b", "c"], []]]),
            // Comments, also inside an unquoted atom.
            ("a#b", ["a"]),
            ("(a # comment ) still comment\n b)", [["a", "b"]]),
            ("# only a comment", []),
            // Both quote styles; the other quote is literal inside.
            (#"'say "hi"' "it's""#, [#"say "hi""#, "it's"]),
            ("'a b' ''", ["a b", ""]),
            // Adjacent strings are separate values.
            ("'a''b'", ["a", "b"]),
            (#"'a'"b"'c'"#, ["a", "b", "c"]),
            ("'a'b", ["a", "b"]),
            // Quotes inside an atom are literal.
            (#"ab"c"#, [#"ab"c"#]),
            ("ab'c d'", ["ab'c", "d'"]),
            // Separators end atoms and start their own.
            ("foo[bar]", ["foo", "[bar", "]"]),
            ("a{b}c<d>e;f", ["a", "{b", "}c", "<d", ">e", ";f"]),
            ("(a)(b)", [["a"], ["b"]]),
            ("a(b)c", ["a", ["b"], "c"]),
            // `!` stays inside an atom (later xend).
            ("w!", ["w!"]),
            ("(mode w!)", [["mode", "w!"]]),
            // Non-printable bytes inside an atom are kept; EOT at a token start ends the input.
            ("a\u{01}b", ["a\u{01}b"]),
            ("a\u{04}b", ["a\u{04}b"]),
            ("a \u{04} b c", ["a"]),
            ("'x\u{04}y'", ["x\u{04}y"]),
            // UTF-8 text in atoms and strings.
            ("café 'naïve €' (名前 値)", ["café", "naïve €", ["名前", "値"]]),
        ] as [(String, [SExpression])]
    )
    func syntax(input: String, expected: [SExpression]) throws {
        #expect(try SExpression.parseAll(input) == expected)
    }

    @Test(
        "string escapes",
        arguments: [
            (#"'\a\b\t\n\v\f\r'"#, "\u{07}\u{08}\t\n\u{0B}\u{0C}\r"),
            (#"'\\ \' \"'"#, #"\ ' ""#),
            (#""\'""#, "'"),
            (#"'\x41\x6a\x6A'"#, "Ajj"),
            (#"'\x4g'"#, "\u{04}g"),
            (#"'\xc3\xa9'"#, "é"),
            (#"'\101\0\7\08'"#, "A\u{0}\u{07}\u{0}8"),
            (#"'\303\251'"#, "é"),
            (#"'\1012'"#, "A2"),
            // xend's bug: an unknown escape leaves a lone backslash and drops the letter.
            (#"'\q'"#, #"\"#),
            (#"'a\zb'"#, #"a\b"#),
            (#"'\xzz'"#, #"\zz"#),
        ]
    )
    func escapes(input: String, expected: String) throws {
        #expect(try SExpression.parse(input) == .atom(expected))
    }

    @Test("parse returns the first value, parseAll every value")
    func firstValue() throws {
        #expect(try SExpression.parse("(a) (b)") == ["a"])
        #expect(try SExpression.parseAll("(a) (b)") == [["a"], ["b"]])
        #expect(try SExpression.parse("  x  ") == "x")
    }

    @Test("a later error still fails parse, as xend parsed the whole body")
    func laterErrorFails() {
        #expect(throws: SExpressionError.self) { try SExpression.parse("(a) )") }
    }

    @Test("byte collections parse like strings")
    func byteInputs() throws {
        let text = "(vm (name 'vm 1') (memory 512))"
        let expected: SExpression = ["vm", ["name", "vm 1"], ["memory", 512]]
        #expect(try SExpression.parse(Array(text.utf8)) == expected)
        #expect(try SExpression.parse(text.utf8) == expected)
        #expect(try SExpression.parse(Array(text.utf8)[...]) == expected)
        // A non-contiguous collection takes the copying path.
        #expect(try SExpression.parse(text.utf8.lazy.map { $0 }) == expected)
        #expect(try SExpression.parseAll(Array("a b".utf8)) == ["a", "b"])
    }

    @Test("#1: the daemon's `(ls  node domain vnet)''` reads as a list and an empty atom")
    func listingBody() throws {
        let values = try SExpression.parseAll("(ls  node domain vnet)''")
        #expect(values == [["ls", "node", "domain", "vnet"], ""])
        // The double space is the daemon writing "(ls " then " node"; the printer uses one.
        #expect(values[0].description == "(ls node domain vnet)")
    }

    @Test("#39: a bare message followed by '' reads as atoms")
    func notImplementedBody() throws {
        let values = try SExpression.parseAll("Operation not implemented: frobnicate''")
        #expect(values == ["Operation", "not", "implemented:", "frobnicate''"])
    }

    @Test("golden bodies: printing the parsed values gives the same bytes", arguments: GoldenBody.all)
    func goldenRoundTrip(body: GoldenBody) throws {
        let values = try SExpression.parseAll(body.text)
        #expect(!values.isEmpty)
        #expect(values.map(\.description).joined() == body.text)
    }

    @Test("vector #8: the domain record reads into the expected fields")
    func domainRecordFields() throws {
        let body = try #require(GoldenBody.all.first { $0.number == 8 })
        let values = try SExpression.parseAll(body.text)
        #expect(values.count == 2)
        #expect(values[1] == "")
        let record = values[0]
        #expect(record.head == "domain")
        #expect(record.string("name") == "vm1")
        #expect(record.string("bootloader") == "")
        #expect(record.string("start_time") == "1357000000.12")
        #expect(record.value("cpus") == [[]])
        #expect(record.children("device").count == 3)
        #expect(body.text.utf8.count == 1063)
    }

    @Test("#11: the detail listing is a list of records without their trailing ''")
    func detailListing() throws {
        let body = try #require(GoldenBody.all.first { $0.number == 8 })
        let recordText = String(body.text.dropLast(2))
        let listing = "(" + recordText + " " + recordText + ")"
        let parsed = try SExpression.parse(listing)
        #expect(parsed.listValue?.count == 2)
        #expect(parsed.listValue?.allSatisfy { $0.head == "domain" } == true)
        #expect(parsed.description == listing)
    }
}
