import ArgumentParser
import XendClientKit
import XendModel

/// `xendctl block-attach NAME BACKING DEV [MODE]`.
struct BlockAttach: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "block-attach",
        abstract: "Attach a disk to a domain; prints the new device id."
    )
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Argument(help: "The backing store: phy:/dev/..., file:/path or tap:aio:/path.") var backingStore: String
    @Argument(help: "The guest's device name (xvdb).") var device: String
    @Argument(help: "The access mode.") var mode: VirtualBlockDevice.Mode = .readWrite

    func run(with xend: XendClient) async throws {
        let disk = VirtualBlockDevice(backingStore: backingStore, device: device, mode: mode)
        let reference = try await xend.attach(disk, to: domain)
        print(reference.deviceID)
    }
}

/// `xendctl block-detach NAME DEV`.
struct BlockDetach: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "block-detach", abstract: "Detach a disk from a domain.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Argument(help: "The device id or the guest's device name (xvdb).") var device: String

    func run(with xend: XendClient) async throws {
        try await xend.detachBlockDevice(device, from: domain)
    }
}

/// `xendctl network-attach NAME [--mac ...] [--bridge ...]`.
struct NetworkAttach: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "network-attach",
        abstract: "Attach a network interface to a domain; prints the new device id."
    )
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Option(help: "The MAC address (00:16:3e:xx:xx:xx); the daemon picks one when absent.") var mac: MACAddress?
    @Option(help: "The bridge to join.") var bridge: String?
    @Option(help: "The hotplug script.") var script: String?
    @Option(help: "The guest's IP address, for the anti-spoofing rules.") var ip: String?
    @Option(help: "The emulated NIC model for HVM guests.") var model: String?

    func run(with xend: XendClient) async throws {
        let interface = VirtualNetworkInterface(
            mac: mac, bridge: bridge, script: script, ip: ip, model: model
        )
        let reference = try await xend.attach(interface, to: domain)
        print(reference.deviceID)
    }
}

/// `xendctl network-detach NAME DEV`.
struct NetworkDetach: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "network-detach",
        abstract: "Detach a network interface from a domain."
    )
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Argument(help: "The interface's device id.") var device: String

    func run(with xend: XendClient) async throws {
        try await xend.detachNetworkInterface(device, from: domain)
    }
}
