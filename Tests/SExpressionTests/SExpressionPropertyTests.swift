import PropertyBased
import SExpression
import Testing

@Suite("Properties of the printer and parser")
struct SExpressionPropertyTests {
    @Test("parse(print(v)) == v, byte for byte")
    func roundTrip() async {
        await propertyCheck(count: 2000, input: SExpressionGenerators.value) { value in
            let printed = value.description
            let reparsed = try SExpression.parse(printed)
            #expect(reparsed == value)
            // Printing again gives the same bytes, so every atom kept its exact UTF-8.
            #expect(reparsed.description == printed)
        }
    }

    @Test("printed text is one line of printable ASCII")
    func printedIsASCII() async {
        await propertyCheck(count: 1000, input: SExpressionGenerators.value) { value in
            #expect(value.description.utf8.allSatisfy { (0x20..<0x7F).contains($0) })
        }
    }

    @Test("several printed values separated by spaces parse back in order")
    func sequences() async {
        await propertyCheck(count: 500, input: SExpressionGenerators.values) { (values) throws in
            let text = values.map(\.description).joined(separator: " ")
            #expect(try SExpression.parseAll(text) == values)
        }
    }

    @Test("an atom prints bare exactly when isBareAtom says so, and then as itself")
    func bareAtoms() async {
        await propertyCheck(count: 1000, input: SExpressionGenerators.atomText) { text in
            let printed = SExpression.atom(text).description
            #expect((printed == text) == SExpression.isBareAtom(text))
            if !SExpression.isBareAtom(text) {
                #expect(printed.first == "'" || printed.first == "\"")
            }
        }
    }

    @Test("any bytes either parse (and round-trip) or fail with a position inside the input")
    func arbitraryBytes() async {
        await propertyCheck(count: 3000, input: SExpressionGenerators.syntaxBytes) { (bytes) throws in
            let values: [SExpression]
            do throws(SExpressionError) {
                values = try SExpression.parseAll(bytes)
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
                #expect(error.line >= 1 && error.column >= 1)
                #expect(error.message.hasPrefix(error.originalMessage + " at line "))
                return
            }
            for value in values {
                #expect(try SExpression.parse(value.description) == value)
            }
        }
    }

    @Test("float(_:) keeps 12 significant digits")
    func floatPrecision() async {
        await propertyCheck(count: 2000, input: Gen<UInt64>.value(in: .min ... .max)) { bits in
            let value = Double(bitPattern: bits)
            guard value.isFinite, let text = SExpression.float(value).atomValue else { return }
            let reread = try #require(Double(text))
            #expect(abs(reread - value) <= abs(value) * 5e-12)
            // Only a positive exponent (values from 1e11 up) keeps the text from printing bare.
            #expect(SExpression.isBareAtom(text) == !text.contains("+"))
        }
    }
}
