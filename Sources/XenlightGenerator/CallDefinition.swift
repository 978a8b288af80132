import Foundation

/// A wrapped libxl function as libxl.h declares it, with each parameter's Swift shape.
public struct CallDefinition: Sendable {
    /// How a C parameter appears in the shim.
    public enum Parameter: Sendable, Equatable {
        /// Passed as is: `_ name: Type`.
        case value(name: String, swiftType: String)
        /// A C out-pointer to a scalar or an opaque handle: `_ name: inout Type`, passed as `&name`.
        case inOut(name: String, swiftType: String)
        /// Not in the shim; the C argument is this constant (`nil` for `ao_how`: synchronous calls).
        case fixed(String)
    }

    public var call: WrappedCall
    /// The C prototype as clang prints it, e.g. `int libxl_domain_pause(libxl_ctx *ctx, uint32_t domid, ...)`.
    public var prototype: String
    public var parameters: [Parameter]
    /// The Swift return type; `nil` for `void`.
    public var swiftReturnType: String?
}

/// Maps the C types of wrapped libxl functions to the shims' Swift types. Only the shapes libxl's
/// one-to-one calls use are known; anything else stops generation with the function and type named.
struct CallTypeMapper {
    /// The IDL structs (`libxl_dominfo`...): pointers to them stay typed pointers.
    let structNames: Set<String>

    static let scalars: [String: String] = [
        "int": "CInt", "unsigned int": "CUnsignedInt", "char": "CChar", "uint8_t": "UInt8", "uint32_t": "UInt32",
        "uint64_t": "UInt64", "int64_t": "Int64", "libxl_domid": "UInt32", "libxl_ev_user": "UInt64",
    ]

    /// Asynchronous-operation arguments: every shim is synchronous and passes `NULL`.
    static let asynchronous: Set<String> = ["const libxl_asyncop_how *", "const libxl_asyncprogress_how *"]

    func definition(of call: WrappedCall, node: ClangNode) throws -> CallDefinition {
        let functionType = node.type?.qualType ?? ""
        guard let open = functionType.firstIndex(of: "(") else {
            throw GeneratorError.malformed("\(call.cName): no function type in the AST (\(functionType))")
        }
        let cReturn = functionType[..<open].trimmingCharacters(in: .whitespaces)
        var parameters: [CallDefinition.Parameter] = []
        var declared: [String] = []
        for (position, parameter) in node.children.filter({ $0.kind == "ParmVarDecl" }).enumerated() {
            let type = parameter.type?.qualType ?? ""
            let cName = parameter.name ?? ""
            declared.append(cName.isEmpty ? type : type.hasSuffix("*") ? type + cName : type + " " + cName)
            let name = SwiftNaming.escaped(SwiftNaming.memberName(cName.isEmpty ? Self.nameFor(type, position) : cName))
            guard let mapped = parameterShape(type, name: name) else {
                throw GeneratorError.malformed("\(call.cName): parameter \(position) has an unknown type: \(type)")
            }
            parameters.append(mapped)
        }
        let returnType: String?
        switch cReturn {
        case "void": returnType = nil
        case "int": returnType = "CInt"
        default:
            guard let pointee = Self.pointee(cReturn), structNames.contains(pointee) else {
                throw GeneratorError.malformed("\(call.cName): unknown return type \(cReturn)")
            }
            returnType = "UnsafeMutablePointer<\(pointee)>?"
        }
        let separator = cReturn.hasSuffix("*") ? "" : " "
        let prototype = "\(cReturn)\(separator)\(call.cName)(\(declared.joined(separator: ", ")))"
        return CallDefinition(call: call, prototype: prototype, parameters: parameters, swiftReturnType: returnType)
    }

    func parameterShape(_ type: String, name: String) -> CallDefinition.Parameter? {
        if Self.asynchronous.contains(type) { return .fixed("nil") }
        if let scalar = Self.scalars[type] { return .value(name: name, swiftType: scalar) }
        if type == "const char *" { return .value(name: name, swiftType: "String") }
        if type == "libxl_ctx *" { return .value(name: name, swiftType: "OpaquePointer") }
        if type.hasPrefix("const "), let pointee = Self.pointee(String(type.dropFirst(6))) {
            if let scalar = Self.scalars[pointee] { return .value(name: name, swiftType: "UnsafePointer<\(scalar)>?") }
            if structNames.contains(pointee) { return .value(name: name, swiftType: "UnsafePointer<\(pointee)>") }
            return nil
        }
        guard let pointee = Self.pointee(type) else { return nil }
        if let scalar = Self.scalars[pointee] { return .inOut(name: name, swiftType: scalar) }
        if structNames.contains(pointee) { return .value(name: name, swiftType: "UnsafeMutablePointer<\(pointee)>") }
        if let handle = Self.pointee(pointee), handle.hasPrefix("libxl_"), !structNames.contains(handle) {
            return .inOut(name: name, swiftType: "OpaquePointer?")
        }
        // A pointer to a libxl type without a definition in the header (an opaque handle).
        if pointee.hasPrefix("libxl_"), !pointee.contains(" ") { return .value(name: name, swiftType: "OpaquePointer") }
        return nil
    }

    /// `T` for `T *`.
    static func pointee(_ type: String) -> String? {
        guard type.hasSuffix("*") else { return nil }
        return type.dropLast().trimmingCharacters(in: .whitespaces)
    }

    /// A name for a parameter libxl.h leaves unnamed, from its type (`libxl_vcpuinfo *` → `vcpuinfo`).
    static func nameFor(_ type: String, _ position: Int) -> String {
        let base = type.replacingOccurrences(of: "const ", with: "").replacingOccurrences(of: "*", with: "")
            .trimmingCharacters(in: .whitespaces)
        guard base.hasPrefix("libxl_") else { return "argument\(position)" }
        return String(base.dropFirst(6))
    }
}
