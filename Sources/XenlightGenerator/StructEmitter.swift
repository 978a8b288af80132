/// Emits `<Type>.swift`: the public value type, its nested types, and `Codable` in libxl's JSON form.
struct StructEmitter {
    let model: LibxlModel

    func typeFile(_ definition: StructDefinition) -> String {
        var w = SwiftWriter()
        emitType(definition, qualifiedName: definition.swiftName, into: &w)
        w.line()
        emitCodable(definition, qualifiedName: definition.swiftName, into: &w)
        for nested in nestedDefinitions(definition) {
            w.line()
            emitCodable(nested.definition, qualifiedName: nested.qualifiedName, into: &w)
        }
        let needsUUID = definition.allStructs.contains { $0.fields.contains { $0.kind.mentionsUUID } }
        return GeneratedHeader.text(imports: needsUUID ? ["import FoundationEssentials"] : []) + w.text
    }

    /// Nested structs and union payloads with their Swift paths (`DomainBuildInfo.HVM`).
    func nestedDefinitions(_ definition: StructDefinition) -> [(definition: StructDefinition, qualifiedName: String)] {
        var result: [(StructDefinition, String)] = []
        func visit(_ d: StructDefinition, _ path: String) {
            for field in d.fields {
                if case .nested(let inner) = field.kind {
                    let innerPath = "\(path).\(inner.swiftName)"
                    result.append((inner, innerPath))
                    visit(inner, innerPath)
                }
            }
            for unionCase in d.keyedUnion?.cases ?? [] {
                if let payload = unionCase.payload {
                    let innerPath = "\(path).\(payload.swiftName)"
                    result.append((payload, innerPath))
                    visit(payload, innerPath)
                }
            }
        }
        visit(definition, definition.swiftName)
        return result
    }

    private func emitType(_ definition: StructDefinition, qualifiedName: String, into w: inout SwiftWriter) {
        let cLabel = definition.cName.hasPrefix("libxl_") ? definition.cName : "\(definition.cName) (anonymous)"
        w.line("/// `\(cLabel)`: a value copy; `init()` holds the defaults libxl's init function sets.")
        w.block("public struct \(definition.swiftName): Hashable, Sendable") { w in
            for (index, field) in definition.fields.enumerated() {
                if index == definition.keyedUnionPosition, let union = definition.keyedUnion {
                    emitUnionProperty(union, into: &w)
                }
                w.line("/// `\(field.cName)`\(field.kind.docSuffix)")
                w.line("public var \(SwiftNaming.escaped(field.swiftName)): \(swiftType(field.kind))")
            }
            if let union = definition.keyedUnion, definition.keyedUnionPosition >= definition.fields.count {
                emitUnionProperty(union, into: &w)
            }
            w.line()
            w.line("/// libxl's defaults for this type.")
            w.block("public init()") { w in
                w.line("self = Self.libxlDefault")
            }
            if let union = definition.keyedUnion {
                w.line()
                emitUnionEnum(union, into: &w)
            }
            for field in definition.fields {
                if case .nested(let inner) = field.kind {
                    w.line()
                    emitType(inner, qualifiedName: "\(qualifiedName).\(inner.swiftName)", into: &w)
                }
            }
            for unionCase in definition.keyedUnion?.cases ?? [] {
                if let payload = unionCase.payload {
                    w.line()
                    emitType(payload, qualifiedName: "\(qualifiedName).\(payload.swiftName)", into: &w)
                }
            }
        }
    }

    private func emitUnionProperty(_ union: KeyedUnion, into w: inout SwiftWriter) {
        w.line("/// `\(union.keyField)` with the matching member of the union `\(union.unionField)`.")
        w.line("public var \(SwiftNaming.escaped(union.keySwiftName)): Variant")
    }

    private func emitUnionEnum(_ union: KeyedUnion, into w: inout SwiftWriter) {
        let keyType = SwiftNaming.typeName(union.keyEnum)
        w.line("/// The keyed union: `\(union.keyField)` selects a member of `\(union.unionField)`.")
        w.block("public enum Variant: Hashable, Sendable") { w in
            for unionCase in union.cases {
                guard let payload = unionCase.payload else { continue }
                w.line("/// `\(unionCase.key.cName)`")
                w.line("case \(SwiftNaming.escaped(unionCase.key.swiftName))(\(payload.swiftName))")
            }
            w.line("/// A key without a union member, or one this libxl does not define. (A key that has a member")
            w.line("/// comes back from C as that member holding libxl's defaults.)")
            w.line("case other(\(keyType))")
            w.line()
            w.line("/// The `\(union.keyField)` value.")
            w.block("public var key: \(keyType)") { w in
                w.block("switch self") { w in
                    for unionCase in union.cases where unionCase.payload != nil {
                        let name = SwiftNaming.escaped(unionCase.key.swiftName)
                        w.line("case .\(name): .\(name)")
                    }
                    w.line("case .other(let key): key")
                }
            }
        }
    }

