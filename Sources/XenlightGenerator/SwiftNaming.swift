/// Swift spellings for libxl's C names (docs/xenlight-gen.md#naming: one case per acronym, keywords escaped).
public enum SwiftNaming {
    /// Words written in one case throughout (`DomainID`, `DeviceNIC`, `vcpuCount`).
    static let acronyms: Set<String> = [
        "nic", "pci", "usb", "vtpm", "uuid", "mac", "cpu", "vcpu", "vnc", "hvm", "pv", "pvh", "acpi", "numa", "json",
    ]

    /// Type names Swift already uses for something else.
    static let typeOverrides: [String: String] = [
        "libxl_error": "ErrorCode"
    ]

    /// Words that need backticks as identifiers.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static", "struct",
        "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do", "else",
        "fallthrough", "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while", "as", "catch",
        "false", "is", "nil", "super", "self", "Self", "throw", "throws", "true", "try", "any", "some", "Type",
    ]

    /// Compound words libxl writes as one (`dominfo`): split before these suffixes.
    static let suffixes = ["info", "topology"]

    /// `libxl_domain_build_info` → `DomainBuildInfo`, `libxl_vcpuinfo` → `VCPUInfo`.
    public static func typeName(_ cName: String) -> String {
        if let override = typeOverrides[cName] { return override }
        let trimmed = cName.hasPrefix("libxl_") ? String(cName.dropFirst(6)) : cName
        return words(trimmed).map(upperWord).joined()
    }

    /// `max_vcpus` → `maxVCPUs`, `c_info` → `cInfo`, `restart_rename` → `restartRename`.
    public static func memberName(_ cName: String) -> String {
        let parts = words(cName)
        guard let first = parts.first else { return cName }
        var name = first.lowercased() + parts.dropFirst().map(upperWord).joined()
        if let firstCharacter = name.first, firstCharacter.isNumber { name = "_" + name }
        return name
    }

    /// The identifier as it must be written in a declaration.
    public static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    static func words(_ name: String) -> [String] {
        var result: [String] = []
        for word in name.lowercased().split(separator: "_") {
            var word = String(word)
            var tail: String?
            for suffix in suffixes where word.count > suffix.count && word.hasSuffix(suffix) {
                word = String(word.dropLast(suffix.count))
                tail = suffix
            }
            result.append(word)
            if let tail { result.append(tail) }
        }
        return result
    }

    static func upperWord(_ word: String) -> String {
        if acronyms.contains(word) { return word.uppercased() }
        if word.hasSuffix("s"), acronyms.contains(String(word.dropLast())) {
            return word.dropLast().uppercased() + "s"
        }
        return word.prefix(1).uppercased() + word.dropFirst()
    }
}
