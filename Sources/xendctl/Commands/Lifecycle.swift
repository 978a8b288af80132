import ArgumentParser
import XendClientKit
import XendModel

/// `xendctl start NAME`.
struct Start: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Start a defined domain.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference

    func run(with xend: XendClient) async throws { try await xend.start(domain) }
}

/// `xendctl delete NAME`.
struct Delete: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Remove a defined domain that is not running.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference

    func run(with xend: XendClient) async throws { try await xend.delete(domain) }
}

/// `xendctl pause NAME`.
struct Pause: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Pause a domain.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference

    func run(with xend: XendClient) async throws { try await xend.pause(domain) }
}

/// `xendctl unpause NAME`.
struct Unpause: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Resume a paused domain.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference

    func run(with xend: XendClient) async throws { try await xend.unpause(domain) }
}

/// `xendctl shutdown NAME`.
struct Shutdown: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Ask a domain to shut down.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Option(help: "Why the guest is asked to stop.") var reason: XendShutdownReason = .powerOff

    func run(with xend: XendClient) async throws { try await xend.shutdown(domain, reason: reason) }
}

/// `xendctl reboot NAME`.
struct Reboot: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Ask a domain to reboot.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference

    func run(with xend: XendClient) async throws { try await xend.reboot(domain) }
}

/// `xendctl destroy NAME`.
struct Destroy: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Stop a domain at once.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference

    func run(with xend: XendClient) async throws { try await xend.destroy(domain) }
}

/// `xendctl rename NAME NEW`.
struct Rename: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Rename a domain.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Argument(help: "The new name: letters, digits and _ . : + -.") var newName: DomainName

    func run(with xend: XendClient) async throws { try await xend.rename(domain, to: newName) }
}

/// `xendctl sysrq NAME KEY`.
struct SysRq: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "sysrq", abstract: "Send a magic SysRq key to a domain.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Argument(help: "The key, one character (s syncs, b reboots).") var key: SysrqCharacter

    func run(with xend: XendClient) async throws { try await xend.sendSysrq(key.character, to: domain) }
}
