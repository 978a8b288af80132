import ArgumentParser
import Logging
import Xenlight

/// Calls every wrapped libxl function on a real Xen host and reports each one.
@main
struct XenlightExercise: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xenlight-exercise",
        abstract: "Exercise the Xenlight bindings against the running Xen host (run in dom0 as root).",
        discussion: """
            Prints `PASS name` or `FAIL name: reason` per libxl call and a final `N passed, M failed` line.
            Exits 0 only when everything passed; exits 2 when no hypervisor is reachable.
            With --kernel it also creates a guest and drives it through its lifecycle. With --usb-guest it
            runs only the USB passthrough steps, against that running HVM guest; with --pci-guest only the
            PCI hot-plug steps, against that running HVM guest and the --pci-device xl gave it; with
            --vkb-vfb-guest only the virtual keyboard and framebuffer steps, against that running HVM guest.
            """
    )

    @Option(help: "A guest kernel; when given, a test domain is created, exercised and destroyed.")
    var kernel: String?

    @Option(help: "The guest's initial ramdisk.")
    var ramdisk: String?

    @Option(help: "The guest's kernel command line.")
    var cmdline = "console=hvc0"

    @Option(help: "The guest type.")
    var guestType = GuestType.pvh

    @Option(help: "The guest's TSC mode, in libxl's words (native: what PVH guests need under QEMU's TCG).")
    var tscMode = TSCModeChoice.default

    @Option(name: .customLong("memory-mib"), help: "The guest's memory in MiB.")
    var memoryMiB: UInt64 = 64

    @Option(help: "With --kernel: a raw disk image to hot-plug into the guest as xvdb.")
    var diskImage: String?

    @Option(help: "With --kernel: a bridge to hot-plug a network interface onto.")
    var bridge: String?

    @Option(help: "With --kernel or --pci-guest: a host PCI device (DDDD:BB:DD.F) to make assignable and pass through.")
    var pciDevice: String?

    @Option(help: "With --kernel: text the guest prints once booted; calls that need its kernel wait for it.")
    var bootMarker: String?

    @Option(help: "With --boot-marker: the guest's console log.")
    var consoleLog = "/var/log/xen/console/guest-xenlight-exercise.log"

    @Option(help: "With --boot-marker: how long to wait for it, in seconds.")
    var bootTimeout = 300

    @Option(help: "A running HVM guest (name): only the USB steps run, against it and its device model.")
    var usbGuest: String?

    @Option(help: "With --usb-guest: the host USB device to pass through, BUS.ADDR as dom0's sysfs numbers it.")
    var usbDevice: HostUSBAddress?

    @Option(help: "A running HVM guest (name) that has --pci-device: only the PCI hot-plug steps run, against it.")
    var pciGuest: String?

    @Option(help: "A running HVM guest (name): only the virtual keyboard and framebuffer steps run, against it.")
    var vkbVfbGuest: String?

    @Flag(help: "Show libxl's own log messages (warnings and above are shown anyway).")
    var verbose = false

    func run() throws {
        var logger = Logger(label: "xenlight")
        logger.logLevel = verbose ? .debug : .warning
        let context: Context
        do {
            context = try Context(logger: logger)
        } catch {
            print("xenlight-exercise: no Xen hypervisor reachable (\(error)); run this in dom0 on a Xen host.")
            throw ExitCode(2)
        }
        defer { context.close() }
        let runner = ExerciseRunner()
        if let usbGuest {
            guard let usbDevice else { throw ValidationError("--usb-guest needs --usb-device BUS.ADDR") }
            let domain = try context.domainID(named: usbGuest)
            HVMUSBSteps(context: context, runner: runner, hostBus: usbDevice.bus, hostAddress: usbDevice.address)
                .run(on: domain)
            print(runner.summary)
            if runner.failed > 0 { throw ExitCode.failure }
            return
        }
        if let pciGuest {
            guard let pciDevice, let device = DevicePCI(address: pciDevice) else {
                throw ValidationError("--pci-guest needs --pci-device DDDD:BB:DD.F")
            }
            HVMPCISteps(context: context, runner: runner, device: device).run(on: try context.domainID(named: pciGuest))
            print(runner.summary)
            if runner.failed > 0 { throw ExitCode.failure }
            return
        }
        if let vkbVfbGuest {
            KeyboardFramebufferSteps(context: context, runner: runner)
                .run(on: try context.domainID(named: vkbVfbGuest), removal: .hvmDeviceModel)
            print(runner.summary)
            if runner.failed > 0 { throw ExitCode.failure }
            return
        }
        HostSteps(context: context, runner: runner).run()
        if let kernel {
            GuestSteps(
                context: context, runner: runner, kernel: kernel, ramdisk: ramdisk, cmdline: cmdline,
                isPV: guestType == .pv, tscMode: tscMode.mode, memory: Kibibytes(UInt64(memoryMiB) * 1024),
                devices: DeviceSteps(context: context, runner: runner, diskImage: diskImage, bridge: bridge),
                pools: PoolSteps(context: context, runner: runner),
                passthrough: PassthroughSteps(context: context, runner: runner, pciAddress: pciDevice),
                bootWait: bootMarker.map { BootWait(consoleLog: consoleLog, marker: $0, timeoutSeconds: bootTimeout) }
            ).run()
        }
        print(runner.summary)
        if runner.failed > 0 { throw ExitCode.failure }
    }
}

/// A host USB device as `--usb-device` names it: `BUS.ADDR`, decimal, as in sysfs `busnum` and `devnum`.
struct HostUSBAddress: ExpressibleByArgument {
    let bus: UInt8
    let address: UInt8

    init?(argument: String) {
        let parts = argument.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let bus = UInt8(parts[0]), let address = UInt8(parts[1]) else { return nil }
        (self.bus, self.address) = (bus, address)
    }
}

/// The kinds of test guest `--kernel` can boot.
enum GuestType: String, ExpressibleByArgument, CaseIterable {
    case pv, pvh
}

/// libxl's TSC modes, by their libxl names.
enum TSCModeChoice: String, ExpressibleByArgument, CaseIterable {
    case `default`
    case alwaysEmulate = "always_emulate"
    case native
    case nativeParavirt = "native_paravirt"

    var mode: TscMode {
        switch self {
        case .default: .default
        case .alwaysEmulate: .alwaysEmulate
        case .native: .native
        case .nativeParavirt: .nativeParavirt
        }
    }
}
