/// Writes `LibxlCalls.swift`: one shim per wrapped libxl function, in `enum Calls` (declared by hand in
/// Sources/Xenlight/Internals/Calls.swift beside the shims that adapt C conventions).
struct CallEmitter {
    let calls: [CallDefinition]

    func file() -> String {
        var writer = SwiftWriter()
        writer.line("/// The libxl functions the bindings call one-to-one: synchronous (`ao_how` is `NULL`), scalar")
        writer.line("/// out-parameters as `inout`, IDL structs as typed pointers, opaque handles as `OpaquePointer`.")
        writer.line("/// Debug builds record each call's C name in `CallTrace` (the `*_list_free` calls excepted).")
        writer.block("extension Calls") { writer in
            for (index, call) in calls.enumerated() {
                if index > 0 { writer.line() }
                shim(call, into: &writer)
            }
        }
        return GeneratedHeader.text(imports: ["internal import CLibxl"]) + writer.text
    }

    func shim(_ call: CallDefinition, into writer: inout SwiftWriter) {
        for line in Self.wrapped(call.prototype, width: 112) { writer.line("// " + line) }
        var declared: [String] = []
        var arguments: [String] = []
        for parameter in call.parameters {
            switch parameter {
            case .value(let name, let type):
                declared.append("_ \(name): \(type)")
                arguments.append(name)
            case .inOut(let name, let type):
                declared.append("_ \(name): inout \(type)")
                arguments.append("&" + name)
            case .fixed(let constant):
                arguments.append(constant)
            }
        }
        let result = call.swiftReturnType.map { " -> \($0)" } ?? ""
        writer.block("static func \(call.call.swiftName)(\(declared.joined(separator: ", ")))\(result)") { writer in
            if call.call.traced { writer.line("CallTrace.record(\"\(call.call.cName)\")") }
            let invocation = "\(call.call.cName)(\(arguments.joined(separator: ", ")))"
            writer.line(call.swiftReturnType == nil ? invocation : "return " + invocation)
        }
    }

    /// The prototype broken after commas so each comment line stays within `width`.
    static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for piece in text.split(separator: ", ", omittingEmptySubsequences: false) {
            let candidate = current.isEmpty ? String(piece) : current + ", " + piece
            if candidate.count > width, !current.isEmpty {
                lines.append(current + ",")
                current = "    " + piece
            } else {
                current = candidate
            }
        }
        lines.append(current)
        return lines
    }
}
