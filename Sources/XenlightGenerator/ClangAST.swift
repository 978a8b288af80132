import Foundation

/// The few parts of clang's `-ast-dump=json` output that the generator reads.
///
/// Only declarations matter here (records, fields, enums, typedefs, functions); every other key
/// in clang's dump is ignored, and a `value` that is not a string (a character literal's code,
/// say) is dropped rather than failing the whole decode.
struct ClangNode: Decodable, Sendable {
    struct QualType: Decodable, Sendable {
        var qualType: String
    }

    var kind: String?
    var name: String?
    var type: QualType?
    var tagUsed: String?
    var completeDefinition: Bool?
    var value: String?
    var inner: [ClangNode]?

    enum CodingKeys: String, CodingKey {
        case kind, name, type, tagUsed, completeDefinition, value, inner
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        type = try? c.decodeIfPresent(QualType.self, forKey: .type)
        tagUsed = try c.decodeIfPresent(String.self, forKey: .tagUsed)
        completeDefinition = try c.decodeIfPresent(Bool.self, forKey: .completeDefinition)
        value = try? c.decodeIfPresent(String.self, forKey: .value)
        inner = try c.decodeIfPresent([ClangNode].self, forKey: .inner)
    }

    var children: [ClangNode] { inner ?? [] }

    /// The value of an `EnumConstantDecl`: clang records it on the `ConstantExpr` it wraps.
    var enumConstantValue: Int64? {
        for child in children {
            if child.kind == "ConstantExpr", let text = child.value, let number = Int64(text) {
                return number
            }
        }
        return nil
    }
}

/// Runs clang on a one-line translation unit that includes libxl.h with the pinned API version.
public struct ClangRunner: Sendable {
    public var clangPath: String
    public var includeDirectory: String
    public var apiVersion: String
    /// The headers the translation unit includes (fixtures replace libxl's own).
    public var headers: [String]

    public init(
        clangPath: String, includeDirectory: String, apiVersion: String = "0x041400",
        headers: [String] = ["libxl.h", "libxl_utils.h", "libxl_json.h"]
    ) {
        self.clangPath = clangPath
        self.includeDirectory = includeDirectory
        self.apiVersion = apiVersion
        self.headers = headers
    }

    /// The toolchain's clang: the one in the same directory as the real `swift` found on `PATH`
    /// (symbolic links resolved), else `/opt/swift/usr/bin/clang`.
    public static func defaultClangPath() -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let swift = URL(fileURLWithPath: "\(directory)/swift")
            guard FileManager.default.isExecutableFile(atPath: swift.path) else { continue }
            let clang = swift.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("clang")
            if FileManager.default.isExecutableFile(atPath: clang.path) { return clang.path }
        }
        return "/opt/swift/usr/bin/clang"
    }

    /// The top-level declarations of the translation unit.
    func declarations() throws -> [ClangNode] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("xenlight-gen-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let unit = directory.appendingPathComponent("libxl-types.c")
        let source = """
            #define LIBXL_API_VERSION \(apiVersion)
            #define HAVE_YAJL_YAJL_VERSION_H 1
            \(headers.map { "#include <\($0)>" }.joined(separator: "\n"))

            """
        try source.write(to: unit, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("ast.json")
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
            throw GeneratorError.malformed("cannot create \(output.path)")
        }
        let outputHandle = try FileHandle(forWritingTo: output)
        let errorPipe = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: clangPath)
        process.arguments = [
            "-Xclang", "-ast-dump=json", "-fsyntax-only", "-w",
            "-I", includeDirectory, unit.path,
        ]
        process.standardOutput = outputHandle
        process.standardError = errorPipe
        try process.run()
        let errorText = String(decoding: errorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try outputHandle.close()
        guard process.terminationStatus == 0 else {
            throw GeneratorError.clangFailed(status: process.terminationStatus, message: errorText)
        }
        let data = try Data(contentsOf: output)
        let root = try JSONDecoder().decode(ClangNode.self, from: data)
        return root.children
    }
}

/// Why generation stopped.
public enum GeneratorError: Error, CustomStringConvertible {
    case clangFailed(status: Int32, message: String)
    case unsupportedField(structName: String, field: String, type: String)
    case malformed(String)

    public var description: String {
        switch self {
        case .clangFailed(let status, let message):
            "clang exited with status \(status): \(message)"
        case .unsupportedField(let structName, let field, let type):
            "\(structName).\(field) has a type the generator does not know: \(type)"
        case .malformed(let text):
            text
        }
    }
}
