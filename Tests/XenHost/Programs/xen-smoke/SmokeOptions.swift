/// Command-line options of `xen-smoke`; the defaults match the dom0 that `Tests/XenHost/run.sh` boots.
struct SmokeOptions {
    var kernelPath = "/guest/vmlinuz"
    var ramdiskPath = "/guest/initrd.gz"
    var guestName = "xen-smoke-guest"
    var memoryMiB: UInt64 = 128
    var consoleDirectory = "/var/log/xen/console"
    var bootMarker = "XEN_HOST_GUEST_READY"
    var bootTimeoutSeconds = 300
    var isVerbose = false
    var showsHelp = false

    static let usage = """
        usage: xen-smoke [options]
          Runs libxl against the real Xen host: physinfo, version, domain list, then creates a PV
          guest, pauses, unpauses and destroys it. Prints PASS/FAIL per step; exits 1 on any failure.
        options:
          --kernel PATH        guest kernel (default /guest/vmlinuz)
          --ramdisk PATH       guest initramfs (default /guest/initrd.gz)
          --name NAME          guest name (default xen-smoke-guest)
          --memory MIB         guest memory in MiB (default 128)
          --console-dir DIR    where xenconsoled --log=guest writes guest-NAME.log (default /var/log/xen/console)
          --marker TEXT        line the guest prints once booted (default XEN_HOST_GUEST_READY)
          --boot-timeout SECS  how long to wait for the marker (default 300)
          --verbose            show libxl's debug log
          --help               this text
        """

    /// Parses the arguments after the program name.
    /// - Throws: `SmokeFailure` naming the bad option or value.
    static func parse(_ arguments: [String]) throws(SmokeFailure) -> SmokeOptions {
        var options = SmokeOptions()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            func value() throws(SmokeFailure) -> String {
                guard let next = rest.popFirst() else { throw SmokeFailure("\(argument) needs a value") }
                return next
            }
            switch argument {
            case "--kernel": options.kernelPath = try value()
            case "--ramdisk": options.ramdiskPath = try value()
            case "--name": options.guestName = try value()
            case "--memory": options.memoryMiB = try positive(try value(), for: argument)
            case "--console-dir": options.consoleDirectory = try value()
            case "--marker": options.bootMarker = try value()
            case "--boot-timeout": options.bootTimeoutSeconds = Int(try positive(try value(), for: argument))
            case "--verbose": options.isVerbose = true
            case "--help", "-h": options.showsHelp = true
            default: throw SmokeFailure("unknown argument '\(argument)'")
            }
        }
        return options
    }

    private static func positive(_ text: String, for option: String) throws(SmokeFailure) -> UInt64 {
        guard let number = UInt64(text), number > 0, number < 1 << 20 else {
            throw SmokeFailure("\(option) needs a positive whole number, not '\(text)'")
        }
        return number
    }

    /// The guest as libxl should build it.
    var guestSpec: PVGuestSpec {
        PVGuestSpec(
            name: guestName,
            kernelPath: kernelPath,
            ramdiskPath: ramdiskPath,
            commandLine: "console=hvc0 quiet loglevel=3",
            memoryMiB: memoryMiB
        )
    }
}
