import PropertyBased
import SExpression
import Testing

/// `writeAtom`, `writeInteger`, `writeFloat` and `write(into:)` on a `PrintBuffer` append exactly what printing
/// `.atom`, `.integer`, `.float` and the value to an array appends (Sources/SExpression/SExpression+DirectWriting.swift).
@Suite("Direct writers against the printer")
struct SExpressionDirectWritingTests {
    @Test("writeAtom appends the printed atom, bare or quoted")
    func atoms() async {
        await propertyCheck(count: 2000, input: SExpressionGenerators.atomText) { text in
            #expect(Self.written { SExpression.writeAtom(text, into: &$0) } == Self.printed(.atom(text)))
        }
    }

    @Test("writeInteger appends the printed integer, Int and UInt64, extremes included")
    func integers() async {
        await propertyCheck(count: 2000, input: Self.integers) { signed, unsigned in
            #expect(Self.written { SExpression.writeInteger(signed, into: &$0) } == Self.printed(.integer(signed)))
            #expect(Self.written { SExpression.writeInteger(unsigned, into: &$0) } == Self.printed(.integer(unsigned)))
        }
        for value in [0, -1, Int.min, Int.max] {
            #expect(Self.written { SExpression.writeInteger(value, into: &$0) } == Self.printed(.integer(value)))
        }
        #expect(Self.written { SExpression.writeInteger(UInt64.max, into: &$0) } == Self.printed(.integer(UInt64.max)))
    }

    @Test("writeFloat appends the printed float for any double")
    func floats() async {
        await propertyCheck(count: 20000, input: Self.doubles) { value in
            #expect(Self.written { SExpression.writeFloat(value, into: &$0) } == Self.printed(.float(value)))
        }
    }

    @Test("writeFloat matches Python 2.7 str() on the generated vectors", arguments: python2FloatVectors)
    func floatMatchesPython2(bits: UInt64, text: String) {
        let value = Double(bitPattern: bits)
        #expect(Self.written { SExpression.writeFloat(value, into: &$0) } == Self.printed(.float(value)))
    }

    @Test(
        "writeFloat on the edges: zeros, ties at the 13th digit, carries, exponent switches, non-finite",
        arguments: [
            0.0, -0.0, 1e-5, 0.0001, 1e11, 99999999999.0, 99999999999.5, 999999999999.5, 9999999999995.0,
            0.1, 1.0 / 3.0, 2.0 / 3.0, 1234567890123.5, Double(bitPattern: 3), 2.2250738585072014e-308,
            1.7976931348623157e308,
            .infinity, -.infinity, .nan, 123456.78901250001, 123456.7890125, 0.30000000000000004, 1e22, 1e23,
        ])
    func floatEdges(value: Double) {
        #expect(Self.written { SExpression.writeFloat(value, into: &$0) } == Self.printed(.float(value)))
        #expect(Self.written { SExpression.writeFloat(-value, into: &$0) } == Self.printed(.float(-value)))
    }

    @Test("write(into:) on a buffer appends the printed value, lists and atoms")
    func values() async {
        await propertyCheck(count: 1000, input: SExpressionGenerators.value) { value in
            #expect(Self.written { value.write(into: &$0) } == Self.printed(value))
        }
    }

    @Test("a buffer grows from any capacity and keeps every byte in order")
    func growing() {
        var buffer = PrintBuffer(capacity: 0)
        var expected: [UInt8] = []
        for round in 0..<5000 {
            let byte = UInt8(truncatingIfNeeded: round)
            buffer.append(byte)
            expected.append(byte)
            if round % 7 == 0 {
                buffer.append("(key ")
                expected += Array("(key ".utf8)
            }
        }
        #expect(buffer.count == expected.count)
        #expect(buffer.withBytes { Array($0) } == expected)
    }

    /// The bytes `write` appends to a buffer that already holds `(`, so appending after existing bytes counts.
    private static func written(_ write: (inout PrintBuffer) -> Void) -> [UInt8] {
        var buffer = PrintBuffer(capacity: 1)
        buffer.append(UInt8(ascii: "("))
        write(&buffer)
        return buffer.withBytes { Array($0) }
    }

    private static func printed(_ expression: SExpression) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "(")]
        expression.write(into: &bytes)
        return bytes
    }

    static let integers = Generator<(Int, UInt64), Shrink.None<(Int, UInt64)>> { rng in
        let bits = Int.random(in: 0...62, using: &rng)
        let signed = Int.random(in: -(1 << bits)...(1 << bits), using: &rng)
        return (signed, UInt64.random(in: 0...(UInt64.max >> UInt64(62 - bits)), using: &rng))
    }

    /// Random bit patterns (every exponent, subnormals, NaN), short decimals as cpu and start times are, and
    /// 13-digit values ending in 5 (a tie in the shortest digits that only the exact value breaks).
    static let doubles = Generator<Double, Shrink.None<Double>> { rng in
        switch Int.random(in: 0...3, using: &rng) {
        case 0:
            return Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng))
        case 1:
            let scale = [1.0, 10, 100, 1000, 1e6, 1e9][Int.random(in: 0...5, using: &rng)]
            return Double(Int.random(in: 0...9_999_999_999_999, using: &rng)) / scale
        case 2:
            let digits = Int.random(in: 100_000_000_000...999_999_999_999, using: &rng) * 10 + 5
            return Double(digits) / [1.0, 10, 1000, 1e6, 1e12, 1e15][Int.random(in: 0...5, using: &rng)]
        default:
            return Double.random(in: 0...1e13, using: &rng)
        }
    }
}