    private func emitCodable(_ definition: StructDefinition, qualifiedName: String, into w: inout SwiftWriter) {
        w.block("extension \(qualifiedName): Codable") { w in
            w.block("public func encode(to encoder: any Encoder) throws") { w in
                w.line("var container = encoder.container(keyedBy: LibxlJSONKey.self)")
                let needsDefaults = definition.fields.contains { $0.kind.jsonOmitsDefault }
                if needsDefaults { w.line("let defaults = Self.libxlDefault") }
                for (index, field) in definition.fields.enumerated() {
                    if index == definition.keyedUnionPosition, let union = definition.keyedUnion {
                        emitUnionEncode(union, into: &w)
                    }
                    let property = SwiftNaming.escaped(field.swiftName)
                    let key = "\"\(field.cName)\""
                    switch field.kind {
                    case .structure, .nested:
                        w.line("try container.encode(\(property), forKey: \(key))")
                    case .array:
                        w.line("try container.encodeUnlessEmpty(\(property), forKey: \(key))")
                    case .hwcap:
                        w.line("try container.encodeHwcap(\(property), forKey: \(key))")
                    case .uuid:
                        w.line("try container.encodeUUID(\(property), default: defaults.\(property), forKey: \(key))")
                    default:
                        w.line("try container.encode(\(property), unlessEqualTo: defaults.\(property), forKey: \(key))")
                    }
                }
                if let union = definition.keyedUnion, definition.keyedUnionPosition >= definition.fields.count {
                    emitUnionEncode(union, into: &w)
                }
            }
            w.line()
            w.block("public init(from decoder: any Decoder) throws") { w in
                w.line("self = Self.libxlDefault")
                let needsContainer = !definition.fields.isEmpty || definition.keyedUnion != nil
                if needsContainer {
                    w.line("let container = try decoder.container(keyedBy: LibxlJSONKey.self)")
                }
                for field in definition.fields {
                    let property = SwiftNaming.escaped(field.swiftName)
                    let key = "\"\(field.cName)\""
                    switch field.kind {
                    case .hwcap:
                        w.line("try container.decodeHwcap(&\(property), forKey: \(key))")
                    case .uuid:
                        w.line("try container.decodeUUID(&\(property), forKey: \(key))")
                    default:
                        w.line("try container.decodeIfPresent(into: &\(property), forKey: \(key))")
                    }
                }
                if let union = definition.keyedUnion {
                    emitUnionDecode(union, into: &w)
                }
            }
        }
    }

    private func emitUnionEncode(_ union: KeyedUnion, into w: inout SwiftWriter) {
        let property = SwiftNaming.escaped(union.keySwiftName)
        w.block("switch \(property)") { w in
            for unionCase in union.cases where unionCase.payload != nil {
                let name = SwiftNaming.escaped(unionCase.key.swiftName)
                w.line("case .\(name)(let payload):")
                w.line("    try container.encode(payload, forKey: \"\(union.keyField).\(unionCase.key.libxlString)\")")
            }
            w.line("case .other(let key):")
            w.line("    try container.encodeEmptyUnionMember(key, keyField: \"\(union.keyField)\")")
        }
    }

    private func emitUnionDecode(_ union: KeyedUnion, into w: inout SwiftWriter) {
        let keyType = SwiftNaming.typeName(union.keyEnum)
        let property = SwiftNaming.escaped(union.keySwiftName)
        w.block("if let (key, codingKey) = try container.unionMember(\(keyType).self, keyField: \"\(union.keyField)\")")
        { w in
            w.block("switch key") { w in
                for unionCase in union.cases {
                    guard let payload = unionCase.payload else { continue }
                    let name = SwiftNaming.escaped(unionCase.key.swiftName)
                    w.line("case .\(name):")
                    w.line(
                        "    \(property) = .\(name)(try container.decode(\(payload.swiftName).self, forKey: codingKey))"
                    )
                }
                w.line("default:")
                w.line("    \(property) = .other(key)")
            }
        }
    }

    func swiftType(_ kind: FieldKind) -> String {
        switch kind {
        case .scalar(let name): name
        case .string: "String?"
        case .enumeration(let cName): SwiftNaming.typeName(cName)
        case .structure(let cName): SwiftNaming.typeName(cName)
        case .nested(let inner): inner.swiftName
        case .array(let element, _): "[\(swiftType(element))]"
        case .defbool: "Defbool"
        case .bitmap: "Bitmap"
        case .uuid: "UUID"
        case .mac: "MAC"
        case .stringList: "[String]"
        case .keyValueList: "[String: String?]"
        case .hwcap: "[UInt32]"
        case .vmGenerationID: "VMGenerationID"
        }
    }
}

extension FieldKind {
    /// libxl's JSON leaves such a field out when it holds its default value.
    var jsonOmitsDefault: Bool {
        switch self {
        case .structure, .nested, .array, .hwcap: false
        default: true
        }
    }

    var mentionsUUID: Bool {
        switch self {
        case .uuid: true
        case .array(let element, _): element.mentionsUUID
        default: false
        }
    }

    var docSuffix: String {
        switch self {
        case .array(_, let countField): " (with `\(countField)`)"
        case .stringList: " (`libxl_string_list`)"
        case .keyValueList: " (`libxl_key_value_list`; libxl allows a null value)"
        case .hwcap: " (`libxl_hwcap`, 8 words)"
        default: ""
        }
    }
}
