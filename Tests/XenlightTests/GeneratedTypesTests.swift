import FoundationEssentials
import Testing

@testable import Xenlight

/// Every generated struct, populated in every field, through C and through JSON (in the spirit of
/// libxl's `gentest.py`). libxl's JSON comes from its own `libxl_<T>_gen_json`, which needs no context.
@Suite("Generated libxl types")
struct GeneratedTypesTests {
    @Test("Swift → C → Swift keeps every field", arguments: allPopulatedValues)
    func cRoundTrip(_ sample: PopulatedValue) {
        func check<T: LibxlStruct & Codable & Hashable>(_ value: T) {
            let copy = value.withC { T(fromC: $0.pointee) }
            #expect(copy == value)
            #expect(copy != T.libxlDefault, "the populated value must differ from libxl's default")
        }
        check(sample.value)
    }

    @Test("our JSON equals libxl's own JSON", arguments: allPopulatedValues)
    func jsonMatchesLibxl(_ sample: PopulatedValue) throws {
        func check<T: LibxlStruct & Codable & Hashable>(_ value: T) throws {
            let ours = try JSONValue.parse(String(decoding: JSONEncoder().encode(value), as: UTF8.self))
            let libxls = try JSONValue.parse(value.libxlJSON())
            #expect(ours == libxls)
        }
        try check(sample.value)
    }

    @Test("libxl's JSON decodes to the original value", arguments: allPopulatedValues)
    func decodesLibxlJSON(_ sample: PopulatedValue) throws {
        func check<T: LibxlStruct & Codable & Hashable>(_ value: T) throws {
            let decoded = try JSONDecoder().decode(T.self, from: Data(value.libxlJSON().utf8))
            #expect(decoded == value)
        }
        try check(sample.value)
    }

    @Test("defaults match libxl's init and encode like libxl's JSON", arguments: allPopulatedValues)
    func defaults(_ sample: PopulatedValue) throws {
        func check<T: LibxlStruct & Codable & Hashable>(_: T) throws {
            let value = T.libxlDefault
            let ours = try JSONValue.parse(String(decoding: JSONEncoder().encode(value), as: UTF8.self))
            #expect(ours == (try JSONValue.parse(value.libxlJSON())))
            #expect(try JSONDecoder().decode(T.self, from: Data("{}".utf8)) == value)
        }
        try check(sample.value)
    }

    @Test("every enum constant's string form equals libxl_<enum>_to_string", arguments: allEnumCases)
    func enumStrings(_ sample: EnumCaseSample) {
        #expect(sample.ours == sample.libxls)
        #expect(sample.ours == sample.expected)
        #expect(sample.parsesBack)
    }

    @Test("a keyed union writes its member under \"<key>.<value>\"")
    func keyedUnionJSON() throws {
        var info = DomainBuildInfo()
        var hvm = DomainBuildInfo.HVM()
        hvm.acpi = .true
        info.type = .hvm(hvm)
        info.maxMemkb = 1024
        info.cpumap = [3, 9]
        let json = try JSONValue.parse(String(decoding: JSONEncoder().encode(info), as: UTF8.self))
        guard case .object(let members) = json, case .object(let union)? = members["type.hvm"] else {
            Issue.record("no type.hvm member in \(json)")
            return
        }
        #expect(union["acpi"] == .string("True"))
        #expect(members["cpumap"] == .array([.integer(3), .integer(9)]))
        #expect(members["max_memkb"] == .integer(1024))
        #expect(json == (try JSONValue.parse(info.libxlJSON())))
    }

    @Test("an unknown union key survives the C round trip")
    func unknownUnionKey() {
        var info = DomainBuildInfo()
        info.type = .other(DomainType(rawValue: 42))
        #expect(info.withC { DomainBuildInfo(fromC: $0.pointee) }.type == .other(DomainType(rawValue: 42)))
    }
}
