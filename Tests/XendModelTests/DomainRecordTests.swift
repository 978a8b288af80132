import FoundationEssentials
import SExpression
import Testing

@testable import XendModel

@Suite("Domain record")
struct DomainRecordTests {
    static let vm1UUID = UUID.of("6e5a2f0c-1d2b-4c3d-8e9f-0a1b2c3d4e5f")

    /// vm1 as a client would have defined it.
    static var vm1Config: VMConfig {
        var config = VMConfig(
            name: try! DomainName("vm1"), uuid: vm1UUID, memory: .mebibytes(512), maxmem: .mebibytes(512), vcpus: 1,
            image: .linux(
                LinuxImage(
                    kernel: "/boot/vmlinuz-2.6.18-xen", ramdisk: "/boot/initrd-2.6.18-xen.img", root: "/dev/xvda1",
                    args: "ro", nomigrate: 0, tscMode: 0)),
            devices: [
                .vif(
                    NetworkInterface(mac: "00:16:3e:12:34:56", bridge: "xenbr0", script: "/etc/xen/scripts/vif-bridge")),
                .vbd(BlockDevice(uname: "phy:/dev/vg0/vm1", dev: "xvda", mode: "w")),
            ])
        config.onCrash = .restart
        return config
    }

    /// vm1's runtime facts in vector #8.
    static var vm1Runtime: DomainRuntimeInfo {
        let config = vm1Config
        return DomainRuntimeInfo(
            domainID: 3, state: .blocked, cpuTime: 12.345678901, startTime: 1357000000.12, onlineVCPUs: 1,
            storeMFN: 1_101_823, consoleMFN: 1_101_822,
            devices: [
                config.devices[0].recordView(uuid: .of("c0ffee00-1111-2222-3333-444455556666")),
                config.devices[1].recordView(
                    uuid: .of("beefcafe-1111-2222-3333-444455556666"), protocol: "x86_64-abi", isBootable: true),
                .console(
                    ConsoleDevice(protocol: "vt100", location: "2", uuid: .of("deadbeef-1111-2222-3333-444455556666"))),
            ])
    }

    @Test("vector #8: config + runtime prints byte for byte")
    func buildsVector8() {
        let record = DomainRecord(config: Self.vm1Config, runtime: Self.vm1Runtime)
        #expect(record.toSExpression().description == GoldenVectors.domain8)
    }

    @Test("vector #8 parses to the built record and prints back")
    func parsesVector8() throws {
        let record = try DomainRecord(parsed(GoldenVectors.domain8))
        #expect(record == DomainRecord(config: Self.vm1Config, runtime: Self.vm1Runtime))
        #expect(record.domainID == 3)
        #expect(record.memory == .mebibytes(512))
        #expect(record.state == .blocked)
        #expect(record.effectiveStatus == .running)
        #expect(record.cpuTime == 12.345678901)
        #expect(record.cpus == [[]])
        #expect(record.devices.count == 3)
        #expect(record.devices[1].blockDevice?.recordDev == "xvda:disk")
        #expect(record.toSExpression().description == GoldenVectors.domain8)
    }

    @Test("the trailing '' after a record is a second value, not part of it")
    func trailingEmptyAtom() throws {
        let values = try SExpression.parseAll(GoldenVectors.domain8 + "''")
        #expect(values.count == 2)
        #expect(values[1] == .atom(""))
        #expect(try DomainRecord(values[0]).name.rawValue == "vm1")
    }

    @Test("vector #10: a 3.0.0 record reads (float weight, repeated vcpus, old keys kept)")
    func readsVector10() throws {
        let record = try DomainRecord(parsed(GoldenVectors.domain10))
        #expect(record.domainID == 3)
        #expect(record.cpuWeight == 1)
        #expect(record.vcpus == 1)
        #expect(record.memory == .mebibytes(512))
        #expect(record.state == .blocked)
        #expect(record.status == nil)
        #expect(record.effectiveStatus == .running)
        #expect(record.startTime == 1134000000.5)
        #expect(record.extra.value("ssidref") == .atom("0"))
        #expect(record.extra.value("up_time") == .atom("3600.12345679"))
        #expect(record.devices.map(\.deviceClass) == [.vif, .vbd])
        if case .linux(let image) = record.image {
            #expect(image.root == "/dev/sda1")
            #expect(image.commandLine == "root=/dev/sda1 ro")
        } else {
            Issue.record("expected a linux image")
        }
    }

