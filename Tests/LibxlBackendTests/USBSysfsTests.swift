import Glibc
import Testing
import XendModel
import Xenlight

@testable import LibxlBackend

/// How usb_add's `host:VID:PID` finds the bus and device number in a sysfs tree (a real one on disk,
/// laid out as Linux lays out /sys/bus/usb/devices).
@Suite("USB host devices in sysfs")
struct USBSysfsTests {
    private func sysfs(_ devices: [String: [String: String]]) throws -> String {
        var template = Array("/tmp/usb-sysfs.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw XendError(.operationFailed, "mkdtemp failed") }
        let root = String(cString: made)
        for (name, files) in devices {
            mkdir("\(root)/\(name)", 0o755)
            for (key, value) in files {
                let file = fopen("\(root)/\(name)/\(key)", "w")
                fputs(value + "\n", file)
                fclose(file)
            }
        }
        return root
    }

    @Test("host:VID:PID is the first matching device; interfaces and unknown ids are skipped")
    func productLookup() throws {
        let root = try sysfs([
            "usb1": ["idVendor": "1d6b", "idProduct": "0003", "busnum": "1", "devnum": "1"],
            "1-1": ["idVendor": "0627", "idProduct": "0001", "busnum": "1", "devnum": "2"],
            "1-1:1.0": ["bInterfaceClass": "03"],
            "2-1": ["idVendor": "0627", "idProduct": "0001", "busnum": "2", "devnum": "5"],
        ])
        defer { _ = system("rm -rf '\(root)'") }
        #expect(USBSysfs.devices(under: root).count == 3)
        let found = try LibxlHypervisor.hostUSBAddress(of: .product(vendor: 0x627, product: 1), sysfs: root)
        #expect(found.hostbus == 1 && found.hostaddr == 2)
        let missing = #expect(throws: XendError.self) {
            try LibxlHypervisor.hostUSBAddress(of: .product(vendor: 0x46d, product: 0xc52b), sysfs: root)
        }
        #expect(missing?.message == "USB device host:046d:c52b is not on this host")
    }

    @Test("host:BUS.ADDR is taken as given; a missing sysfs tree lists nothing")
    func addressAsGiven() throws {
        let found = try LibxlHypervisor.hostUSBAddress(of: .address(bus: 3, device: 7), sysfs: "/nonexistent")
        #expect(found.hostbus == 3 && found.hostaddr == 7)
        #expect(USBSysfs.devices(under: "/nonexistent").isEmpty)
    }
}

/// Which USB controller usb_add puts a device on for an HVM guest (LibxlHypervisor+USB.swift).
@Suite("USB controller with a free port")
struct USBControllerChoiceTests {
    private func controller(_ devid: Int32, ports: Int32, type: UsbctrlType = .devicemodel) -> DeviceUsbctrl {
        var controller = DeviceUsbctrl()
        controller.type = type
        controller.devid = devid
        controller.ports = ports
        return controller
    }

    private func device(on controller: Int32, port: Int32) -> DeviceUsbdev {
        var device = DeviceUsbdev()
        device.ctrl = controller
        device.port = port
        return device
    }

    @Test("no controller: none to use (usb_add then adds one to the device model)")
    func noController() {
        #expect(LibxlHypervisor.controllerWithFreePort([], devices: []) == nil)
    }

    @Test("the first device-model controller that has a port left")
    func firstWithFreePort() {
        let controllers = [controller(0, ports: 2), controller(1, ports: 6)]
        let full = [device(on: 0, port: 1), device(on: 0, port: 2)]
        #expect(LibxlHypervisor.controllerWithFreePort(controllers, devices: []) == 0)
        #expect(LibxlHypervisor.controllerWithFreePort(controllers, devices: [device(on: 0, port: 1)]) == 0)
        #expect(LibxlHypervisor.controllerWithFreePort(controllers, devices: full) == 1)
        #expect(LibxlHypervisor.controllerWithFreePort([controller(0, ports: 2)], devices: full) == nil)
    }

    @Test("PV and qusb controllers are not the device model's")
    func onlyDeviceModel() {
        let controllers = [controller(0, ports: 8, type: .pv), controller(1, ports: 8, type: .qusb)]
        #expect(LibxlHypervisor.controllerWithFreePort(controllers, devices: []) == nil)
    }
}
