import ArgumentParser
import Foundation
import XenlightGenerator

/// Generates the Swift libxl types from the installed headers (`make generate`).
@main
struct XenlightGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xenlight-gen",
        abstract: "Generate Swift value types and C conversions for libxl from the installed libxl.h."
    )

    @Option(help: "Directory holding libxl.h and _libxl_types.h.")
    var include = "/usr/include"

    @Option(help: "Directory for the library's generated files (Sources/Xenlight/Generated).")
    var output: String

    @Option(help: "Directory for the generated test values (Tests/XenlightTests/Generated); omitted: not written.")
    var testOutput: String?

    @Option(help: "The clang used to dump libxl.h's AST (default: the one beside swift).")
    var clang: String?

    @Option(help: "swift-format configuration for the output (default: ./.swift-format when present).")
    var formatConfiguration: String?

    @Flag(help: "Write the output unformatted (swift-format not run).")
    var noFormat = false

    func run() throws {
        let clangPath = clang ?? ClangRunner.defaultClangPath()
        let runner = ClangRunner(clangPath: clangPath, includeDirectory: include)
        let configuration =
            formatConfiguration
            ?? (FileManager.default.fileExists(atPath: ".swift-format") ? ".swift-format" : nil)
        let formatter = noFormat ? nil : SwiftFormatter.besideClang(clangPath, configuration: configuration)
        let model = try LibxlModel.load(using: runner, calls: WrappedCall.libxl)
        let generator = Generator(model: model)
        print("xenlight-gen: \(generator.summary)")
        for skipped in model.skippedFields {
            print("xenlight-gen: left out \(skipped)")
        }
        let changed = try Generator.write(
            generator.sourceFiles(), to: URL(fileURLWithPath: output), formatter: formatter)
        var changedTests: [String] = []
        if let testOutput {
            changedTests = try Generator.write(
                generator.testFiles(), to: URL(fileURLWithPath: testOutput), formatter: formatter)
        }
        print("xenlight-gen: \(changed.count + changedTests.count) files changed")
    }
}
