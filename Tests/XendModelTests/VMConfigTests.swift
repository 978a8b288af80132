import FoundationEssentials
import SExpression
import Testing

@testable import XendModel

@Suite("Domain config")
struct DomainConfigTests {
    @Test("vector #27: libvirt's create config reads into typed fields")
    func readsVector27() throws {
        let config = try VMConfig(parsing: GoldenVectors.create27)
        #expect(config.name.rawValue == "vm3")
        #expect(config.memory == .mebibytes(256))
        #expect(config.maxmem == nil)
        #expect(config.effectiveMaxmem == .mebibytes(256))
        #expect(config.vcpus == 1)
        #expect(config.image == .linux(LinuxImage(kernel: "/boot/vmlinuz", root: "/dev/xvda1", args: "ro")))
        #expect(
            config.devices == [
                .vbd(BlockDevice(uname: "phy:/dev/vg0/vm3", dev: "xvda", mode: "w")),
                .vif(NetworkInterface(mac: "00:16:3e:00:00:03", bridge: "xenbr0")),
            ])
        #expect(config.extra.isEmpty)
    }

    @Test("vector #27 round-trips: config -> S-expression -> config, and the printed text re-reads the same")
    func roundTrip() throws {
        let config = try VMConfig(parsing: GoldenVectors.create27)
        #expect(try VMConfig(config.toSExpression()) == config)
        #expect(try VMConfig(parsing: config.toSExpression().description) == config)
        #expect(
            config.toSExpression().description
                == GoldenVectors.create27.replacing(
                    "(device (vbd (uname phy:/dev/vg0/vm3) (dev xvda) (mode w)))",
                    with: "(device (vbd (dev xvda) (uname phy:/dev/vg0/vm3) (mode w)))"
                ).replacing(
                    "(device (vif (mac 00:16:3e:00:00:03) (bridge xenbr0)))",
                    with: "(device (vif (bridge xenbr0) (mac 00:16:3e:00:00:03)))"))
    }

    @Test("unknown keys are kept in order at every level and printed back")
    func unknownKeys() throws {
        let text = """
            (vm (name a) (zeta 1) (memory 64) (ssidref 0) (cpuid ((1 (eax xxxx)))) stray \
            (image (hvm (kernel /k) (acpi 1) (spice 1) (boot c) (extid 0))) \
            (device (vif (mac 00:16:3e:00:00:01) (accel frontend) (bridge br0))) \
            (device (pci (dev (domain 0x0000) (bus 0x00) (slot 0x1b) (func 0x0) (opts msitranslate=1)) (jitter 1))) \
            (device (vscsi (p-dev 1:0:0:0) (v-dev 0:0:0:0))) (restart onreboot))
            """
        let config = try VMConfig(parsing: text)
        #expect(
            config.extra.elements == [
                .pair("zeta", "1"), .pair("ssidref", "0"), try parsed("(cpuid ((1 (eax xxxx))))"), .atom("stray"),
                .pair("restart", .atom("onreboot")),
            ])
        guard case .hvm(let image) = config.image else {
            Issue.record("expected hvm")
            return
        }
        #expect(image.acpi == true)
        #expect(image.boot == "c")
        #expect(image.extra.elements == [.pair("spice", "1"), .pair("extid", "0")])
        guard case .vif(let vif) = config.devices[0], case .pci(let pci) = config.devices[1] else {
            Issue.record("expected vif and pci")
            return
        }
        #expect(vif.extra.elements == [.pair("accel", .atom("frontend"))])
        #expect(
            pci.functions == [
                PCIAddress(domain: 0, bus: 0, slot: 0x1b, function: 0, extra: [.pair("opts", .atom("msitranslate=1"))])
            ])
        #expect(pci.extra.elements == [.pair("jitter", "1")])
        #expect(
            config.devices[2] == .other(.vscsi, [.pair("p-dev", .atom("1:0:0:0")), .pair("v-dev", .atom("0:0:0:0"))]))
        let printed = config.toSExpression().description
        #expect(printed.contains("(dev (domain 0x0000) (bus 0x00) (slot 0x1b) (func 0x0) (opts 'msitranslate=1'))"))
        #expect(printed.hasSuffix("(zeta 1) (ssidref 0) (cpuid ((1 (eax xxxx)))) stray (restart onreboot))"))
        #expect(try VMConfig(parsing: printed) == config)
    }

    @Test("the HVM image of docs/protocol.md#domain-configuration: every key is a typed field, none lands in extra")
    func hvmImage() throws {
        let text = """
            (vm (name h) (image (hvm (kernel /usr/lib/xen/boot/hvmloader) (device_model /usr/lib/xen/bin/qemu-dm) \
            (boot c) (acpi 1) (apic 1) (pae 1) (vcpus 2) (vnc 1) (vncunused 1) (vnclisten 127.0.0.1) (usb 1) \
            (usbdevice tablet) (serial pty) (parallel none) (localtime 0) (fda /f.img) (soundhw es1370) \
            (loader /l) (vncdisplay 3) (vncpasswd 'p w') (keymap en-us) (sdl 0) (display :0) (xauthority /x) \
            (fdb /g.img) (cdrom /c.iso) (nographic 0) (stdvga 1) (timer_mode 1) (hap 1) (viridian 0) (hpet 1) \
            (rtc_timeoffset -3600) (videoram 16) (xen_platform_pci 1) (tsc_mode 0) (nomigrate 0))))
            """
        let config = try VMConfig(parsing: text)
        guard case .hvm(let image) = config.image else {
            Issue.record("expected hvm")
            return
        }
        #expect(image.extra.isEmpty)
        #expect(image.deviceModel == "/usr/lib/xen/bin/qemu-dm")
        #expect(image.vcpus == 2)
        #expect(config.effectiveVCPUs == 2)
        #expect(image.vncListen == "127.0.0.1")
        #expect(image.vncPassword == "p w")
        #expect(image.usbDevice == "tablet")
        #expect(image.localtime == false)
        #expect(image.stdvga == true)
        #expect(image.rtcTimeOffset == -3600)
        #expect(image.timerMode == 1)
        #expect(try VMConfig(parsing: config.toSExpression().description) == config)
        let keys = HVMImage.fields.map(\.key)
        #expect(Set(keys).count == keys.count)
    }

    @Test("repeated keys: the first wins, except device")
    func repeatedKeys() throws {
        let config = try VMConfig(
            parsing: "(vm (name a) (name b) (memory 64) (memory 128) (device (vkbd)) (device (vkbd)))")
        #expect(config.name.rawValue == "a")
        #expect(config.memory == .mebibytes(64))
        #expect(config.devices == [.vkbd(KeyboardDevice()), .vkbd(KeyboardDevice())])
    }

    @Test("a whole (domain ...) record reads as a config, as libvirt re-submits it with op=new")
    func recordAsConfig() throws {
        let config = try VMConfig(parsing: GoldenVectors.domain8)
        #expect(config.name.rawValue == "vm1")
        #expect(config.cpus == .perVCPU([[]]))
        #expect(config.onXendStart == .ignore)
        #expect(config.extra.value("domid") == "3")
        #expect(config.devices.count == 3)
        let record = DomainRecord(config: config, runtime: DomainRecordTests.vm1Runtime)
        #expect(record.toSExpression().description == GoldenVectors.domain8)
    }

    @Test(
        "errors carry the original texts",
        arguments: [
            ("(vm (name vm3)", "Invalid configuration unexpected EOF"),
            ("", "Configuration error list index out of range"),
            ("()", "Configuration error list index out of range"),
            ("(vm (memory 64))", "Missing VM Name"),
            ("(vm (name ''))", "Missing VM Name"),
            ("(vm (name 'a b'))", "Invalid VM Name"),
            ("(vm (name a/b))", "Invalid VM Name"),
            ("(vm (name a) (memory lots))", "invalid literal for int() with base 10: 'lots'"),
            (
                "(vm (name a) (on_poweroff explode))",
                "Invalid Configuration: Invalid restart event: on_poweroff = explode"
            ),
            ("(vm (name a) (on_crash Restart))", "Invalid Configuration: Invalid restart event: on_crash = Restart"),
            ("(vm (name a) (device (floppy (path x))))", "Invalid Configuration: Invalid device (floppy)"),
            ("(vm (name a) (device))", "Invalid Configuration: Invalid device ()"),
            ("(vm (name a) (image (plan9 (kernel k))))", "Invalid Configuration: Unknown image type: plan9"),
            (
                "(vm (name a) (device (pci (dev (bus zz)))))",
                "Malformed field bus in (dev ...): invalid literal for int() with base 16: 'zz'"
            ),
            ("(vm (name a) (uuid nope))", "Malformed field uuid in (vm ...): not a UUID: nope"),
            (
                "(vm (name a) (memory (1 2)))",
                "Malformed field memory in (vm ...): expected a single value, found a list"
            ),
            ("(vm (name a) (on_xend_start always))", "Malformed field on_xend_start in (vm ...): unknown value always"),
            ("(vm (name a) (cpus 3-1))", "Malformed field cpus in (vm ...): invalid CPU list '3-1'"),
        ])
    func errors(text: String, message: String) {
        let error = xendError { _ = try VMConfig(parsing: text) }
        #expect(error?.message == message)
        #expect(error?.kind == .operationFailed || error?.kind == .badRequest)
    }

    @Test("every on_* value and xm CPU list syntax")
    func lifecycleAndCPUs() throws {
        for action in LifecycleAction.allCases {
            let config = try VMConfig(parsing: "(vm (name a) (on_reboot \(action.rawValue)))")
            #expect(config.onReboot == action)
        }
        #expect(try CPUAffinity.parseCPUList("0-3,^1") == [0, 2, 3])
        #expect(try CPUAffinity.parseCPUList(" 5 ,1") == [1, 5])
        #expect(try CPUAffinity.shared("").cpus(forVCPU: 0) == nil)
        #expect(try CPUAffinity.perVCPU([[1], []]).perVCPULists(count: 3) == [[1], [], []])
    }

    @Test("vector #27's JSON is the example in docs/model.md")
    func documentedJSON() throws {
        let config = try VMConfig(parsing: GoldenVectors.create27)
        #expect(
            try jsonText(config)
                == #"{"devices":[{"vbd":{"dev":"xvda","mode":"w","uname":"phy:/dev/vg0/vm3"}},{"vif":{"bridge":"xenbr0","mac":"00:16:3e:00:00:03"}}],"#
                + #""image":{"linux":{"args":"ro","kernel":"/boot/vmlinuz","root":"/dev/xvda1"}},"memory_mib":256,"name":"vm3","vcpus":1}"#
        )
    }

    @Test("JSON: S-expression keys, MiB named, devices as an array, unknown keys kept")
    func json() throws {
        var config = try VMConfig(parsing: GoldenVectors.create27)
        config.extra = [.pair("zeta", .list(["1", "two words"]))]
        config.shadowMemory = .mebibytes(8)
        #expect(try jsonRoundTrip(config) == config)
        let text = try jsonText(config)
        #expect(text.contains(#""memory_mib":256"#))
        #expect(text.contains(#""shadow_memory_mib":8"#))
        #expect(text.contains(#""devices":[{"vbd":{"dev":"xvda","mode":"w","uname":"phy:/dev/vg0/vm3"}}"#))
        #expect(text.contains(#""extra":[["zeta",["1","two words"]]]"#))
        #expect(text.contains(#""image":{"linux":{"args":"ro","kernel":"/boot/vmlinuz","root":"/dev/xvda1"}}"#))
        let decoded = try JSONDecoder().decode(VMConfig.self, from: Data(#"{"name":"x","memory_mib":64}"#.utf8))
        #expect(decoded.memory == .mebibytes(64))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(VMConfig.self, from: Data(#"{"name":"a b"}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(VMConfig.self, from: Data(#"{"memory_mib":64}"#.utf8))
        }
    }
}
