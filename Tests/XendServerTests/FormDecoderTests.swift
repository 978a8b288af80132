import Testing

@testable import XendHTTP
@testable import XendServer

@Suite("Form decoding with Python 2 cgi.parse_qs rules")
struct FormDecoderTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let input: String
        let keepBlankValues: Bool
        let expected: FormParameters
        var testDescription: String { "\(input) keep=\(keepBlankValues)" }
    }

    // Expected values are what Python 2.7 `cgi.parse_qs(input, keep_blank_values)` returns.
    static let vectors: [Vector] = [
        Vector(input: "op=pause", keepBlankValues: false, expected: ["op": ["pause"]]),
        Vector(input: "a=1&b=2;c=3", keepBlankValues: false, expected: ["a": ["1"], "b": ["2"], "c": ["3"]]),
        Vector(input: "a=1;a=2&a=3", keepBlankValues: false, expected: ["a": ["1", "2", "3"]]),
        Vector(input: "args=console%3Dtty0+ro", keepBlankValues: false, expected: ["args": ["console=tty0 ro"]]),
        Vector(input: "x=a+b%2Bc", keepBlankValues: false, expected: ["x": ["a b+c"]]),
        Vector(input: "empty=&flag&v=1", keepBlankValues: false, expected: ["v": ["1"]]),
        Vector(input: "empty=&flag&v=1", keepBlankValues: true, expected: ["empty": [""], "flag": [""], "v": ["1"]]),
        Vector(input: "&&;;", keepBlankValues: true, expected: [:]),
        Vector(input: "=v", keepBlankValues: false, expected: ["": ["v"]]),
        Vector(input: "a=b=c", keepBlankValues: false, expected: ["a": ["b=c"]]),
        Vector(input: "bad=%zz%4&pct=100%", keepBlankValues: false, expected: ["bad": ["%zz%4"], "pct": ["100%"]]),
        Vector(input: "k%41y=%41%62", keepBlankValues: false, expected: ["kAy": ["Ab"]]),
        Vector(input: "name=caf%C3%A9", keepBlankValues: false, expected: ["name": ["café"]]),
        // libvirt sends configurations unescaped: parentheses, quotes, slashes and colons pass through.
        Vector(
            input:
                "op=create&config=(vm (name 'x') (image (linux (kernel /boot/vmlinuz))) (device (vbd (uname phy:/dev/vg0/x))))",
            keepBlankValues: true,
            expected: [
                "op": ["create"],
                "config": [
                    "(vm (name 'x') (image (linux (kernel /boot/vmlinuz))) (device (vbd (uname phy:/dev/vg0/x))))"
                ],
            ]),
        // The original's corruptions, kept for compatibility: `;` splits, `+` becomes a space.
        Vector(
            input: "config=(vm (args 'console=tty0;quiet a+b'))", keepBlankValues: true,
            expected: ["config": ["(vm (args 'console=tty0"], "quiet a b'))": [""]]),
    ]

    @Test("decodes like parse_qs", arguments: vectors)
    func decodes(vector: Vector) throws {
        #expect(
            try FormDecoder.decode(Array(vector.input.utf8), keepBlankValues: vector.keepBlankValues) == vector.expected
        )
    }

    @Test("rejects %-escapes that decode to invalid UTF-8")
    func invalidUTF8() {
        #expect(throws: FormDecodingError.invalidUTF8(in: "value of parameter name")) {
            try FormDecoder.decode(Array("name=%FF%FE".utf8), keepBlankValues: false)
        }
        #expect(throws: FormDecodingError.invalidUTF8(in: "parameter name")) {
            try FormDecoder.decode(Array("%C3=x".utf8), keepBlankValues: false)
        }
    }

    @Test(
        "splits paths after the leading slash and %-decodes segments",
        arguments: [
            ("/xend/domain/", ["xend", "domain", ""]),
            ("/xend/domain//", ["xend", "domain", "", ""]),
            ("/xend", ["xend"]),
            ("/", [""]),
            ("/xend/domain/vm%201", ["xend", "domain", "vm 1"]),
            ("/xend/domain/a+b", ["xend", "domain", "a+b"]),
            ("/xend/domain/a%2Fb", ["xend", "domain", "a/b"]),
            // A combining mark after the slash (one Character with it): still a leading slash (fuzz finding).
            ("/\u{301}xend/x", ["\u{301}xend", "x"]),
            ("", [""]),
            ("xend/node", ["xend", "node"]),
        ])
    func pathSegments(path: String, expected: [String]) throws {
        #expect(try FormDecoder.pathSegments(path) == expected)
    }

    @Test("the fast path for paths without % splits exactly like the byte-wise general rule")
    func plainPathsMatchByteSplit() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [String] = ["/", "/", "a", "x", "é", "\u{301}", "日", "+", " ", ";"]
        for _ in 0..<500 {
            let length = Int.random(in: 0...12, using: &generator)
            let path = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            var bytes = Substring(path).utf8
            if bytes.first == UInt8(ascii: "/") { bytes = bytes.dropFirst() }
            let expected = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
                .map { String(Substring($0)) }
            #expect(FormDecoder.plainPathSegments(path) == expected, "path \(path.debugDescription)")
            #expect(try FormDecoder.pathSegments(path) == expected, "path \(path.debugDescription)")
        }
        #expect(FormDecoder.plainPathSegments("/xend/domain/vm%201") == nil)
    }

    @Test("unquote keeps invalid escapes literally, as urllib.unquote does")
    func unquote() {
        #expect(FormDecoder.unquote(Array("%41%4".utf8), plusAsSpace: false) == Array("A%4".utf8))
        #expect(FormDecoder.unquote(Array("%%41".utf8), plusAsSpace: false) == Array("%A".utf8))
        #expect(FormDecoder.unquote(Array("a+b".utf8), plusAsSpace: false) == Array("a+b".utf8))
        #expect(FormDecoder.unquote(Array("a+b".utf8), plusAsSpace: true) == Array("a b".utf8))
    }
}
