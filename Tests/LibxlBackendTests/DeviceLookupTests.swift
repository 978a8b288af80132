import Testing
import XendModel
import Xenlight

@testable import LibxlBackend

/// How device references and stored configs map onto libxl's disks and NICs.
@Suite("Device lookup")
struct DeviceLookupTests {
    func config(_ text: String) throws -> VMConfig {
        try VMConfig(parsing: text)
    }

    @Test(
        "disks are named by devid or by name",
        arguments: [
            ("51728", 51728), ("xvdb", 51728), ("xvda", 51712), ("hdc", 5632), ("hdc:cdrom", 5632), ("sda", 2048),
        ] as [(String, UInt32)])
    func diskNumbers(_ reference: String, _ number: UInt32) {
        #expect(DeviceLookup.diskNumber(reference) == number)
    }

    @Test("references that name nothing")
    func badReferences() {
        #expect(DeviceLookup.diskNumber("floppy") == nil)
        #expect(DeviceLookup.diskNumber("") == nil)
        #expect(DeviceLookup.nicDevid("eth0") == nil)
        #expect(DeviceLookup.nicDevid("-1") == nil)
        #expect(DeviceLookup.nicDevid("") == nil)
        #expect(DeviceLookup.nicDevid("99999999999") == nil)
        #expect(DeviceLookup.nicDevid("2") == 2)
    }

    @Test("a libxl disk's number comes from its vdev")
    func libxlDiskNumber() {
        var disk = DeviceDisk()
        disk.vdev = "xvdb"
        #expect(DeviceLookup.number(of: disk) == 51728)
        disk.vdev = nil
        #expect(DeviceLookup.number(of: disk) == nil)
    }

    @Test("front-end directories: every disk class is a vbd; ioports and irq have none")
    func frontendDirectories() {
        #expect(DeviceLookup.frontendDirectoryName(of: .tap) == "vbd")
        #expect(DeviceLookup.frontendDirectoryName(of: .tap2) == "vbd")
        #expect(DeviceLookup.frontendDirectoryName(of: .vif) == "vif")
        #expect(DeviceLookup.frontendDirectoryName(of: .usb) == "vusb")
        #expect(DeviceLookup.frontendDirectoryName(of: .irq) == nil)
        #expect(DeviceLookup.frontendDirectoryName(of: .ioports) == nil)
    }

    @Test("the stored config says which class a disk is; vbd when it does not know it")
    func diskClasses() throws {
        let stored = try config(
            "(vm (name a) (device (vbd (uname phy:/dev/x) (dev xvda))) (device (tap (uname tap:aio:/i) (dev xvdb))))")
        #expect(DeviceLookup.diskClass(of: 51712, in: stored) == .vbd)
        #expect(DeviceLookup.diskClass(of: 51728, in: stored) == .tap)
        #expect(DeviceLookup.diskClass(of: 51744, in: stored) == .vbd)
        #expect(DeviceLookup.diskClass(of: 51728, in: nil) == .vbd)
    }

    @Test("removing a disk by number and a vif by MAC leaves the other devices")
    func removing() throws {
        let stored = try config(
            "(vm (name a) (device (vbd (uname phy:/dev/x) (dev xvda))) (device (vbd (uname file:/i) (dev xvdb:disk)))"
                + " (device (vif (mac 00:16:3E:00:00:01))) (device (vif (mac 00:16:3e:00:00:02))))")
        let withoutDisk = DeviceLookup.removingDisk(51728, from: stored)
        #expect(withoutDisk.devices.count == 3)
        #expect(!withoutDisk.devices.contains { $0.blockDevice?.uname == "file:/i" })
        let withoutVif = DeviceLookup.removingVif(MAC("00:16:3e:00:00:01")!, from: stored)
        #expect(withoutVif.devices.count == 3)
        #expect(
            withoutVif.devices.contains { if case .vif(let v) = $0 { v.mac == "00:16:3e:00:00:02" } else { false } })
        #expect(DeviceLookup.removingVif(MAC("00:16:3e:00:00:09")!, from: stored) == stored)
    }

    @Test("changing media keeps the device's class and dev")
    func media() throws {
        let stored = try config("(vm (name a) (device (tap (uname tap:aio:/old.iso) (dev hdc:cdrom) (mode r))))")
        let changed = DeviceLookup.changingMedia(5632, to: "file:/new.iso", in: stored)
        guard case .tap(let block) = changed.devices.first else {
            Issue.record("not a tap: \(changed.devices)")
            return
        }
        #expect(block.uname == "file:/new.iso")
        #expect(block.dev == "hdc:cdrom")
        #expect(DeviceLookup.changingMedia(5632, to: nil, in: stored).devices.first?.blockDevice?.uname == nil)
    }

    @Test("libxl's MACs fill the vifs that had none, in devid order")
    func assignedMACs() throws {
        let stored = try config(
            "(vm (name a) (device (vif (bridge b0))) (device (vbd (uname phy:/x) (dev xvda))) (device (vif (mac 00:16:3e:00:00:07))))"
        )
        var first = DeviceNIC()
        first.devid = 0
        first.mac = MAC("00:16:3e:aa:bb:cc")!
        var second = DeviceNIC()
        second.devid = 1
        second.mac = MAC("00:16:3e:00:00:07")!
        let filled = DeviceLookup.withMACs(stored, from: [second, first])
        let macs = filled.devices.compactMap { if case .vif(let v) = $0 { v.mac } else { nil } }
        #expect(macs == ["00:16:3e:aa:bb:cc", "00:16:3e:00:00:07"])
        #expect(DeviceLookup.withMACs(stored, from: []) == stored)
    }
}
