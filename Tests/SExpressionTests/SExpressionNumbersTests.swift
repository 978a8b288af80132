import SExpression
import Testing

@Suite("Number atoms: Python str() of ints and floats")
struct SExpressionNumbersTests {
    @Test(
        "integer(_:) is decimal",
        arguments: [(0, "0"), (512, "512"), (-1, "-1"), (Int.max, "9223372036854775807"), (Int.min, "-9223372036854775808")]
    )
    func integer(value: Int, expected: String) {
        #expect(SExpression.integer(value) == .atom(expected))
    }

    @Test("integer(_:) takes any BinaryInteger")
    func integerTypes() {
        #expect(SExpression.integer(UInt64.max) == "18446744073709551615")
        #expect(SExpression.integer(Int8(-5)) == "-5")
        #expect(SExpression.integer(UInt32(4096)).description == "4096")
    }

    @Test(
        "float(_:) examples from the spec",
        arguments: [
            (1.0, "1.0"), (0.1, "0.1"), (1234.56789012, "1234.56789012"), (12.345678901, "12.345678901"),
            (1e20, "1e+20"), (1e-5, "1e-05"), (1357000000.12, "1357000000.12"), (0.0, "0.0"), (-0.0, "-0.0"),
            (1e11, "1e+11"), (99999999999.0, "99999999999.0"), (.infinity, "inf"), (-.infinity, "-inf"),
            (.nan, "nan"), (3600.123456789, "3600.12345679"),
        ]
    )
    func floatExamples(value: Double, expected: String) {
        #expect(SExpression.float(value) == .atom(expected))
    }

    @Test("float(_:) matches Python 2.7 str() on generated values", arguments: python2FloatVectors)
    func floatMatchesPython2(bits: UInt64, text: String) {
        #expect(SExpression.float(Double(bitPattern: bits)) == .atom(text))
    }
}
