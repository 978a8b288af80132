/// Emits the test target's `PopulatedValues.swift`: for every struct a `populated()` value in which
/// every field differs from libxl's default, and the list of all of them, so the round-trip tests
/// (Swift → C → Swift, JSON both ways) cover every field of every type, as libxl's `gentest.py` does.
struct SampleEmitter {
    let model: LibxlModel

    func file() -> String {
        var w = SwiftWriter()
        w.line("/// One populated value of every generated struct, for the round-trip tests.")
        w.line("let allPopulatedValues: [PopulatedValue] = [")
        do {
            for definition in model.structs {
                w.line("    PopulatedValue(\"\(definition.swiftName)\", \(definition.swiftName).populated()),")
            }
        }
        w.line("]")
        w.line()
        w.line("/// Every constant of every enum, with our string form and libxl's own (`libxl_<enum>_to_string`).")
        w.line("let allEnumCases: [EnumCaseSample] = [")
        do {
            for definition in model.enums {
                for enumCase in definition.cases {
                    let value = "\(definition.swiftName).\(SwiftNaming.escaped(enumCase.swiftName))"
                    w.line(
                        "    EnumCaseSample(\"\(definition.swiftName).\(enumCase.swiftName)\", \(value), \"\(enumCase.libxlString)\"),"
                    )
                }
            }
        }
        w.line("]")
        for definition in model.structs {
            w.line()
            emit(definition, qualifiedName: definition.swiftName, into: &w)
        }
        return GeneratedHeader.text(imports: ["import FoundationEssentials", "@testable import Xenlight"]) + w.text
    }

    private func emit(_ definition: StructDefinition, qualifiedName: String, into w: inout SwiftWriter) {
        w.block("extension \(qualifiedName)") { w in
            w.block("static func populated() -> Self") { w in
                w.line("let defaults = Self()")
                w.line("var value = defaults")
                for (index, field) in definition.fields.enumerated() {
                    let property = SwiftNaming.escaped(field.swiftName)
                    w.line("value.\(property) = \(sample(field.kind, property: property, seed: index + 1))")
                }
                if let union = definition.keyedUnion,
                    let first = union.cases.first(where: { $0.payload != nil }), let payload = first.payload
                {
                    let property = SwiftNaming.escaped(union.keySwiftName)
                    w.line(
                        "value.\(property) = .\(SwiftNaming.escaped(first.key.swiftName))(\(payload.swiftName).populated())"
                    )
                }
                w.line("return value")
            }
        }
        for field in definition.fields {
            if case .nested(let inner) = field.kind {
                w.line()
                emit(inner, qualifiedName: "\(qualifiedName).\(inner.swiftName)", into: &w)
            }
        }
        for unionCase in definition.keyedUnion?.cases ?? [] {
            if let payload = unionCase.payload {
                w.line()
                emit(payload, qualifiedName: "\(qualifiedName).\(payload.swiftName)", into: &w)
            }
        }
    }

    private func sample(_ kind: FieldKind, property: String, seed: Int) -> String {
        switch kind {
        case .scalar("Bool"): "!defaults.\(property)"
        case .scalar: "sample(\(seed), avoiding: defaults.\(property))"
        case .string: "\"sample-\(seed)\""
        case .enumeration: "sample(avoiding: defaults.\(property))"
        case .structure(let cName): "\(SwiftNaming.typeName(cName)).populated()"
        case .nested(let inner): "\(inner.swiftName).populated()"
        case .array(let element, _): arraySample(element, seed: seed)
        case .defbool: "defaults.\(property) == .true ? .false : .true"
        case .bitmap: "Bitmap([1, 3, \(seed + 8)])"
        case .uuid: "sampleUUID(\(seed))"
        case .mac: "MAC(bytes: [0x00, 0x16, 0x3e, 0x01, 0x02, \(seed % 256)])"
        case .stringList: "[\"first-\(seed)\", \"second-\(seed)\"]"
        case .keyValueList: "[\"key-\(seed)\": \"value\", \"flag-\(seed)\": nil]"
        case .hwcap: "[\(seed), 2, 3, 4, 0, 0, 0, 0]"
        case .vmGenerationID: "VMGenerationID(bytes: (1...16).map { UInt8($0 + \(seed % 200)) })"
        }
    }

    private func arraySample(_ element: FieldKind, seed: Int) -> String {
        switch element {
        case .structure(let cName):
            let type = SwiftNaming.typeName(cName)
            return "[\(type).populated(), \(type).populated()]"
        case .scalar: return "[\(seed), \(seed + 1)]"
        case .enumeration(let cName):
            let type = SwiftNaming.typeName(cName)
            return "Array(\(type).allCases.prefix(2))"
        case .bitmap: return "[Bitmap([0, 2]), Bitmap([\(seed)])]"
        case .string: return "[\"a\", \"b\"]"
        default: return "[]"
        }
    }
}
