import ArgumentParser
import XendClientKit

/// `xendctl save NAME FILE`.
struct Save: ClientCommand {
    static let configuration = CommandConfiguration(
        abstract: "Save a domain to a file on the daemon's host, then destroy it."
    )
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Argument(help: "The save file's path on the daemon's host.") var file: String

    func run(with xend: XendClient) async throws {
        let reference = domain
        try await Progress.run("Saving \(domain)") { try await xend.save(reference, to: file) }
    }
}

/// `xendctl restore FILE`.
struct Restore: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Restore a domain from a save file on the daemon's host.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The save file's path on the daemon's host.") var file: String

    func run(with xend: XendClient) async throws {
        let restored = try await Progress.run("Restoring \(file)") { try await xend.restore(from: file) }
        print("Restored domain \(restored.name) (id \(restored.id.map(\.description) ?? "-"))")
    }
}
