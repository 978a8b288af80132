import ArgumentParser
import Foundation
import XendClientKit
import XendModel

/// Reads and checks a `(vm ...)` file before anything is sent, so a bad file gets a local, precise error.
func readDomainConfig(_ path: String) throws -> VMConfig {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        throw XendctlFailure.usage("cannot read \(path): Is a directory")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
        let reason = access(path, R_OK) == 0 ? "unreadable" : String(cString: strerror(errno))
        throw XendctlFailure.usage("cannot read \(path): \(reason)")
    }
    let text = String(decoding: data, as: UTF8.self)
    do {
        return try VMConfig(parsing: text)
    } catch {
        throw XendctlFailure.usage("\(path): \(error.message)")
    }
}

/// `xendctl create FILE`: create and start a domain, as libvirt did (create paused, wait, unpause).
struct Create: ClientCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create and start a domain from a (vm ...) S-expression file.",
        discussion:
            "The domain is built paused, its devices are awaited, then it is unpaused; on failure it is destroyed."
    )

    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "A file holding one (vm ...) S-expression.") var file: String
    @Flag(name: .long, help: "Leave the domain paused.") var paused = false

    func run(with xend: XendClient) async throws {
        let config = try readDomainConfig(file)
        let created = try await xend.create(config)
        let reference = DomainReference.name(created.name)
        do {
            try await xend.waitForDevices(reference)
            if !paused { try await xend.unpause(reference) }
        } catch {
            try? await xend.destroy(reference)
            throw error
        }
        print("Created domain \(created.name) (id \(created.id.map(\.description) ?? "-"))")
    }
}

/// `xendctl new FILE`: define a managed domain.
struct New: ClientCommand {
    static let configuration = CommandConfiguration(
        abstract: "Define a domain from a (vm ...) file without starting it.")

    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "A file holding one (vm ...) S-expression.") var file: String

    func run(with xend: XendClient) async throws {
        let config = try readDomainConfig(file)
        try await xend.define(config)
        print("Defined domain \(config.name)")
    }
}
