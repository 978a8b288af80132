import ArgumentParser
import XendClientKit

/// `xendctl mem-set NAME SIZE`.
struct MemSet: ClientCommand {
    static let configuration = CommandConfiguration(commandName: "mem-set", abstract: "Set a domain's memory target.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Argument(help: "The size: a number of MiB, or with a unit (512M, 1G, 262144K).") var size: MemorySize

    func run(with xend: XendClient) async throws {
        try await xend.setMemory(size.memory, for: domain)
    }
}

/// `xendctl mem-max NAME SIZE`.
struct MemMax: ClientCommand {
    static let configuration = CommandConfiguration(commandName: "mem-max", abstract: "Set a domain's maximum memory.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Argument(help: "The size: a number of MiB, or with a unit (512M, 1G, 262144K).") var size: MemorySize

    func run(with xend: XendClient) async throws {
        try await xend.setMaxMemory(size.memory, for: domain)
    }
}
