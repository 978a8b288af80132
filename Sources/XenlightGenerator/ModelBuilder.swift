/// Recovers libxl's IDL types from clang's AST of libxl.h.
///
/// The rules, all visible in the installed headers:
/// - an enum is an IDL enum when `libxl_<enum>_to_string` exists; its string form is the constant's
///   lower-case suffix after `LIBXL_<ENUM>_` (or after the constants' common prefix, for `ERROR_*`);
/// - a struct is an IDL struct when `libxl_<T>_init`, `_copy` and `_to_json` exist (two have no
///   `_dispose`: `libxl_sched_credit_params`, `libxl_sched_credit2_params`);
/// - an array is an `int num_<x>` field directly followed by a pointer field (usually `<x>`, but
///   `libxl_vsnd_pcm` pairs `num_vsnd_streams` with `streams`);
/// - a keyed union is an enum field directly followed by an anonymous union, where
///   `libxl_<T>_init_<field>` exists; each union member is named after the key's string form.
struct ModelBuilder {
    let declarations: [ClangNode]
    var functions: Set<String> = []
    var enumNames: Set<String> = []
    var structNames: Set<String> = []
    var skipped: [String] = []

    /// Builtin libxl types with a Swift counterpart in the hand-written runtime.
    static let builtins: [String: FieldKind] = [
        "libxl_defbool": .defbool, "libxl_bitmap": .bitmap, "libxl_uuid": .uuid, "libxl_mac": .mac,
        "libxl_string_list": .stringList, "libxl_key_value_list": .keyValueList, "libxl_hwcap": .hwcap,
        "libxl_ms_vm_genid": .vmGenerationID, "char *": .string,
    ]

    static let scalars: [String: String] = [
        "int": "Int32", "unsigned int": "UInt32", "bool": "Bool", "_Bool": "Bool",
        "uint8_t": "UInt8", "uint16_t": "UInt16", "uint32_t": "UInt32", "uint64_t": "UInt64",
        "int8_t": "Int8", "int16_t": "Int16", "int32_t": "Int32", "int64_t": "Int64",
        "libxl_domid": "UInt32", "libxl_devid": "Int32", "libxl_ev_user": "UInt64",
    ]

    /// Types libxl keeps to itself or that have no stable value form; left out of the Swift types.
    static let ignored: [String: String] = [
        "libxl_cpuid_policy_list": "opaque CPUID policy (set through libxl_cpuid_parse_config)",
        "libxl_ev_link": "libxl's private event queue link",
        "const char *": "const field: libxl neither frees nor serialises it",
    ]

    init(declarations: [ClangNode]) {
        self.declarations = declarations
        for node in declarations where node.kind == "FunctionDecl" {
            if let name = node.name { functions.insert(name) }
        }
    }

    mutating func build() throws -> LibxlModel {
        var enums: [EnumDefinition] = []
        for node in declarations where node.kind == "EnumDecl" {
            guard let name = node.name, name.hasPrefix("libxl_"), functions.contains("\(name)_to_string"),
                !enumNames.contains(name)
            else { continue }
            enumNames.insert(name)
            enums.append(enumDefinition(node, name: name))
        }
        let structNodes = declarations.filter { node in
            guard node.kind == "RecordDecl", node.tagUsed == "struct", node.completeDefinition == true,
                let name = node.name, name.hasPrefix("libxl_")
            else { return false }
            return ["init", "copy", "to_json"].allSatisfy { functions.contains("\(name)_\($0)") }
        }
        var seen: Set<String> = []
        let uniqueStructNodes = structNodes.filter { seen.insert($0.name ?? "").inserted }
        structNames = Set(uniqueStructNodes.compactMap(\.name))
        var structs: [StructDefinition] = []
        let model = LibxlModel(enums: enums, structs: [], skippedFields: [])
        for node in uniqueStructNodes {
            let name = node.name ?? ""
            structs.append(
                try structDefinition(
                    node, topLevel: name, path: "", swiftName: SwiftNaming.typeName(name), model: model))
        }
        return LibxlModel(enums: enums, structs: structs, skippedFields: skipped)
    }

    func enumDefinition(_ node: ClangNode, name: String) -> EnumDefinition {
        let constants = node.children.filter { $0.kind == "EnumConstantDecl" }
        let names = constants.compactMap(\.name)
        let conventional = "LIBXL_" + name.dropFirst(6).uppercased() + "_"
        var prefix = conventional
        if !names.allSatisfy({ $0.hasPrefix(conventional) }) {
            prefix = Self.commonPrefix(names)
        }
        var cases: [EnumCase] = []
        var next: Int64 = 0
        for constant in constants {
            let cName = constant.name ?? ""
            let value = constant.enumConstantValue ?? next
            next = value + 1
            let string = String(cName.dropFirst(prefix.count)).lowercased()
            cases.append(
                EnumCase(cName: cName, swiftName: SwiftNaming.memberName(string), value: value, libxlString: string))
        }
        return EnumDefinition(cName: name, swiftName: SwiftNaming.typeName(name), cases: cases)
    }

    static func commonPrefix(_ names: [String]) -> String {
        guard var prefix = names.first else { return "" }
        for name in names.dropFirst() {
            while !name.hasPrefix(prefix) { prefix.removeLast() }
        }
        if let underscore = prefix.lastIndex(of: "_") {
            return String(prefix[...underscore])
        }
        return ""
    }

