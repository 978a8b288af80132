import CLibxl
import Testing

@testable import Xenlight

/// `DevicePCI(address:)` and `.address`: the `DDDD:BB:DD.F` form `xenlight-exercise --pci-device` and sysfs use.
@Suite("DevicePCI address")
struct DevicePCIAddressTests {
    @Test(
        "parses segment, bus, device and function",
        arguments: [
            ("0000:00:03.0", 0, 0, 3, 0), ("00:1f.7", 0, 0, 0x1F, 7), ("0001:AF:1e.2", 1, 0xAF, 0x1E, 2),
            ("ffff:ff:1f.7", 0xFFFF, 0xFF, 0x1F, 7),
        ])
    func parses(_ text: String, _ segment: Int32, _ bus: UInt8, _ device: UInt8, _ function: UInt8) throws {
        let pci = try #require(DevicePCI(address: text))
        #expect(pci.domain == segment && pci.bus == bus && pci.dev == device && pci.func == function)
        // The C value libxl receives carries the same numbers.
        #expect(
            pci.withC { ($0.pointee.domain, $0.pointee.bus, $0.pointee.dev, $0.pointee.func) } == (
                segment, bus, device, function
            ))
    }

    @Test(
        "rejects what is not a PCI address",
        arguments: [
            "", "0000:00:03", "00:20.0", "00:03.8", "zz:00.0", "00000:00:03.0", "0000:000:03.0", "0000:00:03.0.1",
            ":00:03.0", "0000:00:.0", "1:2:3:4.0", "-1:00.0",
        ])
    func rejects(_ text: String) {
        #expect(DevicePCI(address: text) == nil)
    }

    @Test("prints the padded lower-case form, which parses back")
    func prints() throws {
        var pci = DevicePCI()
        pci.domain = 0xA
        pci.bus = 0x3
        pci.dev = 0x1C
        pci.func = 5
        #expect(pci.address == "000a:03:1c.5")
        #expect(DevicePCI(address: pci.address) == pci)
        #expect(try #require(DevicePCI(address: "00:03.0")).address == "0000:00:03.0")
    }
}
