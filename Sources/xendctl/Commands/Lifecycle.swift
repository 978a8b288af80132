import ArgumentParser
import XendClientKit
import XendModel

/// `xendctl start NAME`.
struct Start: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Start a defined domain.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: String

    func run(with xend: XendClient) async throws { try await xend.start(try domainReference(domain)) }
}

/// `xendctl delete NAME`.
struct Delete: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Remove a defined domain that is not running.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: String

    func run(with xend: XendClient) async throws { try await xend.delete(try domainReference(domain)) }
}

/// `xendctl pause NAME`.
struct Pause: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Pause a domain.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: String

    func run(with xend: XendClient) async throws { try await xend.pause(try domainReference(domain)) }
}

/// `xendctl unpause NAME`.
struct Unpause: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Resume a paused domain.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: String

    func run(with xend: XendClient) async throws { try await xend.unpause(try domainReference(domain)) }
}

/// `xendctl shutdown NAME`.
struct Shutdown: ClientCommand {
    /// The reasons the daemon accepts for op=shutdown.
    enum Reason: String, ExpressibleByArgument, CaseIterable {
        case poweroff, halt, reboot, suspend, crash
    }

    static let configuration = CommandConfiguration(abstract: "Ask a domain to shut down.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: String
    @Option(help: "Why the guest is asked to stop.") var reason: Reason = .poweroff

    func run(with xend: XendClient) async throws {
        try await xend.shutdown(
            try domainReference(domain), reason: XendShutdownReason(rawValue: reason.rawValue) ?? .powerOff)
    }
}

/// `xendctl reboot NAME`.
struct Reboot: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Ask a domain to reboot.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: String

    func run(with xend: XendClient) async throws { try await xend.reboot(try domainReference(domain)) }
}

/// `xendctl destroy NAME`.
struct Destroy: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Stop a domain at once.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: String

    func run(with xend: XendClient) async throws { try await xend.destroy(try domainReference(domain)) }
}

/// `xendctl rename NAME NEW`.
struct Rename: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Rename a domain.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: String
    @Argument(help: "The new name.") var newName: String

    func run(with xend: XendClient) async throws {
        guard let name = DomainName(validating: newName) else {
            throw XendctlFailure.usage("'\(newName)' is not a valid domain name")
        }
        try await xend.rename(try domainReference(domain), to: name)
    }
}

/// `xendctl sysrq NAME KEY`.
struct SysRq: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "sysrq", abstract: "Send a magic SysRq key to a domain.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: String
    @Argument(help: "The key, one character (s syncs, b reboots).") var key: String

    func run(with xend: XendClient) async throws {
        guard key.count == 1, let character = key.first else {
            throw XendctlFailure.usage("the SysRq key is one character, not '\(key)'")
        }
        try await xend.sendSysRq(character, to: try domainReference(domain))
    }
}
