import ArgumentParser
import XendClientKit
import XendModel

/// `xendctl pci-attach NAME BDF`.
struct PCIAttach: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "pci-attach",
        abstract: "Pass a host PCI function through to a domain.",
        discussion: "The function must be bound to pciback on the host first (xl pci-assignable-add)."
    )
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Argument(help: "The host function: DDDD:BB:SS.F or BB:SS.F (0000:00:10.0).") var function: PCIAddress

    func run(with xend: XendClient) async throws {
        try await xend.attachPCI(function, to: domain)
    }
}

/// `xendctl pci-detach NAME BDF`.
struct PCIDetach: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "pci-detach", abstract: "Take a passed-through PCI function back from a domain.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Argument(help: "The host function: DDDD:BB:SS.F or BB:SS.F.") var function: PCIAddress

    func run(with xend: XendClient) async throws {
        try await xend.detachPCI(function, from: domain)
    }
}

/// `xendctl usb-add NAME host:BUS.ADDR`.
struct USBAdd: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "usb-add", abstract: "Give a host USB device to an HVM domain.",
        discussion: "The domain must have been created with (usb 1) in its (image (hvm ...)).")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Argument(help: "The device: host:BUS.ADDR (decimal) or host:VENDOR:PRODUCT (hexadecimal).")
    var device: USBHostDevice

    func run(with xend: XendClient) async throws {
        try await xend.addUSBDevice(device, to: domain)
    }
}

/// `xendctl usb-del NAME host:BUS.ADDR`.
struct USBDelete: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "usb-del", abstract: "Take a host USB device back from a domain.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Argument(help: "The device: host:BUS.ADDR or host:VENDOR:PRODUCT.") var device: USBHostDevice

    func run(with xend: XendClient) async throws {
        try await xend.removeUSBDevice(device, from: domain)
    }
}

/// `xendctl sched-credit2 NAME [--weight N]`: prints the weight, after setting it when asked.
struct SchedCredit2: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "sched-credit2",
        abstract: "Show or set a domain's credit2 scheduler weight."
    )
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Option(help: "The new weight, 1 to 65535 (256 is the default share).") var weight: Int?

    func run(with xend: XendClient) async throws {
        if let weight { try await xend.setCredit2Scheduler(weight: weight, for: domain) }
        print(try await xend.credit2SchedulerParameters(domain).weight)
    }
}
