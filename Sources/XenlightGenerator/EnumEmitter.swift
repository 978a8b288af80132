/// Emits `Enums.swift` (public value types) and `Enums+C.swift` (libxl's own string functions, for tests).
///
/// Each libxl enum becomes a `RawRepresentable` struct over the C value with one static member per
/// constant (swift-system's `Errno` shape), so a value a newer libxl returns still fits.
struct EnumEmitter {
    let model: LibxlModel

    func typesFile() -> String {
        var w = SwiftWriter()
        for (index, definition) in model.enums.enumerated() {
            if index > 0 { w.line() }
            emitType(definition, into: &w)
        }
        return GeneratedHeader.text(imports: []) + w.text
    }

    func conversionsFile() -> String {
        var w = SwiftWriter()
        for (index, definition) in model.enums.enumerated() {
            if index > 0 { w.line() }
            w.block("extension \(definition.swiftName): LibxlCEnumeration") { w in
                w.line(
                    "/// The string `\(definition.cName)_to_string` returns, or nil for a value libxl does not define.")
                w.block("var cLibxlString: String?") { w in
                    w.line("let value = \(definition.cName)(rawValue: .init(truncatingIfNeeded: rawValue))")
                    w.line("return \(definition.cName)_to_string(value).map { String(cString: $0) }")
                }
            }
        }
        return GeneratedHeader.text(imports: ["internal import CLibxl"]) + w.text
    }

    private func uniqueCases(_ definition: EnumDefinition) -> [EnumCase] {
        var seen: Set<Int64> = []
        return definition.cases.filter { seen.insert($0.value).inserted }
    }

    private func emitType(_ definition: EnumDefinition, into w: inout SwiftWriter) {
        let name = definition.swiftName
        w.line("/// `\(definition.cName)`: one static member per constant; other values keep their raw C value.")
        w.block(
            "public struct \(name): RawRepresentable, Hashable, Sendable, CaseIterable, CustomStringConvertible"
        ) { w in
            w.line("public var rawValue: Int32")
            w.line()
            w.block("public init(rawValue: Int32)") { w in
                w.line("self.rawValue = rawValue")
            }
            for enumCase in definition.cases {
                w.line()
                w.line("/// `\(enumCase.cName)` (\"\(enumCase.libxlString)\")")
                w.line(
                    "public static let \(SwiftNaming.escaped(enumCase.swiftName)) = Self(rawValue: \(enumCase.value))")
            }
            w.line()
            w.line("/// Every constant libxl.h defines, in header order.")
            let all = definition.cases.map { "." + SwiftNaming.escaped($0.swiftName) }.joined(separator: ", ")
            w.line("public static let allCases: [Self] = [\(all)]")
            w.line()
            w.line(
                "/// The form `\(definition.cName)_to_string` gives and libxl's JSON uses; nil for an unknown value.")
            w.block("public var libxlString: String?") { w in
                w.block("switch rawValue") { w in
                    for enumCase in uniqueCases(definition) {
                        w.line("case \(enumCase.value): \"\(enumCase.libxlString)\"")
                    }
                    w.line("default: nil")
                }
            }
            w.line()
            w.line("/// Reads libxl's string form, ignoring case as `\(definition.cName)_from_string` does.")
            w.block("public init?(libxlString: String)") { w in
                w.block("switch libxlString.lowercased()") { w in
                    for enumCase in uniqueCases(definition) {
                        w.line("case \"\(enumCase.libxlString)\": self = .\(SwiftNaming.escaped(enumCase.swiftName))")
                    }
                    w.line("default: return nil")
                }
            }
            w.line()
            w.line("public var description: String { libxlString ?? \"\(name)(rawValue: \\(rawValue))\" }")
        }
        w.line()
        w.line("extension \(name): LibxlEnumeration {}")
    }
}
