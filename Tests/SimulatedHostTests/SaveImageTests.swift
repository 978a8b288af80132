import Testing

@testable import Hypervisor
@testable import SimulatedHost

@Suite("Guest state file format")
struct SaveImageTests {
    let image = SaveImage(
        configText: "(vm (name guest) (memory 64))",
        guestState: ["cpu_time": "1.5", "vcpus": "2"],
        memoryImage: SaveImage.memoryPattern(seed: "guest", mebibytes: 4)
    )

    @Test("encodes and decodes to the same value")
    func roundTrip() throws {
        let decoded = try SaveImage(decoding: image.encoded())
        #expect(decoded == image)
        #expect(image.memoryImage.count == 4 * 256)
    }

    @Test("a foreign file is refused by its signature")
    func wrongMagic() {
        var bytes = image.encoded()
        bytes.replaceSubrange(0..<8, with: Array("LinuxGue".utf8))
        #expect(throws: SaveImage.FormatError(description: "not a valid guest state file: found 'LinuxGue'")) {
            try SaveImage(decoding: bytes)
        }
    }

    @Test("a newer version is refused with both versions named")
    func versionMismatch() {
        var bytes = image.encoded()
        bytes[11] = 2
        #expect(
            throws: SaveImage.FormatError(
                description: "unsupported guest state file version 2 (this host reads version 1)")
        ) {
            try SaveImage(decoding: bytes)
        }
    }

    @Test("every truncation is detected", arguments: [0, 5, 8, 11, 15, 30, 60, 200, 1000])
    func truncated(length: Int) {
        let bytes = Array(image.encoded().prefix(length))
        #expect(throws: SaveImage.FormatError.self) { try SaveImage(decoding: bytes) }
    }

    @Test("the last byte missing is a truncation, a flipped byte a checksum error")
    func damage() {
        let bytes = image.encoded()
        #expect(throws: SaveImage.FormatError(description: "not a valid guest state file: truncated in checksum")) {
            try SaveImage(decoding: Array(bytes.dropLast()))
        }
        var flipped = bytes
        flipped[bytes.count - 20] ^= 0xFF
        #expect(throws: SaveImage.FormatError(description: "not a valid guest state file: checksum mismatch (corrupt)"))
        {
            try SaveImage(decoding: flipped)
        }
    }
}