    mutating func structDefinition(
        _ node: ClangNode, topLevel: String, path: String, swiftName: String, model: LibxlModel
    ) throws -> StructDefinition {
        var fields: [Field] = []
        var keyedUnion: KeyedUnion?
        var position = 0
        var pendingRecord: ClangNode?
        let members = node.children
        var index = 0
        while index < members.count {
            let member = members[index]
            index += 1
            if member.kind == "RecordDecl" {
                pendingRecord = member
                continue
            }
            guard member.kind == "FieldDecl", let cName = member.name, let type = member.type?.qualType else {
                continue
            }
            let fieldPath = path.isEmpty ? cName : "\(path).\(cName)"
            let where_ = "\(topLevel).\(fieldPath)"
            if type.hasPrefix("union ") {
                guard let record = pendingRecord, let key = fields.popLast(), case .enumeration(let keyEnum) = key.kind,
                    functions.contains("\(topLevel)_init_\(key.cName)")
                else {
                    throw GeneratorError.unsupportedField(structName: topLevel, field: cName, type: type)
                }
                keyedUnion = try keyedUnionDefinition(
                    record, key: key, keyEnum: keyEnum, unionField: fieldPath, topLevel: topLevel)
                position = fields.count
                continue
            }
            if type.hasPrefix("struct ") && type.contains("unnamed") {
                guard let record = pendingRecord else {
                    throw GeneratorError.unsupportedField(structName: topLevel, field: cName, type: type)
                }
                let nested = try structDefinition(
                    record, topLevel: topLevel, path: fieldPath, swiftName: SwiftNaming.typeName(cName),
                    model: model)
                fields.append(Field(cName: cName, swiftName: SwiftNaming.memberName(cName), kind: .nested(nested)))
                continue
            }
            if let reason = Self.ignored[type] {
                skipped.append("\(where_): \(reason)")
                continue
            }
            if type.hasSuffix(" *"), type != "char *", let count = fields.last, count.cName.hasPrefix("num_"),
                case .scalar("Int32") = count.kind
            {
                fields.removeLast()
                let elementType = String(type.dropLast(2))
                guard let element = fieldKind(elementType) else {
                    throw GeneratorError.unsupportedField(structName: topLevel, field: cName, type: type)
                }
                fields.append(
                    Field(
                        cName: cName, swiftName: SwiftNaming.memberName(cName),
                        kind: .array(element: element, countField: count.cName)))
                continue
            }
            guard let kind = fieldKind(type) else {
                throw GeneratorError.unsupportedField(structName: topLevel, field: cName, type: type)
            }
            fields.append(Field(cName: cName, swiftName: SwiftNaming.memberName(cName), kind: kind))
        }
        return StructDefinition(
            cName: path.isEmpty ? topLevel : path, swiftName: swiftName, fields: fields, keyedUnion: keyedUnion,
            keyedUnionPosition: position, hasDispose: functions.contains("\(topLevel)_dispose"))
    }

    func fieldKind(_ type: String) -> FieldKind? {
        if let builtin = Self.builtins[type] { return builtin }
        if let scalar = Self.scalars[type] { return .scalar(scalar) }
        if enumNames.contains(type) { return .enumeration(type) }
        if structNames.contains(type) { return .structure(type) }
        return nil
    }

    mutating func keyedUnionDefinition(
        _ record: ClangNode, key: Field, keyEnum: String, unionField: String, topLevel: String
    ) throws -> KeyedUnion {
        guard let keyNode = declarations.first(where: { $0.kind == "EnumDecl" && $0.name == keyEnum }) else {
            throw GeneratorError.malformed("keyed union key \(keyEnum) is not an enum")
        }
        let keyDefinition = enumDefinition(keyNode, name: keyEnum)
        var payloads: [String: StructDefinition] = [:]
        var pending: ClangNode?
        for member in record.children {
            if member.kind == "RecordDecl" {
                pending = member
                continue
            }
            guard member.kind == "FieldDecl", let name = member.name, let inner = pending else { continue }
            payloads[name] = try structDefinition(
                inner, topLevel: topLevel, path: "\(unionField).\(name)", swiftName: SwiftNaming.typeName(name),
                model: LibxlModel(enums: [], structs: [], skippedFields: []))
        }
        let cases = keyDefinition.cases.map { KeyedUnionCase(key: $0, payload: payloads[$0.libxlString]) }
        let matched = cases.compactMap(\.payload).count
        guard matched == payloads.count else {
            throw GeneratorError.malformed("\(topLevel).\(unionField): union members do not match \(keyEnum)")
        }
        return KeyedUnion(
            keyField: key.cName, keySwiftName: key.swiftName, keyEnum: keyEnum, unionField: unionField,
            initFunction: "\(topLevel)_init_\(key.cName)", cases: cases)
    }
}

extension LibxlModel {
    /// Reads libxl.h through clang and recovers its types, and the declarations of `calls` (the functions
    /// the bindings wrap one-to-one; `WrappedCall.libxl` for libxl itself, none for header fixtures).
    /// - Throws: `GeneratorError` when a type is not understood or a listed function is not declared.
    public static func load(using clang: ClangRunner, calls: [WrappedCall] = []) throws -> LibxlModel {
        let declarations = try clang.declarations()
        var builder = ModelBuilder(declarations: declarations)
        var model = try builder.build()
        let mapper = CallTypeMapper(structNames: builder.structNames)
        model.calls = try calls.map { call in
            guard let node = declarations.first(where: { $0.kind == "FunctionDecl" && $0.name == call.cName }) else {
                throw GeneratorError.malformed("libxl.h does not declare \(call.cName)")
            }
            return try mapper.definition(of: call, node: node)
        }
        return model
    }
}
