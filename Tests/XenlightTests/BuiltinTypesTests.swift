import FoundationEssentials
import Testing

@testable import Xenlight

/// The hand-written value types behind libxl's builtins, and how bad JSON is refused.
@Suite("Builtin types")
struct BuiltinTypesTests {
    @Test("MAC parses and prints libxl's colon form", arguments: ["00:16:3e:01:02:03", "ff:ff:ff:ff:ff:ff"])
    func macRoundTrip(_ text: String) throws {
        let mac = try #require(MAC(text))
        #expect(mac.description == text)
    }

    @Test("MAC rejects malformed text", arguments: ["", "00:16:3e:01:02", "00:16:3e:01:02:zz", "0016:3e:01:02:03:04"])
    func macRejects(_ text: String) {
        #expect(MAC(text) == nil)
    }

    @Test("Bitmap keeps sorted, unique, non-negative bits")
    func bitmap() {
        let bitmap = Bitmap([9, 3, 3, -1, 0])
        #expect(bitmap.indices == [0, 3, 9])
        #expect(bitmap.contains(3) && !bitmap.contains(4))
        #expect(Bitmap().isEmpty)
    }

    @Test("Bitmap survives the C round trip across byte boundaries")
    func bitmapC() {
        var info = DomainBuildInfo()
        info.cpumap = [0, 7, 8, 63, 64]
        #expect(info.withC { DomainBuildInfo(fromC: $0.pointee) }.cpumap == [0, 7, 8, 63, 64])
    }

    @Test("Defbool reads libxl's three strings and refuses others")
    func defbool() throws {
        let decoder = JSONDecoder()
        #expect(
            try decoder.decode([Defbool].self, from: Data(#"["True","False","<default>"]"#.utf8)) == [
                .true, .false, .default,
            ])
        #expect(throws: DecodingError.self) { try decoder.decode([Defbool].self, from: Data(#"["maybe"]"#.utf8)) }
    }

    @Test(
        "bad JSON values fail with a DecodingError, never a crash",
        arguments: [
            #"{"mac": "not-a-mac"}"#, #"{"nictype": "no_such_type"}"#, #"{"devid": "three"}"#,
        ])
    func badNICJSON(_ json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DeviceNIC.self, from: Data(json.utf8)) }
    }

    @Test("a bad UUID and an unknown union key are refused")
    func badUUIDAndUnion() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(DomInfo.self, from: Data(#"{"uuid": "xyz"}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(DomainBuildInfo.self, from: Data(#"{"type.windows": {}}"#.utf8))
        }
    }

    @Test("an enum value libxl does not define keeps its number and encodes as one")
    func unknownEnumValue() throws {
        let value = DomainType(rawValue: 42)
        #expect(value.libxlString == nil)
        #expect(String(decoding: try JSONEncoder().encode([value]), as: UTF8.self) == "[42]")
        #expect(try JSONDecoder().decode([DomainType].self, from: Data("[42]".utf8)) == [value])
    }

    @Test("UUIDs are written in lower case, as libxl prints them")
    func uuidText() throws {
        let uuid = try #require(UUID(uuidString: "12345678-9ABC-4DEF-8123-456789ABCDEF"))
        #expect(uuid.libxlString == "12345678-9abc-4def-8123-456789abcdef")
    }
}
