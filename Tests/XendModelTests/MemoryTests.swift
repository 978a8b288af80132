import Testing
import XendModel

@Suite("Memory units")
struct MemoryTests {
    @Test("MiB, KiB, bytes and pages convert through KiB")
    func conversions() {
        #expect(Memory.mebibytes(512).inKibibytes == 524_288)
        #expect(Memory.kibibytes(1536).inMebibytes == 1)
        #expect(Memory.bytes(1_048_576).inMebibytes == 1)
        #expect(Memory.pages(256).inMebibytes == 1)
        #expect(Memory.mebibytes(2).inBytes == 2_097_152)
    }

    @Test("subtraction saturates at zero")
    func saturatingSubtraction() {
        #expect(Memory.mebibytes(1) - Memory.mebibytes(2) == .zero)
        #expect(Memory.mebibytes(3) - Memory.mebibytes(2) == .mebibytes(1))
    }
}