    @Test("an inactive domain has no domid, state, times or MFNs, and status 0")
    func inactive() throws {
        var config = Self.vm1Config
        config.name = try DomainName("vm2")
        let record = DomainRecord(config: config, runtime: .inactive)
        let keys = record.toSExpression().tail.compactMap(\.head)
        for key in ["domid", "state", "start_time", "cpu_time", "online_vcpus", "store_mfn", "console_mfn"] {
            #expect(!keys.contains(key), "\(key)")
        }
        #expect(record.status == .halted)
        #expect(record.toSExpression().description.contains("(status 0)"))
        #expect(record.devices == config.devices)
        #expect(try DomainRecord(record.toSExpression()) == record)
    }

    @Test("created domains are paused: status 1, state --p---")
    func paused() {
        let runtime = DomainRuntimeInfo(domainID: 7, state: .paused)
        let text = DomainRecord(config: Self.vm1Config, runtime: runtime).toSExpression().description
        #expect(text.contains("(status 1) (state --p---)"))
    }

    @Test("pinning, vcpu_avail and the image's vcpus")
    func vcpus() {
        var config = Self.vm1Config
        config.vcpus = 1
        config.image = .linux(LinuxImage(kernel: "/k", vcpus: 2))
        config.cpus = .shared("0-3,^1")
        let record = DomainRecord(config: config, runtime: DomainRuntimeInfo(domainID: 5, state: .running))
        #expect(record.vcpus == 2)
        #expect(record.cpus == [[0, 2, 3], [0, 2, 3]])
        #expect(record.vcpuAvail == 3)
        #expect(record.toSExpression().description.contains("(cpus ((0 2 3) (0 2 3)))"))
        if case .linux(let image) = record.image { #expect(image.vcpus == nil) }
    }

    @Test("root and ip fold into args as xend does")
    func commandLine() {
        #expect(LinuxImage(root: "/dev/xvda1", args: "ro").commandLine == "root=/dev/xvda1 ro")
        #expect(LinuxImage(root: "/dev/xvda1", ip: "dhcp", args: "ro").commandLine == "root=/dev/xvda1 ip=dhcp ro")
        #expect(LinuxImage(root: "/dev/sda", args: "root=/dev/xvda1").commandLine == "root=/dev/xvda1")
        #expect(LinuxImage(root: "/dev/xvda1").commandLine == "root=/dev/xvda1 ")
        #expect(LinuxImage(kernel: "/k").recordView.args == nil)
    }

    @Test("config keys the record does not know are kept; record-only keys from a config are not duplicated")
    func extraKeys() throws {
        var config = Self.vm1Config
        config.extra = [.pair("security_label", .atom("ACM:x")), .pair("state", .atom("r-----")), .pair("domid", 9)]
        let record = DomainRecord(config: config, runtime: Self.vm1Runtime)
        #expect(record.extra == [.pair("security_label", .atom("ACM:x"))])
        let keys = record.toSExpression().tail.compactMap(\.head)
        #expect(keys.filter { $0 == "state" }.count == 1)
        #expect(keys.last == "security_label")
    }

    @Test("a record without name or uuid is refused with the field named")
    func missingFields() {
        #expect(
            xendError { _ = try DomainRecord(parsed("(domain (name x))")) }?.message
                == "Missing field uuid in (domain ...)")
        #expect(
            xendError { _ = try DomainRecord(parsed("(domain (uuid 6e5a2f0c1d2b4c3d8e9f0a1b2c3d4e5f))")) }?.message
                == "Missing field name in (domain ...)")
        #expect(xendError { _ = try DomainRecord(parsed("(node (name x))")) } != nil)
    }

    @Test("JSON round trip and shape")
    func json() throws {
        let record = DomainRecord(config: Self.vm1Config, runtime: Self.vm1Runtime)
        #expect(try jsonRoundTrip(record) == record)
        let text = try jsonText(record)
        #expect(text.contains(#""memory_mib":512"#))
        #expect(text.contains(#""maxmem_mib":512"#))
        #expect(text.contains(#""state":"-b----""#))
        #expect(text.contains(#""uuid":"6e5a2f0c-1d2b-4c3d-8e9f-0a1b2c3d4e5f""#))
        #expect(text.contains(#""cpu_time":12.345678901"#))
        #expect(text.contains(#""devices":[{"vif":{"backend":0,"bridge":"xenbr0""#))
        #expect(text.contains(#""image":{"linux":{"args":"root=/dev/xvda1 ro""#))
    }
}
