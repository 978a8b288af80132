import ArgumentParser
import XendClientKit

/// The JSON form of a text reply.
private struct TextReply: Encodable {
    var text: String
}

/// `xendctl dmesg [--clear]`.
struct Dmesg: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Print the hypervisor's console ring.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Flag(help: "Empty the ring after printing it.") var clear = false

    func run(with xend: XendClient) async throws {
        let text = try await xend.dmesg()
        if global.json {
            try JSONOutput.print(TextReply(text: text))
        } else {
            print(text, terminator: text.hasSuffix("\n") || text.isEmpty ? "" : "\n")
        }
        if clear { try await xend.clearDmesg() }
    }
}

/// `xendctl log`.
struct Log: ClientCommand {
    static let configuration = CommandConfiguration(abstract: "Print the daemon's log.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl

    func run(with xend: XendClient) async throws {
        let text = try await xend.log()
        if global.json {
            try JSONOutput.print(TextReply(text: text))
        } else {
            print(text, terminator: text.hasSuffix("\n") || text.isEmpty ? "" : "\n")
        }
    }
}
