import SExpression
import Testing

@testable import XendModel

@Suite("PCI hot-plug, USB host devices and credit2 in the model")
struct PassthroughModelTests {
    @Test("host USB devices: host:BUS.ADDR in decimal, host:VID:PID in hexadecimal, nothing else")
    func usbHostDevice() throws {
        #expect(try USBHostDevice("host:1.2") == .address(bus: 1, device: 2))
        #expect(try USBHostDevice("host:003.012") == .address(bus: 3, device: 12))
        #expect(try USBHostDevice("host:0627:0001") == .product(vendor: 0x627, product: 1))
        #expect(try USBHostDevice("host:46d:C52B") == .product(vendor: 0x46d, product: 0xc52b))
        #expect(try USBHostDevice("host:003.012").description == "host:3.12")
        #expect(try USBHostDevice("host:46d:c52b").description == "host:046d:c52b")
        for bad in [
            "tablet", "host:", "host:1", "host:0.1", "host:1.128", "host:1.2.3", "host:12345:1", "host:g:1", "1.2",
        ] {
            #expect(throws: XendError.self, "\(bad)") { try USBHostDevice(bad) }
        }
    }

    @Test("credit2: the weight as a dict repr, read back, and xend's range check")
    func credit2() throws {
        let parameters = try Credit2SchedulerParameters(weight: 256)
        #expect(parameters.toSExpression().description == "\"{'weight': 256}\"")
        #expect(try Credit2SchedulerParameters(SExpression.parse("\"{'weight': 512}\"")).weight == 512)
        #expect(throws: XendError.self) { try Credit2SchedulerParameters(.atom("{'cap': 0}")) }
        #expect(throws: XendError.self) { try Credit2SchedulerParameters(.atom("weight 5")) }
        for weight in [0, 65536, -1] {
            let error = #expect(throws: XendError.self) { try Credit2SchedulerParameters(weight: weight) }
            #expect(error?.message == "weight is out of range")
        }
        // The credit reply reader still takes either key order after sharing the dict reader.
        #expect(
            try CreditSchedulerParameters(.atom("{'weight': 7, 'cap': 1}"))
                == CreditSchedulerParameters(weight: 7, cap: 1))
    }

    @Test("PCI host addresses: DDDD:BB:SS.F or BB:SS.F; the same function whatever the guest slot")
    func pciAddresses() throws {
        let full = try #require(PCIAddress(hostAddress: "0000:00:10.0"))
        #expect(full == PCIAddress(domain: 0, bus: 0, slot: 0x10, function: 0))
        #expect(PCIAddress(hostAddress: "03:1f.7") == PCIAddress(domain: 0, bus: 3, slot: 0x1f, function: 7))
        for bad in ["0000:00:20.0", "00:10.8", "10.0", "0000:00:10", "x0:00:10.0", "00000:00:10.0", ""] {
            #expect(PCIAddress(hostAddress: bad) == nil, "\(bad)")
        }
        #expect(full.hostAddress == "0000:00:10.0")
        let inGuest = PCIAddress(domain: nil, bus: 0, slot: 0x10, function: 0, vslot: 5, state: "Closing")
        #expect(inGuest.isSameFunction(as: full))
        #expect(!PCIAddress(domain: 0, bus: 0, slot: 0x10, function: 1).isSameFunction(as: full))
    }

    @Test("device_configure's state: on the (pci ...) as libvirt and xm send it, or on its first dev")
    func hotplugState() throws {
        let onDevice = try DeviceConfig(
            SExpression.parse("(pci (dev (domain 0x0) (bus 0x0) (slot 0x10) (func 0x0)) (state 'Closing'))"))
        let onDev = try DeviceConfig(
            SExpression.parse("(pci (dev (domain 0x0) (bus 0x0) (slot 0x10) (func 0x0) (state Initialising)))"))
        let without = try DeviceConfig(SExpression.parse("(pci (dev (domain 0x0) (bus 0x0) (slot 0x10) (func 0x0)))"))
        guard case .pci(let closing) = onDevice, case .pci(let initialising) = onDev, case .pci(let none) = without
        else {
            Issue.record("not parsed as pci")
            return
        }
        #expect(closing.hotplugState == "Closing")
        #expect(initialising.hotplugState == "Initialising")
        #expect(none.hotplugState == nil)
    }

    @Test("a config's one (pci ...) gains and loses functions; it goes with its last; states are not kept")
    func configFunctions() throws {
        var config = try VMConfig(
            parsing: "(vm (name g) (memory 64) (device (vbd (uname phy:/dev/x) (dev xvda) (mode w))))")
        let first = PCIAddress(domain: 0, bus: 0, slot: 0x10, function: 0, state: "Initialising")
        let second = PCIAddress(domain: 0, bus: 0, slot: 0x11, function: 0)
        config.addPCIFunctions([first])
        config.addPCIFunctions([second])
        let pci = config.devices.filter(\.isPCI)
        #expect(pci.count == 1)
        guard case .pci(let devices) = pci.first else { return }
        #expect(devices.functions.count == 2)
        #expect(devices.functions.allSatisfy { $0.state == nil })
        config.removePCIFunctions { $0.isSameFunction(as: first) }
        #expect(config.devices.filter(\.isPCI).count == 1)
        config.removePCIFunctions { $0.isSameFunction(as: second) }
        #expect(config.devices.filter(\.isPCI).isEmpty)
        #expect(config.devices.count == 1)
    }
}
