import Hypervisor
import SExpression
import Testing
import XendModel

@Suite("Simulated host: devices")
struct SimulatedDeviceTests {
    func device(_ text: String) throws -> DeviceConfig {
        try DeviceConfig(SExpression.parse(text))
    }

    func state(_ test: TestHost, _ id: DomainID, _ deviceClass: DeviceClass, _ devid: Int) throws -> String? {
        try test.host.devices(deviceClass, of: id).first { $0.deviceID == devid }?.entries.first { $0.key == "state" }?
            .value
    }

    @Test("devids: disks by their names, vifs 0, 1, 2")
    func devids() throws {
        let test = try TestHost()
        let config = try TestHost.config(
            "(vm (name a) (device (vbd (uname phy:/dev/vg/a) (dev xvda) (mode w))) "
                + "(device (vbd (uname phy:/dev/vg/b) (dev hdc:cdrom) (mode r))) (device (vif)) (device (vif (mac 00:16:3e:00:00:01))))"
        )
        let id = try test.host.createDomain(config).domainID!
        #expect(try test.host.devices(.vbd, of: id).map(\.deviceID) == [5632, 51712])
        let vifs = try test.host.devices(.vif, of: id)
        #expect(vifs.map(\.deviceID) == [0, 1])
        #expect(vifs[1].entries.contains(DeviceFrontendState.Entry("mac", "00:16:3e:00:00:01")))
        #expect(vifs[0].entries.first { $0.key == "mac" }?.value.hasPrefix("00:16:3e:") == true)
        let added = try test.host.createDevice(device("(vif (bridge xenbr0))"), for: id)
        #expect(added == DeviceReference(deviceClass: .vif, domainID: id, deviceID: 2))
        let disk = try test.host.createDevice(device("(vbd (uname phy:/dev/vg/c) (dev xvdb) (mode w))"), for: id)
        #expect(disk.deviceID == 51728)
        #expect(throws: XendError.message("Device xvdb (51728, vbd) is already connected.")) {
            try test.host.createDevice(device("(vbd (uname phy:/dev/vg/d) (dev xvdb) (mode w))"), for: id)
        }
        let record = try test.record("a")
        #expect(record.devices.count == 6)
        #expect(record.devices.contains { $0.blockDevice?.dev == "hdc:cdrom" })
    }

    @Test("back-ends go Initialising, InitWait (hotplug done), Connected once the guest runs")
    func backendStates() throws {
        let test = try TestHost()
        let id = try test.host.createDomain(
            TestHost.config("(vm (name a) (device (vbd (uname phy:/dev/x) (dev xvda) (mode w))))")
        ).domainID!
        #expect(try state(test, id, .vbd, 51712) == "1")
        let backend = try test.host.devices(.vbd, of: id)[0].entries.first { $0.key == "backend" }?.value
        #expect(backend == "/local/domain/0/backend/vbd/1/51712")
        try test.host.waitForDevices(id, timeout: nil)
        #expect(try state(test, id, .vbd, 51712) == "1")
        try test.host.unpause(id)
        #expect(try state(test, id, .vbd, 51712) == "4")
        try test.host.destroyDevice(.vbd, "xvda", force: false, for: id)
        #expect(try state(test, id, .vbd, 51712) == "5")
        test.clock.advance(by: 1)
        #expect(try test.host.devices(.vbd, of: id).isEmpty)
    }

    @Test("a disk whose image file is missing never connects: wait_for_devices times out naming it")
    func waitTimeout() throws {
        let directory = try TemporaryDirectory()
        try directory.writeRaw([0], to: "present.img")
        let test = try TestHost()
        let config = try TestHost.config(
            "(vm (name a) (device (vbd (uname file:\(directory.path)/present.img) (dev xvda) (mode w))) "
                + "(device (vbd (uname tap:aio:\(directory.path)/missing.img) (dev xvdb) (mode w))))")
        let id = try test.host.createDomain(config).domainID!
        let start = test.clock.now()
        #expect(throws: XendError.message("Device 51728 (vbd) could not be connected. Hotplug scripts not working.")) {
            try test.host.waitForDevices(id, timeout: 5)
        }
        #expect(test.clock.now().seconds(since: start) == 5)
        #expect(try state(test, id, .vbd, 51728) == "1")
        #expect(try test.host.hypervisorConsole().contains("missing.img does not exist"))
        #expect(throws: XendError.message("Device 51744 (vbd) could not be connected. Hotplug scripts not working.")) {
            try test.host.createDevice(device("(vbd (uname file:/nonexistent/x.img) (dev xvdc) (mode w))"), for: id)
        }
        #expect(try test.host.devices(.vbd, of: id).map(\.deviceID) == [51712, 51728])
    }

    @Test("destroy by id or name, force; unknown devices are not defined")
    func destroy() throws {
        let test = try TestHost()
        let id = try test.running(
            "a", extra: "(device (vif)) (device (vif)) (device (vbd (uname phy:/x) (dev sda) (mode w)))")
        try test.host.destroyDevice(.vif, "1", force: true, for: id)
        #expect(try test.host.devices(.vif, of: id).map(\.deviceID) == [0])
        try test.host.destroyDevice(.vbd, "2048", force: true, for: id)
        #expect(try test.host.devices(.vbd, of: id).isEmpty)
        #expect(throws: XendError.deviceNotDefined("xvda")) {
            try test.host.destroyDevice(.vbd, "xvda", force: false, for: id)
        }
        #expect(throws: XendError.deviceNotDefined("0")) {
            try test.host.destroyDevice(.vbd, "0", force: false, for: id)
        }
        #expect(try test.record("a").devices.count == 1)
        let next = try test.host.createDevice(device("(vif)"), for: id)
        #expect(next.deviceID == 2)
    }

    @Test("a cdrom's media can be changed; other disks refuse")
    func configure() throws {
        let test = try TestHost()
        let id = try test.running(
            "a",
            extra:
                "(device (vbd (uname phy:/x) (dev xvda) (mode w))) (device (vbd (uname file:/nonexistent.iso) (dev hdc:cdrom) (mode r)))"
        )
        try test.host.configureDevice(device("(vbd (uname phy:/dev/sr0) (dev hdc:cdrom) (mode r))"), "hdc", for: id)
        let cdrom = try test.record("a").devices.compactMap(\.blockDevice).first { $0.dev == "hdc:cdrom" }
        #expect(cdrom?.uname == "phy:/dev/sr0")
        #expect(throws: XendError.message("Device xvda is not a CD-ROM: only media can be changed")) {
            try test.host.configureDevice(device("(vbd (uname phy:/y) (dev xvda) (mode w))"), "xvda", for: id)
        }
        #expect(throws: XendError.deviceNotDefined("hdd")) {
            try test.host.configureDevice(device("(vbd (uname phy:/y) (dev hdd:cdrom) (mode r))"), "hdd", for: id)
        }
    }
}
