import SExpression
import Testing

@Suite("Printer: docs/protocol.md#printer")
struct SExpressionPrintingTests {
    @Test(
        "bare atoms by xend's atom test",
        arguments: [
            "phy:/dev/sda1", "00:16:3e:12:34:56", "-b----", "/boot/vmlinuz", "xvda:disk", "1.5", "@", "vm1", "x",
            "Domain-0", "~user", "a_b", "0", "-1", "1e+20",
        ]
    )
    func bareAtom(text: String) {
        let expected = text == "1e+20" ? "'1e+20'" : text
        #expect(SExpression.atom(text).description == expected)
        #expect(SExpression.isBareAtom(text) == (text != "1e+20"))
    }

    @Test(
        "quoted atoms as Python 2 repr()",
        arguments: [
            ("a b", "'a b'"), ("it's", #""it's""#), (#"say "hi""#, #"'say "hi"'"#),
            (#"both ' and ""#, #"'both \' and "'"#), ("tab\there", #"'tab\there'"#), ("nl\nx", #"'nl\nx'"#),
            (#"back\slash"#, #"'back\\slash'"#), ("w!", "'w!'"), ("café", #"'caf\xc3\xa9'"#), ("", "''"),
            ("a=b", "'a=b'"), ("x,y", "'x,y'"), ("#c", "'#c'"), ("@@", "'@@'"), ("cr\r", #"'cr\r'"#),
            ("\u{0}\u{1}\u{1B}\u{7F}", #"'\x00\x01\x1b\x7f'"#), ("€", #"'\xe2\x82\xac'"#),
            ("'", #""'""#), (#"""#, #"'"'"#), (#"\'"#, #""\\'""#), ("(x)", "'(x)'"),
        ]
    )
    func quotedAtom(text: String, expected: String) {
        #expect(SExpression.atom(text).description == expected)
    }

    @Test("repr() matches Python 2.7 for generated strings", arguments: python2ReprVectors)
    func matchesPython2Repr(utf8: [UInt8], repr: String) throws {
        let text = String(decoding: utf8, as: UTF8.self)
        let printed = SExpression.atom(text).description
        if SExpression.isBareAtom(text) {
            #expect(printed == text)
        } else {
            #expect(printed == repr)
        }
    }

    @Test(
        "lists use one space and no newline",
        arguments: [
            (SExpression.list([]), "()"),
            (["a"], "(a)"),
            (["a", "b c", ["d", []]], "(a 'b c' (d ()))"),
            ([[[]]], "((()))"),
            (["cpus", [[]]], "(cpus (()))"),
            (["xend.err", "Cannot pause privileged domain 0"], "(xend.err 'Cannot pause privileged domain 0')"),
        ] as [(SExpression, String)]
    )
    func lists(value: SExpression, expected: String) {
        #expect(value.description == expected)
    }

    @Test("write(into:) appends to what the buffer holds")
    func writeAppends() {
        var buffer = Array("x ".utf8)
        SExpression.list(["a", ""]).write(into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "x (a '')")
    }

    @Test("printing a very deep list does not recurse")
    func deepList() {
        var value = SExpression.list([])
        for _ in 0..<10_000 { value = .list([value]) }
        let printed = value.description
        #expect(printed.utf8.count == 2 * 10_001)
        #expect(printed.hasPrefix("((((") && printed.hasSuffix("))))"))
        // Tear the value down iteratively too: Swift releases nested enums recursively.
        while case .list(let elements) = value, let inner = elements.first { value = inner }
    }
}
