import Testing

/// PCI hot-plug (device_create, device_configure with a hot-plug state, device_destroy), usb_add/usb_del
/// and the credit2 scheduler ops, through the router on the simulated host.
@Suite("Router: PCI and USB passthrough, credit2")
struct RouterPassthroughTests {
    static let e1000 = "(dev (domain 0x0) (bus 0x0) (slot 0x10) (func 0x0))"
    static let second = "(dev (domain 0x0) (bus 0x0) (slot 0x11) (func 0x0))"

    @Test("PCI: attach at device_create, more with (state Initialising), detach with (state Closing), destroy")
    func pciHotplug() throws {
        let host = try RouterHost()
        let created = host.post("/xend/domain/vm1", "op=device_create&config=(pci \(Self.e1000))")
        #expect(created.status == 200)
        #expect(created.text == "(pci (dom 3 id 0))")
        #expect(host.get("/xend/domain/vm1").text.contains("(device (pci (dev (domain 0x0000) (bus 0x00) (slot 0x10)"))
        // The same function twice is refused; the daemon keeps serving.
        #expect(
            host.post("/xend/domain/vm1", "op=device_create&config=(pci \(Self.e1000))").text
                == "(xend.err 'Device 0000:00:10.0 (pci) is already connected.')")
        // libvirt's form: the state on the device, quoted, and dev ignored.
        let attached = host.post(
            "/xend/domain/vm1", "op=device_configure&config=(pci \(Self.second) (state 'Initialising'))&dev=0")
        #expect(attached.text == "True")
        let both = host.get("/xend/domain/vm1").text
        #expect(both.contains("(slot 0x10)") && both.contains("(slot 0x11)"))
        #expect(!both.contains("Initialising"))
        let detached = host.post(
            "/xend/domain/vm1", "op=device_configure&config=(pci \(Self.e1000) (state Closing))&dev=0")
        #expect(detached.text == "True")
        let one = host.get("/xend/domain/vm1").text
        #expect(!one.contains("(slot 0x10)") && one.contains("(slot 0x11)"))
        #expect(
            host.post("/xend/domain/vm1", "op=device_configure&config=(pci \(Self.e1000) (state Closing))&dev=0").text
                == "(xend.err 'Device 0000:00:10.0 is not connected')")
        #expect(
            host.post("/xend/domain/vm1", "op=device_configure&config=(pci \(Self.e1000))&dev=0").text
                == "(xend.err 'pci device_configure needs (state Initialising) to attach or (state Closing) to detach, not none')"
        )
        // A host address names one function; the back-end goes with its last one.
        let destroyed = host.post("/xend/domain/vm1", "op=device_destroy&type=pci&dev=0000:00:11.0&force=1&rm_cfg=1")
        #expect(destroyed.status == 200 && destroyed.body.isEmpty)
        #expect(!host.get("/xend/domain/vm1").text.contains("(device (pci"))
        #expect(
            host.post("/xend/domain/vm1", "op=device_destroy&type=pci&dev=0&force=0&rm_cfg=1").text
                == "(xend.err 'Device 0 is not defined')")
    }

    @Test("PCI as libvirt's xend driver sends it: no spaces, quoted states, attach by device_create")
    func pciLibvirtForm() throws {
        let host = try RouterHost()
        let device = "(dev (domain 0x0000)(bus 0x00)(slot 0x10)(func 0x0))"
        let attached = host.post("/xend/domain/vm1", "op=device_create&config=(pci \(device)(state 'Initialising'))")
        #expect(attached.text == "(pci (dom 3 id 0))")
        let detached = host.post(
            "/xend/domain/vm1", "op=device_configure&config=(pci \(device)(state 'Closing'))&dev=0")
        #expect(detached.text == "True")
        #expect(!host.get("/xend/domain/vm1").text.contains("(device (pci"))
    }

    @Test("PCI: the whole back-end goes with device_destroy of devid 0")
    func pciDestroyAll() throws {
        let host = try RouterHost()
        #expect(
            host.post("/xend/domain/vm1", "op=device_create&config=(pci \(Self.e1000) \(Self.second))").text
                == "(pci (dom 3 id 0))")
        #expect(host.post("/xend/domain/vm1", "op=device_destroy&type=pci&dev=0&force=1&rm_cfg=1").status == 200)
        #expect(!host.get("/xend/domain/vm1").text.contains("(device (pci"))
        #expect(
            host.post("/xend/domain/vm1", "op=device_create&config=(pci)").text
                == "(xend.err 'pci: no (dev ...) given')")
    }

    @Test("usb_add and usb_del need an HVM guest with (usb 1); they are accepted ops (202)")
    func usb() throws {
        let host = try RouterHost()
        let pv = host.post("/xend/domain/vm1", "op=usb_add&dev=host:1.2")
        // A failed accepted op is a 500 that keeps its Location, as save's (docs/compatibility.md).
        #expect(pv.status == 500 && pv.headers["Location"] != nil)
        #expect(pv.text == "(xend.err \"Can't add usb device to a guest with usb disabled in configure file\")")
        let created = host.post(
            "/xend/domain/",
            "op=create&config=(vm (name hvm1) (memory 128) (image (hvm (kernel /usr/lib/xen/boot/hvmloader) (usb 1))))")
        #expect(created.status == 201)
        let added = host.post("/xend/domain/hvm1", "op=usb_add&dev=host:1.2")
        #expect(added.status == 202 && added.body.isEmpty)
        #expect(added.headers["Location"] != nil)
        #expect(
            host.post("/xend/domain/hvm1", "op=usb_add&dev=host:1.2").text
                == "(xend.err 'USB device host:1.2 is already attached')")
        #expect(
            host.post("/xend/domain/hvm1", "op=usb_add&dev=tablet").text
                == "(xend.err \"Invalid USB device 'tablet': expected host:BUS.ADDR or host:VENDOR:PRODUCT\")")
        #expect(host.post("/xend/domain/hvm1", "op=usb_add").text == "(xend.err 'Missing parameter: dev')")
        #expect(host.post("/xend/domain/hvm1", "op=usb_add&dev=host:0627:0001").body.isEmpty)
        #expect(host.post("/xend/domain/hvm1", "op=usb_del&dev=host:1.2").body.isEmpty)
        #expect(
            host.post("/xend/domain/hvm1", "op=usb_del&dev=host:1.2").text
                == "(xend.err 'USB device host:1.2 is not attached')")
        let noUSB = host.post(
            "/xend/domain/",
            "op=create&config=(vm (name hvm2) (memory 128) (image (hvm (kernel /usr/lib/xen/boot/hvmloader))))")
        #expect(noUSB.status == 201)
        #expect(
            host.post("/xend/domain/hvm2", "op=usb_del&dev=host:1.2").text
                == "(xend.err \"Can't add usb device to a guest with usb disabled in configure file\")")
    }

    @Test("credit2 ops on a credit2 host: the weight as a dict repr, set and checked; credit ops refused")
    func credit2() throws {
        let host = try RouterHost(scheduler: "credit2")
        #expect(host.post("/xend/domain/vm1", "op=domain_sched_credit2_get").text == "\"{'weight': 256}\"")
        #expect(host.post("/xend/domain/vm1", "op=domain_sched_credit2_set&weight=512").text == "0")
        #expect(host.post("/xend/domain/vm1", "op=domain_sched_credit2_get").text == "\"{'weight': 512}\"")
        #expect(host.get("/xend/domain/vm1").text.contains("(cpu_weight 512)"))
        for weight in ["0", "65536"] {
            #expect(
                host.post("/xend/domain/vm1", "op=domain_sched_credit2_set&weight=\(weight)").text
                    == "(xend.err 'weight is out of range')")
        }
        #expect(
            host.post("/xend/domain/vm1", "op=domain_sched_credit2_set").text
                == "(xend.err 'Missing parameter: weight')")
        // An inactive managed domain answers from its config, as xend did.
        #expect(host.post("/xend/domain/vm2", "op=domain_sched_credit2_get").text == "\"{'weight': 256}\"")
        for body in ["op=domain_sched_credit_get", "op=domain_sched_credit_set&weight=256&cap=0"] {
            let refused = host.post("/xend/domain/vm1", body)
            #expect(refused.status == 500)
            #expect(refused.text == "(xend.err \"(22, 'Invalid argument')\")")
        }
    }
}
