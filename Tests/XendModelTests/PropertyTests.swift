import FoundationEssentials
import PropertyBased
import SExpression
import Testing

@testable import XendModel

/// Random values of a model type, made by `RandomModel` from the property checker's seeded generator.
func modelGenerator<T>(_ make: @escaping @Sendable (inout RandomModel<AnyRandom>) -> T) -> Generator<T, Shrink.None<T>>
{
    Generator { rng in
        var model = RandomModel(source: AnyRandom(base: rng))
        return make(&model)
    }
}

/// A concrete generator over the checker's existential one.
struct AnyRandom: RandomNumberGenerator {
    var base: any SeededRandomNumberGenerator
    mutating func next() -> UInt64 { base.next() }
}

@Suite("Property tests")
struct PropertyTests {
    @Test("random configs round-trip through the S-expression value and its printed text")
    func configSExpression() async {
        await propertyCheck(count: 300, input: modelGenerator { $0.config() }) { config throws in
            let expression = config.toSExpression()
            #expect(try VMConfig(expression) == config)
            #expect(try VMConfig(parsing: expression.description) == config)
        }
    }

    @Test("random configs round-trip through JSON")
    func configJSON() async {
        await propertyCheck(count: 300, input: modelGenerator { $0.config() }) { config throws in
            #expect(try jsonRoundTrip(config) == config)
        }
    }

    @Test("random records round-trip through the printed text and JSON")
    func records() async {
        await propertyCheck(count: 300, input: modelGenerator { $0.record() }) { record throws in
            let text = record.toSExpression().description
            #expect(try DomainRecord(SExpression.parse(text)) == record)
            #expect(try jsonRoundTrip(record) == record)
        }
    }

    @Test("a record's printed text also reads as a config that rebuilds the same record")
    func recordAsConfig() async {
        await propertyCheck(count: 200, input: modelGenerator { $0.record() }) { record throws in
            guard record.domainID == nil else { return }
            let config = try VMConfig(parsing: record.toSExpression().description)
            #expect(config.name == record.name)
            #expect(config.uuid == record.uuid)
            #expect(config.devices == record.devices)
            #expect(config.image == record.image)
        }
    }

    @Test("random devices round-trip on their own, as op=device_create sends them")
    func devices() async {
        await propertyCheck(count: 300, input: modelGenerator { $0.device() }) { device throws in
            #expect(try DeviceConfig(SExpression.parse(device.toSExpression().description)) == device)
            #expect(try jsonRoundTrip(device) == device)
        }
    }

    @Test("Python repr of random text re-reads as the same text")
    func pythonRepr() async {
        await propertyCheck(count: 300, input: modelGenerator { $0.text(0...20) }) { text throws in
            #expect(try SExpression.parse(Python.repr(text)) == .atom(text))
        }
    }
}
