import ArgumentParser
import XendClientKit
import XendModel

/// `xendctl domain NAME`: one domain's full record.
struct ShowDomain: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "domain",
        abstract: "Show one domain's record (an S-expression, or JSON with --json)."
    )

    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference

    func run(with xend: XendClient) async throws {
        let record = try await xend.record(of: domain)
        if global.json {
            try JSONOutput.print(record)
        } else {
            print(record.toSExpression().description)
        }
    }
}
