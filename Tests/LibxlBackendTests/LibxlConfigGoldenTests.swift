import FoundationEssentials
import LibxlBackend
import Testing
import XendModel

@testable import Xenlight

#if canImport(Glibc)
    import Glibc
#endif

/// Each `Golden/<name>.sxp` `(vm ...)` becomes a libxl domain config whose JSON equals `Golden/<name>.json`,
/// both as our generated `Codable` writes it and as libxl's own `libxl_domain_config_gen_json` (the real
/// library, on the C struct our conversion fills) writes it.
/// A missing golden file is recorded, as is every one when `RECORD_SNAPSHOTS` is set; recorded files were
/// checked by hand against docs/libxl-backend.md, and `LibxlConfigMappingTests` asserts the key fields.
@Suite("(vm ...) to libxl_domain_config golden files")
struct LibxlConfigGoldenTests {
    static let goldenDirectory = String(#filePath.dropLast("LibxlConfigGoldenTests.swift".count)) + "Golden/"

    @Test("golden config", arguments: ["pv-basic", "pv-bootloader", "pvh", "hvm", "devices"])
    func golden(_ name: String) throws {
        let source = try #require(Self.read(Self.goldenDirectory + name + ".sxp"))
        let config = try DomainConfig(xend: VMConfig(parsing: source))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(config), as: UTF8.self) + "\n"
        let path = Self.goldenDirectory + name + ".json"
        guard let expected = Self.read(path), getenv("RECORD_SNAPSHOTS") == nil else {
            try Self.write(json, to: path)
            return
        }
        #expect(json == expected, "libxl config differs from \(path)")
        // The golden JSON is libxl's form: it decodes back to the same config.
        #expect(try JSONDecoder().decode(DomainConfig.self, from: Data(expected.utf8)) == config)
        // libxl's own generator, on the C config: the same document, whatever its spacing and key order.
        let libxls = try config.libxlJSON()
        let fromLibxl = try JSONDecoder().decode(DomainConfig.self, from: Data(libxls.utf8))
        #expect(String(decoding: try encoder.encode(fromLibxl), as: UTF8.self) + "\n" == expected)
    }

    static func read(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func write(_ text: String, to path: String) throws {
        guard let file = fopen(path, "wb") else { throw GoldenWriteError(path: path) }
        defer { fclose(file) }
        _ = text.utf8CString.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count - 1, file) }
    }
}

struct GoldenWriteError: Error { var path: String }
