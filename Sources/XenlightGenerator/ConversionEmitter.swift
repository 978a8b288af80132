/// Emits `<Type>+C.swift`: `init(fromC:)`, which copies everything out of the C value, and
/// `fill(_:)`, which writes into a value `libxl_<T>_init` prepared. Strings are `strdup`ed and arrays
/// `calloc`ed because `libxl_<T>_dispose` frees them; `withC` (in `Internals/LibxlStruct.swift`)
/// runs init, fill, the body and dispose.
struct ConversionEmitter {
    let model: LibxlModel

    func conversionFile(_ definition: StructDefinition) -> String {
        var w = SwiftWriter()
        let cType = definition.cName
        let name = definition.swiftName
        w.block("extension \(name): LibxlStruct") { w in
            w.line("static let libxlDefault: Self = withInitializedC { Self(fromC: $0.pointee) }")
            w.line()
            w.line("static func initialize(_ c: UnsafeMutablePointer<\(cType)>) { \(cType)_init(c) }")
            w.line()
            if definition.hasDispose {
                w.line("static func dispose(_ c: UnsafeMutablePointer<\(cType)>) { \(cType)_dispose(c) }")
            } else {
                w.line("static func dispose(_ c: UnsafeMutablePointer<\(cType)>) {}")
            }
            w.line()
            w.block(
                "static func generateJSON(_ generator: yajl_gen, _ c: UnsafeMutablePointer<\(cType)>) -> yajl_gen_status"
            ) { w in
                w.line("\(cType)_gen_json(generator, c)")
            }
            w.line()
            w.block(
                "static func parseJSON(_ context: OpaquePointer, _ c: UnsafeMutablePointer<\(cType)>, _ json: String) -> CInt"
            ) { w in
                w.line("\(cType)_from_json(context, c, json)")
            }
            w.line()
            emitBody(definition, parentType: cType, into: &w)
        }
        for (nested, qualifiedName, makeDefault) in nestedDefinitions(definition, topName: name) {
            w.line()
            w.block("extension \(qualifiedName)") { w in
                w.line("static let libxlDefault: Self = \(name).withInitializedC { c in")
                if let makeDefault { w.line("    \(makeDefault)") }
                w.line("    return Self(fromC: c.pointee)")
                w.line("}")
                w.line()
                emitBody(nested, parentType: cType, into: &w)
            }
        }
        let needsUUID = definition.allStructs.contains { $0.fields.contains { $0.kind.mentionsUUID } }
        var imports = ["internal import CLibxl"]
        if needsUUID { imports.insert("import FoundationEssentials", at: 0) }
        return GeneratedHeader.text(imports: imports) + w.text
    }

    /// Nested types, their Swift paths, and the call that puts a fresh parent into their state.
    private func nestedDefinitions(
        _ definition: StructDefinition, topName: String
    ) -> [(StructDefinition, String, String?)] {
        var result: [(StructDefinition, String, String?)] = []
        func visit(_ d: StructDefinition, _ path: String, _ setup: String?) {
            for field in d.fields {
                if case .nested(let inner) = field.kind {
                    let innerPath = "\(path).\(inner.swiftName)"
                    result.append((inner, innerPath, setup))
                    visit(inner, innerPath, setup)
                }
            }
            guard let union = d.keyedUnion else { return }
            for unionCase in union.cases {
                guard let payload = unionCase.payload else { continue }
                let innerPath = "\(path).\(payload.swiftName)"
                let call = "\(union.initFunction)(c, \(unionCase.key.cName))"
                result.append((payload, innerPath, call))
                visit(payload, innerPath, call)
            }
        }
        visit(definition, topName, nil)
        return result
    }

