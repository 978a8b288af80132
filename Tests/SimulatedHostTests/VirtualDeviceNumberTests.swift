import Testing

@testable import Hypervisor
@testable import SimulatedHost

@Suite("Virtual device numbers")
struct VirtualDeviceNumberTests {
    @Test(
        "names encode as Xen's vbd interface says",
        arguments: [
            ("xvda", 51712), ("xvdb", 51728), ("xvda1", 51713), ("xvdp15", 51967),
            ("xvdq", (1 << 28) | (16 << 8)), ("xvdaa", (1 << 28) | (26 << 8)), ("xvda16", (1 << 28) | 16),
            ("hda", 768), ("hdb", 832), ("hdc", 5632), ("hdd", 5696), ("hda1", 769), ("hde", 33 << 8),
            ("sda", 2048), ("sdb", 2064), ("sda1", 2049), ("sdp", 2288),
            ("d0", 1 << 28), ("d3p2", (1 << 28) | (3 << 8) | 2), ("51712", 51712),
            ("xvda:disk", 51712), ("hdc:cdrom", 5632), ("ioemu:hda", 768),
        ] as [(String, Int)]
    )
    func encodes(name: String, number: Int) {
        #expect(VirtualDeviceNumber.number(forDiskNamed: name) == UInt32(number))
    }

    @Test(
        "names outside the schemes are refused",
        arguments: ["", "vda", "xvd", "sdq", "hdu", "xvda01", "d", "dxp1", "hda64", "xvd1"])
    func refuses(name: String) {
        #expect(VirtualDeviceNumber.number(forDiskNamed: name) == nil)
    }
}
