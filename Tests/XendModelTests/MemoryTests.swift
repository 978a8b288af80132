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

    @Test("checkedMebibytes refuses amounts whose bytes overflow 64 bits")
    func checked() {
        #expect(Memory.checkedMebibytes(Memory.largestMebibytes)?.inBytes == Memory.largestMebibytes << 20)
        #expect(Memory.checkedMebibytes(Memory.largestMebibytes + 1) == nil)
        #expect(Memory.checkedMebibytes(3_299_999_999_999_999_999) == nil)
    }

    /// FuzzRequestPath crashed the daemon with op=new and this config: MiB -> KiB overflowed and trapped.
    @Test(
        "a memory size that fits Int64 but not KiB is a malformed field, not a crash",
        arguments: ["3299999999999999999", "9223372036854775807", "18014398509481984"])
    func hugeMemoryField(value: String) {
        #expect(throws: XendError.self) { try VMConfig(parsing: "(vm (name m1) (memory \(value)))") }
        #expect(throws: XendError.self) { try VMConfig(parsing: "(vm (name m1) (memory 64) (maxmem \(value)))") }
    }
}