    /// `init(fromC:)` and `fill(_:)`; nested types read and write through their parent's C value.
    private func emitBody(_ definition: StructDefinition, parentType: String, into w: inout SwiftWriter) {
        let prefix = definition.cName.hasPrefix("libxl_") ? "c." : "c.\(definition.cName)."
        w.block("init(fromC c: \(parentType))") { w in
            for field in definition.fields {
                let property = SwiftNaming.escaped(field.swiftName)
                w.line("self.\(property) = \(readExpression(field, prefix: prefix))")
            }
            if let union = definition.keyedUnion {
                let property = SwiftNaming.escaped(union.keySwiftName)
                let keyType = SwiftNaming.typeName(union.keyEnum)
                w.block("switch \(prefix)\(union.keyField)") { w in
                    for unionCase in union.cases {
                        guard let payload = unionCase.payload else { continue }
                        w.line("case \(unionCase.key.cName):")
                        w.line(
                            "    self.\(property) = .\(SwiftNaming.escaped(unionCase.key.swiftName))(\(payload.swiftName)(fromC: c))"
                        )
                    }
                    w.line("default:")
                    w.line(
                        "    self.\(property) = .other(\(keyType)(rawValue: Int32(truncatingIfNeeded: \(prefix)\(union.keyField).rawValue)))"
                    )
                }
            }
        }
        w.line()
        w.block("func fill(_ c: inout \(parentType))") { w in
            if let union = definition.keyedUnion {
                let property = SwiftNaming.escaped(union.keySwiftName)
                w.line(
                    "\(union.initFunction)(&c, .init(rawValue: .init(truncatingIfNeeded: \(property).key.rawValue)))")
                w.block("switch \(property)") { w in
                    for unionCase in union.cases where unionCase.payload != nil {
                        w.line("case .\(SwiftNaming.escaped(unionCase.key.swiftName))(let payload): payload.fill(&c)")
                    }
                    w.line("case .other: break")
                }
            }
            for field in definition.fields {
                emitWrite(field, prefix: prefix, into: &w)
            }
        }
    }

    private func readExpression(_ field: Field, prefix: String) -> String {
        let path = prefix + field.cName
        switch field.kind {
        case .nested(let inner): return "\(inner.swiftName)(fromC: c)"
        case .array(let element, let countField):
            return "cArray(\(path), count: \(prefix)\(countField)) { \(elementRead(element, "$0")) }"
        default: return elementRead(field.kind, path)
        }
    }

    private func elementRead(_ kind: FieldKind, _ path: String) -> String {
        switch kind {
        case .scalar: path
        case .string: "\(path).map { String(cString: $0) }"
        case .enumeration(let cName):
            "\(SwiftNaming.typeName(cName))(rawValue: Int32(truncatingIfNeeded: \(path).rawValue))"
        case .structure(let cName): "\(SwiftNaming.typeName(cName))(fromC: \(path))"
        case .nested(let inner): "\(inner.swiftName)(fromC: c)"
        case .array: "[]"
        case .defbool: "Defbool(fromC: \(path))"
        case .bitmap: "Bitmap(fromC: \(path))"
        case .uuid: "UUID(fromC: \(path))"
        case .mac: "MAC(fromC: \(path))"
        case .stringList: "stringList(fromC: \(path))"
        case .keyValueList: "keyValueList(fromC: \(path))"
        case .hwcap: "hwcap(fromC: \(path))"
        case .vmGenerationID: "VMGenerationID(fromC: \(path))"
        }
    }

    private func emitWrite(_ field: Field, prefix: String, into w: inout SwiftWriter) {
        let path = prefix + field.cName
        let property = SwiftNaming.escaped(field.swiftName)
        switch field.kind {
        case .nested:
            w.line("\(property).fill(&c)")
        case .array(let element, let countField):
            let (elementType, initializer, filler) = elementWrite(element)
            w.block("do") { w in
                w.line(
                    "let (pointer, count) = makeCArray(\(property), of: \(elementType).self, initialize: \(initializer)) { \(filler) }"
                )
                w.line("\(path) = pointer")
                w.line("\(prefix)\(countField) = count")
            }
        case .scalar:
            w.line("\(path) = \(property)")
        case .string:
            w.line("\(path) = makeCString(\(property))")
        case .enumeration:
            w.line("\(path) = .init(rawValue: .init(truncatingIfNeeded: \(property).rawValue))")
        case .structure, .defbool, .bitmap, .uuid, .mac, .vmGenerationID:
            w.line("\(property).fill(&\(path))")
        case .stringList:
            w.line("\(path) = makeStringList(\(property))")
        case .keyValueList:
            w.line("\(path) = makeKeyValueList(\(property))")
        case .hwcap:
            w.line("fillHwcap(&\(path), \(property))")
        }
    }

    /// The element initializer (`libxl_<T>_init`, or nil for plain values) and the closure body filling `$0` from `$1`.
    private func elementWrite(_ kind: FieldKind) -> (String, String, String) {
        switch kind {
        case .structure(let cName): (cName, "\(cName)_init", "$1.fill(&$0)")
        case .bitmap: ("libxl_bitmap", "libxl_bitmap_init", "$1.fill(&$0)")
        case .enumeration(let cName): (cName, "nil", "$0 = .init(rawValue: .init(truncatingIfNeeded: $1.rawValue))")
        case .string: ("UnsafeMutablePointer<CChar>?", "nil", "$0 = makeCString($1)")
        case .scalar(let name): (name, "nil", "$0 = $1")
        default: ("Never", "nil", "_ = ($0, $1)")
        }
    }
}
