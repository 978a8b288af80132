import PropertyBased
import SExpression
import Testing

@testable import XendModel

/// The fast paths of record reading against the code they replace (kept as the reference): the same value,
/// or the same error, for every input.
@Suite("Fast decoding agrees with the reference")
struct FastDecodingTests {
    /// Texts around the edges of the fast integer form: signs, lengths, whitespace, non-ASCII digits.
    static let integerTexts = [
        "0", "-0", "+0", "7", "-7", "+7", "42", "00042", "123456789012345678", "-123456789012345678",
        "999999999999999999", "9999999999999999999", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "", "+", "-", "--1", "+-1", "1-", " 1", "1 ", "\t1\n", "1\r\n", "\r\n1",
        "\u{0B}5\u{0C}", " \u{301}5", "5\u{301}", "٣", "1٣", "1.0", "1e3", "0x10", "１", "1_000", " ", "\u{A0}1",
    ]

    @Test("Python.int reads every edge text as the character-wise reference does", arguments: integerTexts)
    func integerEdges(text: String) {
        #expect(Python.int(text) == Python.genericInt(text))
    }

    @Test("Python.trimmed trims every edge text as the character-wise reference does", arguments: integerTexts)
    func trimmedEdges(text: String) {
        #expect(Python.trimmed(text) == Python.genericTrimmed(text))
    }

    @Test("Python.int and Python.trimmed agree with the references on random texts")
    func randomTexts() async {
        let alphabet: [String] = [
            "0", "1", "5", "9", "+", "-", " ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{301}", "٣", "x",
        ]
        let texts = modelGenerator { model in (0..<model.int(0...22)).map { _ in model.pick(alphabet) }.joined() }
        await propertyCheck(count: 2000, input: texts) { text in
            #expect(Python.int(text) == Python.genericInt(text))
            #expect(Python.trimmed(text) == Python.genericTrimmed(text))
        }
    }

    @Test("the node vectors read the same both ways, in order, shuffled, with repeats and unknown keys")
    func nodeVectors() throws {
        for text in [GoldenVectors.node2, GoldenVectors.node3] {
            let children = Array(try SExpression.parse(text).tail)
            var variants = [children, children.reversed(), children + children.prefix(3), children.dropLast(2)]
            variants.append(children.map { $0.head == "host" ? .list([.atom("host")]) : $0 })
            variants.append([.atom("bare"), .list([.atom("cpu_topology"), .atom("x")])] + children)
            variants.append(children.filter { $0.head != "nr_cpus" })
            variants.append(children.map { $0.head == "nr_cpus" ? .pair("nr_cpus", .atom(" 8 ")) : $0 })
            variants.append(children.map { $0.head == "nr_cpus" ? .pair("nr_cpus", .atom("eight")) : $0 })
            for variant in variants {
                #expect(
                    outcome { () throws(XendError) in try NodeRecord(fields: variant) }
                        == outcome { () throws(XendError) in try NodeRecord(referenceFields: variant) })
            }
            #expect(try NodeRecord(fields: children).toSExpression().description == text)
        }
    }

    @Test("random domain records and configs read the same both ways, also shuffled")
    func randomRecords() async {
        await propertyCheck(count: 200, input: modelGenerator { ($0.record(), $0.config(), $0.int(0...1000)) }) {
            input in
            let (record, config, seed) = input
            for children in [Array(record.toSExpression().tail), Array(config.toSExpression().tail)] {
                var generator = SplitMix(seed: UInt64(seed))
                for variant in [children, children.shuffled(using: &generator), children + children.prefix(4)] {
                    #expect(
                        outcome { () throws(XendError) in try DomainRecord(fields: variant) }
                            == outcome { () throws(XendError) in try DomainRecord(referenceFields: variant) })
                    #expect(
                        outcome { () throws(XendError) in try VMConfig(fields: variant) }
                            == outcome { () throws(XendError) in try VMConfig(referenceFields: variant) })
                }
            }
        }
    }

    private func outcome<Value>(_ body: () throws(XendError) -> Value) -> Result<Value, XendError> {
        do { return .success(try body()) } catch { return .failure(error) }
    }
}

/// A small seeded generator for reproducible shuffles.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
