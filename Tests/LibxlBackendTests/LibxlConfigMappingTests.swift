import Testing
import XendModel
import Xenlight

@testable import LibxlBackend

/// Field-by-field checks of the `(vm ...)` → `libxl_domain_config` mapping, and its errors.
@Suite("(vm ...) to libxl_domain_config")
struct LibxlConfigMappingTests {
    func map(_ text: String) throws -> DomainConfig {
        try DomainConfig(xend: VMConfig(parsing: text))
    }

    func error(_ text: String) -> XendError? {
        do {
            _ = try map(text)
            return nil
        } catch let error as XendError {
            return error
        } catch {
            return nil
        }
    }

    @Test("PV: memory in KiB, vcpus, command line with root= and ip= folded in")
    func paravirtual() throws {
        let config = try map(
            "(vm (name a) (memory 256) (maxmem 512) (vcpus 3) (image (linux (kernel /k) (root /dev/xvda1) (ip dhcp) (args quiet))))"
        )
        #expect(config.cInfo.type == .pv)
        #expect(config.cInfo.name == "a")
        #expect(config.bInfo.targetMemkb == 262_144)
        #expect(config.bInfo.maxMemkb == 524_288)
        #expect(config.bInfo.maxVCPUs == 3)
        #expect(config.bInfo.availVCPUs == Bitmap([0, 1, 2]))
        #expect(config.bInfo.kernel == "/k")
        #expect(config.bInfo.cmdline == "root=/dev/xvda1 ip=dhcp quiet")
        #expect(config.bInfo.type.key == .pv)
    }

    @Test("PVH is (type pvh) next to a linux image; a type the image contradicts is refused")
    func pvh() throws {
        let config = try map("(vm (name a) (type pvh) (image (linux (kernel /k))))")
        #expect(config.cInfo.type == .pvh)
        #expect(config.bInfo.type.key == .pvh)
        #expect(
            error("(vm (name a) (type hvm) (image (linux (kernel /k))))")?.message.contains("does not match") == true)
        #expect(error("(vm (name a) (type bogus))")?.message.contains("Unknown guest type") == true)
    }

    @Test("lifecycle actions: rename-restart is libxl's restart-rename; defaults are xend's")
    func lifecycle() throws {
        let config = try map("(vm (name a) (on_poweroff preserve) (on_crash rename-restart))")
        #expect(config.onPoweroff == .preserve)
        #expect(config.onReboot == .restart)
        #expect(config.onCrash == .restartRename)
    }

    @Test("disks: phy, file, tap drivers, cdroms, modes")
    func disks() throws {
        let config = try map(
            """
            (vm (name a) (device (vbd (uname phy:/dev/sda) (dev xvda) (mode w)))
              (device (vbd (uname file:/i.img) (dev ioemu:hda:disk) (mode r)))
              (device (tap (uname tap:qcow2:/q.img) (dev xvdb) (mode w!)))
              (device (vbd (dev hdc:cdrom) (mode r))))
            """)
        #expect(config.disks.count == 4)
        #expect(config.disks[0].backend == .phy && config.disks[0].pdevPath == "/dev/sda")
        #expect(config.disks[0].readwrite == 1 && config.disks[0].vdev == "xvda")
        #expect(config.disks[1].backend == .unknown && config.disks[1].format == .raw)
        #expect(config.disks[1].vdev == "hda" && config.disks[1].readwrite == 0)
        #expect(config.disks[2].backend == .tap && config.disks[2].format == .qcow2 && config.disks[2].readwrite == 1)
        #expect(config.disks[3].isCdrom == 1 && config.disks[3].format == .empty && config.disks[3].pdevPath == nil)
        #expect(error("(vm (name a) (device (vbd (uname nbd:x) (dev xvda))))")?.kind == .notImplemented)
        #expect(error("(vm (name a) (device (vbd (uname phy:/d) (dev xvda) (mode rw))))") != nil)
        #expect(error("(vm (name a) (device (vbd (uname phy:/d))))") != nil)
    }

    @Test("vif rate limits follow xend's units; bad ones are refused")
    func rates() throws {
        let fast = try NetworkRate(parsing: "10Mb/s")
        #expect(fast.intervalMicroseconds == 50_000)
        #expect(fast.bytesPerInterval == 62_500)
        let bytes = try NetworkRate(parsing: "1MB/s@10ms")
        #expect(bytes.intervalMicroseconds == 10_000)
        #expect(bytes.bytesPerInterval == 10_000)
        for bad in ["", "fast", "10Xb/s", "10Mb/s@", "10Mb/s@5h", "0Mb/s", "99999999999999999999GB/s"] {
            #expect(throws: XendError.self) { try NetworkRate(parsing: bad) }
        }
    }

    @Test("a bad MAC and unsupported device classes are errors, never dropped")
    func refusals() {
        #expect(error("(vm (name a) (device (vif (mac 00:16:3e))))")?.message.contains("Invalid MAC") == true)
        #expect(
            error("(vm (name a) (device (vtpm (instance 1))))")?.message
                == "not supported by the libxl backend yet: device class vtpm")
        #expect(error("(vm (name a) (vcpus 0))") != nil)
        #expect(error("(vm (name a) (device (pci (dev (bus 0x1) (slot 0x40) (func 0x0)))))") != nil)
    }
}

/// `libxl_dominfo` → the runtime half of a domain record.
@Suite("dominfo to DomainRuntimeInfo")
struct DomInfoRuntimeTests {
    @Test("state flags, memory and cpu time")
    func running() {
        var info = DomInfo()
        info.domid = 7
        info.running = true
        info.currentMemkb = 262_144
        info.maxMemkb = 524_288
        info.cpuTime = 2_500_000_000
        info.vcpuOnline = 2
        let runtime = info.runtimeInfo
        #expect(runtime.domainID == DomainID(7))
        #expect(runtime.state == [.running])
        #expect(runtime.memoryTarget == .mebibytes(256))
        #expect(runtime.maximumMemory == .mebibytes(512))
        #expect(runtime.cpuTime == Seconds(2.5))
        #expect(runtime.onlineVCPUs == 2)
    }

    @Test("a crash is a shutdown with reason crash; other reasons stay shutdown")
    func crashed() {
        var info = DomInfo()
        info.shutdown = true
        info.shutdownReason = .crash
        #expect(info.runtimeInfo.state == [.crashed])
        #expect(info.runtimeInfo.shutdownReason == .crash)
        info.shutdownReason = .reboot
        #expect(info.runtimeInfo.state == [.shutdown])
        #expect(info.runtimeInfo.shutdownReason == .reboot)
        info.shutdown = false
        info.paused = true
        info.dying = true
        #expect(info.runtimeInfo.state == [.paused, .dying])
        #expect(info.runtimeInfo.shutdownReason == nil)
    }
}

@Suite("LibxlHypervisor: VCPU count of a domain it did not create")
struct FallbackVCPUCountTests {
    @Test(
        "vcpu_max_id + 1, except the UINT32_MAX of a domain under construction",
        arguments: [
            (UInt32(0), UInt32(1), 1), (UInt32(3), UInt32(2), 4), (UInt32.max, UInt32(0), 1),
            (UInt32.max, UInt32(2), 2),
        ])
    func count(maxID: UInt32, online: UInt32, expected: Int) {
        #expect(LibxlHypervisor.vcpuCount(maxID: maxID, online: online) == expected)
    }
}
