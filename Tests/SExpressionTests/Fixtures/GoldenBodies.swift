// Byte-exact bodies of docs/protocol.md#golden-vectors (the original's measured output) and the request
// configs sent by libvirt-like clients there. Each is a run of printed values, concatenated as xend sent them.
import Testing

struct GoldenBody: CustomTestStringConvertible, Sendable {
    let number: Int
    let text: String
    let isRequestConfig: Bool

    init(number: Int, body: String) {
        self.number = number
        self.text = body
        self.isRequestConfig = false
    }

    init(number: Int, config: String) {
        self.number = number
        self.text = config
        self.isRequestConfig = true
    }

    var testDescription: String { "#\(number) \(isRequestConfig ? "config" : "body")" }

    static let all: [GoldenBody] = [
        GoldenBody(
            number: 2,
            body:
                #"(node (system Linux) (host xenhost1) (release 2.6.18-xen) (version '#1 SMP Tue Jan 1 00:00:00 UTC 2013') (machine x86_64) (nr_cpus 4) (nr_nodes 1) (cores_per_socket 4) (threads_per_core 1) (cpu_mhz 2394) (hw_caps bfebfbff:28100800:00000000:00000940:0098e3fd:00000000:00000001:00000000) (virt_caps hvm) (total_memory 8191) (free_memory 6843) (free_cpus 0) (xen_major 4) (xen_minor 1) (xen_extra .6) (xen_caps 'xen-3.0-x86_64 xen-3.0-x86_32p hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64') (xen_scheduler credit) (xen_pagesize 4096) (platform_params 'virt_start=0xffff800000000000') (xen_changeset unavailable) (xen_commandline 'dom0_mem=1024M') (cc_compiler 'gcc version 4.4.7 (GCC)') (cc_compile_by root) (cc_compile_domain example.org) (cc_compile_date 'Tue Jan  1 00:00:00 UTC 2013') (xend_config_format 4))"#
        ),
        GoldenBody(
            number: 3,
            body:
                #"(node (system Linux) (host xenhost1) (release 2.6.12.6-xen0) (version '#1 SMP Mon Dec 5 12:00:00 GMT 2005') (machine i686) (nr_cpus 2) (nr_nodes 1) (sockets_per_node 1) (cores_per_socket 2) (threads_per_core 1) (cpu_mhz 2800) (hw_caps bfebfbff:00000000:00000000:00000080:0000e43d) (total_memory 1023) (free_memory 12) (xen_major 3) (xen_minor 0) (xen_extra .0) (xen_caps xen-3.0-x86_32) (platform_params 'virt_start=0xfc000000') (xen_changeset 'Mon Dec  5 09:00:00 2005 +0100 8259:5baa96bedc13') (cc_compiler 'gcc version 4.0.2') (cc_compile_by root) (cc_compile_domain example.org) (cc_compile_date 'Mon Dec  5 12:00:00 GMT 2005'))"#
        ),
        GoldenBody(
            number: 8,
            body:
                #"(domain (domid 3) (cpu_weight 256) (cpu_cap 0) (pool_name Pool-0) (bootloader '') (vcpus 1) (cpus (())) (on_poweroff destroy) (description '') (on_crash restart) (uuid 6e5a2f0c-1d2b-4c3d-8e9f-0a1b2c3d4e5f) (bootloader_args '') (name vm1) (on_reboot restart) (maxmem 512) (memory 512) (shadow_memory 0) (vcpu_avail 1) (features '') (on_xend_start ignore) (on_xend_stop ignore) (start_time 1357000000.12) (cpu_time 12.345678901) (online_vcpus 1) (image (linux (kernel /boot/vmlinuz-2.6.18-xen) (ramdisk /boot/initrd-2.6.18-xen.img) (args 'root=/dev/xvda1 ro') (nomigrate 0) (tsc_mode 0))) (status 2) (state -b----) (store_mfn 1101823) (console_mfn 1101822) (device (vif (bridge xenbr0) (mac 00:16:3e:12:34:56) (script /etc/xen/scripts/vif-bridge) (uuid c0ffee00-1111-2222-3333-444455556666) (backend 0))) (device (vbd (protocol x86_64-abi) (uuid beefcafe-1111-2222-3333-444455556666) (bootable 1) (dev xvda:disk) (uname phy:/dev/vg0/vm1) (mode w) (backend 0) (VDI ''))) (device (console (protocol vt100) (location 2) (uuid deadbeef-1111-2222-3333-444455556666))))''"#
        ),
        GoldenBody(
            number: 10,
            body:
                #"(domain (domid 3) (uuid 6e5a2f0c-1d2b-4c3d-8e9f-0a1b2c3d4e5f) (ssidref 0) (vcpus 1) (vcpu_avail 1) (cpu_weight 1.0) (memory 512) (maxmem 512) (name vm1) (on_poweroff destroy) (on_reboot restart) (on_crash restart) (image (linux (kernel /boot/vmlinuz-2.6.12.6-xenU) (root /dev/sda1) (args ro))) (device (vif (backend 0) (script vif-bridge) (bridge xenbr0) (mac 00:16:3e:12:34:56))) (device (vbd (backend 0) (dev sda1) (uname phy:/dev/vg0/vm1) (mode w))) (state -b----) (cpu_time 12.345678901) (vcpus 1) (online_vcpus 1) (up_time 3600.12345679) (start_time 1134000000.5) (store_mfn 262142) (console_mfn 262141))''"#
        ),
        GoldenBody(
            number: 14,
            body:
                #"(domain (domid 3) (name vm1) (vcpu_count 1) (vcpu (number 0) (online 1) (blocked 1) (running 0) (cpu_time 12.345678901) (cpu 1) (cpumap (0 1 2 3))))"#
        ),
        GoldenBody(number: 18, body: #"(xend.err 'Cannot pause privileged domain 0')"#),
        GoldenBody(
            number: 31, body: #"(xend.err "can't read guest state file /nonexistent.chk: No such file or directory")"#),
        GoldenBody(
            number: 36,
            body:
                #"((51712 ((backend-id 0) (virtual-device 51712) (device-type disk) (state 4) (backend /local/domain/0/backend/vbd/3/51712) (ring-ref 8) (event-channel 10) (protocol x86_64-abi))))"#
        ),
        GoldenBody(number: 4, body: #"(Domain-0 vm1)"#),
        GoldenBody(number: 5, body: #"(vm2)"#),
        GoldenBody(number: 6, body: #"(Domain-0 vm1 vm2)"#),
        GoldenBody(number: 7, body: #"()"#),
        GoldenBody(number: 20, body: #"(xend.err 'Invalid reason: explode')"#),
        GoldenBody(number: 21, body: #"(xend.err "'reason'")"#),
        GoldenBody(number: 22, body: #"(xend.err "invalid literal for int() with base 10: 'lots'")"#),
        GoldenBody(number: 23, body: #"(xend.err 'Too many values for target')"#),
        GoldenBody(number: 24, body: #"0"#),
        GoldenBody(number: 26, body: #"(xend.err "invalid literal for int() with base 10: 's'")"#),
        GoldenBody(number: 32, body: #"(xend.err "can't connect: Connection refused")"#),
        GoldenBody(number: 33, body: #"(vbd (dom 3 id 51728))"#),
        GoldenBody(number: 34, body: #"(xend.err 'Missing parameter: force')"#),
        GoldenBody(number: 35, body: #"True"#),
        GoldenBody(number: 37, body: #""{'cap': 0, 'weight': 256}""#),
        GoldenBody(number: 40, body: #"''"#),
        GoldenBody(number: 42, body: #"0"#),
        GoldenBody(
            number: 27,
            config:
                #"(vm (name vm3) (memory 256) (vcpus 1) (image (linux (kernel /boot/vmlinuz) (root /dev/xvda1) (args ro))) (device (vbd (uname phy:/dev/vg0/vm3) (dev xvda) (mode w))) (device (vif (mac 00:16:3e:00:00:03) (bridge xenbr0))))"#
        ),
        GoldenBody(number: 33, config: #"(vbd (uname phy:/dev/vg0/vm1b) (dev xvdb) (mode w))"#),
        GoldenBody(number: 35, config: #"(vbd (uname phy:/dev/cdrom) (dev hdc:cdrom) (mode r))"#),
        GoldenBody(number: 30, config: #"(vm (name vm5) (memory 64))"#),
    ]
}
