import Foundation
import Testing

@testable import XenlightGenerator

/// The generator on a small header fixture, checked against golden output (recorded when a golden
/// file is missing or RECORD_SNAPSHOTS is set). Needs only the toolchain's clang, not libxl.
@Suite("xenlight-gen on Fixtures/demo.h")
struct FixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    static func model() throws -> LibxlModel {
        try LibxlModel.load(
            using: ClangRunner(
                clangPath: ClangRunner.defaultClangPath(),
                includeDirectory: folder.appendingPathComponent("Fixtures").path, headers: ["demo.h"]))
    }

    @Test("recovers one enum, two structs, one keyed union and one array")
    func shapes() throws {
        let model = try Self.model()
        #expect(model.enums.map(\.swiftName) == ["DemoKind"])
        #expect(model.enums.first?.cases.map(\.libxlString) == ["invalid", "alpha", "beta_gamma"])
        #expect(model.enums.first?.cases.map(\.value) == [-1, 1, 2])
        #expect(model.structs.map(\.swiftName) == ["DemoItem", "DemoConfig"])
        #expect(model.keyedUnionCount == 1)
        #expect(model.arrayCount == 1)
        let config = try #require(model.structs.last)
        #expect(config.fields.map(\.cName) == ["name", "enabled", "cpus", "args", "items", "extra"])
        #expect(config.keyedUnion?.cases.map { $0.payload?.swiftName } == [nil, "Alpha", nil])
    }

    @Test(
        "generates the golden files",
        arguments: [
            "Enums.swift", "Enums+C.swift", "DemoConfig.swift",
            "DemoConfig+C.swift", "DemoItem.swift", "DemoItem+C.swift", "PopulatedValues.swift",
        ])
    func golden(_ name: String) throws {
        let generator = Generator(model: try Self.model())
        let files = generator.sourceFiles().merging(generator.testFiles()) { first, _ in first }
        let text = try #require(files[name])
        let golden = Self.folder.appendingPathComponent("Golden/\(name).txt")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil
            || !FileManager.default.fileExists(atPath: golden.path)
        {
            try text.write(to: golden, atomically: true, encoding: .utf8)
        }
        #expect(text == (try String(contentsOf: golden, encoding: .utf8)), "Golden/\(name).txt")
    }
}
