/// What the generator recovered from libxl.h: the IDL types, in header order.
public struct LibxlModel: Sendable {
    public var enums: [EnumDefinition]
    public var structs: [StructDefinition]
    /// Fields the generator leaves out, with the reason (printed by `xenlight-gen`).
    public var skippedFields: [String]
    /// The functions the bindings wrap one-to-one, in `WrappedCall` order.
    public var calls: [CallDefinition] = []

    public var keyedUnionCount: Int {
        structs.reduce(0) { $0 + $1.allStructs.filter { $0.keyedUnion != nil }.count }
    }

    public var arrayCount: Int {
        structs.reduce(0) { count, s in
            count + s.allStructs.reduce(0) { $0 + $1.fields.filter { $0.kind.isArray }.count }
        }
    }

    public func enumDefinition(named cName: String) -> EnumDefinition? {
        enums.first { $0.cName == cName }
    }
}

/// A libxl enumeration such as `libxl_domain_type`.
public struct EnumDefinition: Sendable {
    public var cName: String
    public var swiftName: String
    public var cases: [EnumCase]
}

/// One constant of a libxl enumeration.
public struct EnumCase: Sendable {
    /// `LIBXL_DOMAIN_TYPE_HVM`
    public var cName: String
    /// `hvm`
    public var swiftName: String
    public var value: Int64
    /// The string form `libxl_<enum>_to_string` returns: the constant's lower-case suffix.
    public var libxlString: String
}

/// A struct (named, anonymous nested, or a keyed union's payload).
public struct StructDefinition: Sendable {
    /// `libxl_domain_build_info` for named structs; the C field path (`u.hvm`, `arch_arm`) otherwise.
    public var cName: String
    public var swiftName: String
    public var fields: [Field]
    public var keyedUnion: KeyedUnion?
    /// Where the keyed union sits among the fields (JSON order).
    public var keyedUnionPosition: Int
    /// False for the two structs libxl declares without `libxl_<T>_dispose` (nothing to free).
    public var hasDispose: Bool

    /// This struct and every struct nested in it (anonymous members and union payloads).
    public var allStructs: [StructDefinition] {
        var result = [self]
        for field in fields {
            if case .nested(let inner) = field.kind { result += inner.allStructs }
        }
        for unionCase in keyedUnion?.cases ?? [] {
            if let payload = unionCase.payload { result += payload.allStructs }
        }
        return result
    }
}

/// A struct member.
public struct Field: Sendable {
    public var cName: String
    public var swiftName: String
    public var kind: FieldKind
}

/// How a field's C type maps to Swift.
public indirect enum FieldKind: Sendable {
    /// A C integer or `bool`; the payload is the Swift type name (`Int32`, `UInt64`, `Bool`).
    case scalar(String)
    case string
    case enumeration(String)
    /// A named libxl struct (`libxl_domain_sched_params`).
    case structure(String)
    /// An anonymous struct member (`arch_arm`).
    case nested(StructDefinition)
    /// A `num_x` count followed by an `x` pointer.
    case array(element: FieldKind, countField: String)
    case defbool, bitmap, uuid, mac, stringList, keyValueList, hwcap, vmGenerationID

    public var isArray: Bool {
        if case .array = self { return true }
        return false
    }
}

/// A keyed union: an enum field followed by the union `u`, with `libxl_<T>_init_<key>`.
public struct KeyedUnion: Sendable {
    /// The enum field (`type`).
    public var keyField: String
    public var keySwiftName: String
    /// `libxl_domain_type`
    public var keyEnum: String
    /// The union member (`u`).
    public var unionField: String
    /// `libxl_domain_build_info_init_type`
    public var initFunction: String
    public var cases: [KeyedUnionCase]
}

/// A key value with its payload, if the union has a member for it.
public struct KeyedUnionCase: Sendable {
    public var key: EnumCase
    public var payload: StructDefinition?
}
