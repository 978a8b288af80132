import Testing

@testable import XendHTTP
@testable import XendServer

@Suite("multipart/form-data decoding like cgi.parse_multipart")
struct MultipartFormDecoderTests {
    @Test("vector #30: op and config from xm's multipart form")
    func vector30() throws {
        let body =
            "--XyZ\r\nContent-Disposition: form-data; name=\"op\"\r\n\r\ncreate\r\n--XyZ\r\nContent-Disposition: form-data; name=\"config\"\r\n\r\n(vm (name vm5) (memory 64))\r\n--XyZ--\r\n"
        let decoded = try MultipartFormDecoder.decode(Array(body.utf8), boundary: "XyZ")
        #expect(decoded == ["op": ["create"], "config": ["(vm (name vm5) (memory 64))"]])
    }

    @Test("only the final line ending of a value is removed; inner CRLFs stay")
    func lineEndings() throws {
        let body = "--b\r\nContent-Disposition: form-data; name=\"config\"\r\n\r\n(vm\r\n (name x))\r\n\r\n--b--\r\n"
        let decoded = try MultipartFormDecoder.decode(Array(body.utf8), boundary: "b")
        #expect(decoded == ["config": ["(vm\r\n (name x))\r\n"]])
    }

    @Test("bare LF line endings, a preamble, repeated names and a missing closing boundary")
    func lenientInput() throws {
        let body =
            "preamble text\n--b\nContent-Disposition: form-data; name=a\n\n1\n--b\ncontent-disposition: form-data; name=\"a\"\n\n2\n--b\nContent-Disposition: form-data; name=\"c\"\n\nlast"
        let decoded = try MultipartFormDecoder.decode(Array(body.utf8), boundary: "b")
        #expect(decoded == ["a": ["1", "2"], "c": ["last"]])
    }

    @Test("parts without form-data disposition or without a name are skipped")
    func skippedParts() throws {
        let body =
            "--b\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\n1\r\n--b\r\nContent-Disposition: form-data\r\n\r\n2\r\n--b\r\nX-Other: y\r\n\r\n3\r\n--b\r\nContent-Disposition: form-data; name=\"ok\"\r\n\r\n4\r\n--b--\r\n"
        #expect(try MultipartFormDecoder.decode(Array(body.utf8), boundary: "b") == ["ok": ["4"]])
    }

    @Test("empty values and a quoted name with an escaped quote")
    func quoting() throws {
        let body = "--b\r\nContent-Disposition: form-data; name=\"we\\\"ird; name\"\r\n\r\n\r\n--b--\r\n"
        #expect(try MultipartFormDecoder.decode(Array(body.utf8), boundary: "b") == ["we\"ird; name": [""]])
    }

    @Test(
        "boundaries Python rejects", arguments: ["", "ends in space ", String(repeating: "x", count: 202), "tab\there"])
    func invalidBoundary(boundary: String) {
        #expect(throws: FormDecodingError.invalidBoundary) {
            try MultipartFormDecoder.decode(Array("--x--\r\n".utf8), boundary: boundary)
        }
    }

    @Test("a value that is not UTF-8 is an error")
    func invalidUTF8() {
        var body = Array("--b\r\nContent-Disposition: form-data; name=\"v\"\r\n\r\n".utf8)
        body += [0xFF, 0xFE]
        body += Array("\r\n--b--\r\n".utf8)
        #expect(throws: FormDecodingError.invalidUTF8(in: "value of parameter v")) {
            try MultipartFormDecoder.decode(body, boundary: "b")
        }
    }
}

@Suite("HeaderParameters like cgi.parse_header")
struct HeaderParametersTests {
    @Test(
        "main value and parameters",
        arguments: [
            ("application/x-www-form-urlencoded", "application/x-www-form-urlencoded", [:]),
            (" multipart/form-data ; Boundary=XyZ", "multipart/form-data", ["boundary": "XyZ"]),
            ("form-data; name=\"a;b\"; filename=\"c.sxp\"", "form-data", ["name": "a;b", "filename": "c.sxp"]),
            ("form-data; name=\"back\\\\slash \\\"q\\\"\"", "form-data", ["name": "back\\slash \"q\""]),
            ("form-data; novalue; x=", "form-data", ["x": ""]),
            ("", "", [:]),
        ] as [(String, String, [String: String])])
    func parse(line: String, value: String, parameters: [String: String]) {
        let parsed = HeaderParameters(parsing: line)
        #expect(parsed.value == value)
        #expect(parsed.parameters == parameters)
    }
}
