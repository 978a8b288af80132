import ArgumentParser
import XendClientKit
import XendModel

/// A command that talks to the daemon: it gets a client, and its errors become messages and exit statuses.
protocol ClientCommand: AsyncParsableCommand {
    /// The global options given after the command's name.
    var options: GlobalOptions { get }
    /// The root command, holding the global options given before the command's name.
    var root: Xendctl { get }
    func run(with xend: XendClient) async throws
}

extension ClientCommand {
    /// The global options from either side of the command's name; those after it win.
    var global: GlobalOptions {
        var merged = options
        merged.connect = options.connect ?? root.global.connect
        merged.json = options.json || root.global.json
        return merged
    }

    mutating func run() async throws {
        let xend = global.makeClient()
        do {
            try await run(with: xend)
        } catch {
            try? await xend.shutdown()
            throw Self.report(error)
        }
        try await xend.shutdown()
    }

    /// Writes the error to standard error and returns the exit status to end with.
    private static func report(_ error: any Error) -> any Error {
        switch error {
        case let error as XendClientError:
            StandardError.write("xendctl: \(error.description)")
            return ExitCode(XendctlExit(error).rawValue)
        case let failure as XendctlFailure:
            StandardError.write("xendctl: \(failure.message)")
            return ExitCode(failure.exit.rawValue)
        default:
            return error
        }
    }
}
