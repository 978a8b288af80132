import SExpression

/// A realistic `GET /xend/domain/<dom>` record (vector #8 of docs/protocol.md#golden-vectors, XendConfig
/// style) with extra disks and NICs until the printed text reaches the requested size.
enum SampleDomainRecord {
    static func make(atLeast targetBytes: Int) -> SExpression {
        var fields: [SExpression] = [
            "domain", ["domid", 3], ["cpu_weight", 256], ["cpu_cap", 0], ["pool_name", "Pool-0"],
            ["bootloader", ""], ["vcpus", 1], ["cpus", [[]]], ["on_poweroff", "destroy"], ["description", ""],
            ["on_crash", "restart"], ["uuid", "6e5a2f0c-1d2b-4c3d-8e9f-0a1b2c3d4e5f"], ["bootloader_args", ""],
            ["name", "vm1"], ["on_reboot", "restart"], ["maxmem", 512], ["memory", 512], ["shadow_memory", 0],
            ["vcpu_avail", 1], ["features", ""], ["on_xend_start", "ignore"], ["on_xend_stop", "ignore"],
            ["start_time", .float(1_357_000_000.12)], ["cpu_time", .float(12.345678901)], ["online_vcpus", 1],
            [
                "image",
                [
                    "linux", ["kernel", "/boot/vmlinuz-2.6.18-xen"], ["ramdisk", "/boot/initrd-2.6.18-xen.img"],
                    ["args", "root=/dev/xvda1 ro"], ["nomigrate", 0], ["tsc_mode", 0],
                ],
            ],
            ["status", 2], ["state", "-b----"], ["store_mfn", 1_101_823], ["console_mfn", 1_101_822],
            [
                "device",
                [
                    "console", ["protocol", "vt100"], ["location", 2],
                    ["uuid", "deadbeef-1111-2222-3333-444455556666"],
                ],
            ],
        ]
        var index = 0
        while SExpression.list(fields).description.utf8.count < targetBytes {
            let suffix = String(index, radix: 16)
            fields.append(nic(index, suffix))
            fields.append(disk(index, suffix))
            index += 1
        }
        return .list(fields)
    }

    private static func nic(_ index: Int, _ suffix: String) -> SExpression {
        let mac = "00:16:3e:12:34:" + (suffix.count < 2 ? "0" + suffix : suffix)
        let fields: [SExpression] = [
            "vif", .pair("bridge", .atom("xenbr\(index % 2)")), .pair("mac", .atom(mac)),
            ["script", "/etc/xen/scripts/vif-bridge"],
            .pair("uuid", .atom("c0ffee00-1111-2222-3333-44445555\(1000 + index)")), ["backend", 0],
        ]
        return ["device", .list(fields)]
    }

    private static func disk(_ index: Int, _ suffix: String) -> SExpression {
        let fields: [SExpression] = [
            "vbd", ["protocol", "x86_64-abi"], .pair("uuid", .atom("beefcafe-1111-2222-3333-44445555\(1000 + index)")),
            ["bootable", index == 0 ? 1 : 0], .pair("dev", .atom("xvd\(suffix):disk")),
            .pair("uname", .atom("phy:/dev/vg0/vm1-\(suffix)")), ["mode", index == 0 ? "w" : "w!"], ["backend", 0],
            ["VDI", ""],
        ]
        return ["device", .list(fields)]
    }
}
